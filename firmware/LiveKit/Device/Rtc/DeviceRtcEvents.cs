//
// Copyright (c) LiveKit for nanoFramework contributors. Licensed under the Apache License 2.0.
//

using System;
using System.Collections;
using nanoFramework.Runtime.Events;

namespace LiveKit.Rtc.Device
{
    /// <summary>
    /// Receives the native "events pending" signal: the native notify callback posts a
    /// "LiveKitRtc" native event with data1 = the peer connection's handle (the native queue
    /// keeps 128 such records and drops the oldest, which is harmless: a signal is a hint and
    /// the managed side drains the whole event queue each time). One dispatcher per process.
    /// </summary>
    internal static class DeviceRtcEvents
    {
        private const string DriverName = "LiveKitRtc";

        private static readonly Hashtable s_connections = new Hashtable();
        private static readonly object s_lock = new object();
        private static NativeEventDispatcher s_dispatcher;

        public static void Register(int handle, DevicePeerConnection pc)
        {
            lock (s_lock)
            {
                if (s_dispatcher == null)
                {
                    s_dispatcher = new NativeEventDispatcher(DriverName, 0);
                    s_dispatcher.OnInterrupt += OnInterrupt;
                }

                s_connections[handle] = pc;
            }
        }

        public static void Unregister(int handle)
        {
            lock (s_lock)
            {
                s_connections.Remove(handle);
            }
        }

        private static void OnInterrupt(uint data1, uint data2, DateTime time)
        {
            DevicePeerConnection pc;
            lock (s_lock)
            {
                pc = (DevicePeerConnection)s_connections[(int)data1];
            }

            if (pc != null)
            {
                pc.OnNativeEvent();
            }
        }
    }
}
