// Copyright (c) LiveKit for nanoFramework contributors. Licensed under the Apache License 2.0.
// nfgate-probe packages=nanoFramework.CoreLibrary,nanoFramework.Runtime.Events
// expect clean
//
// An InternalCall binding the interop stubs can marshal (primitives, string, primitive arrays, return values
// instead of out parameters) plus the native event dispatcher: must pass.
using System;
using System.Reflection;
using System.Runtime.CompilerServices;
using nanoFramework.Runtime.Events;

[assembly: AssemblyNativeVersion("1.0.0.0")]

namespace Probe
{
    internal static class RtcNative
    {
        [MethodImpl(MethodImplOptions.InternalCall)]
        internal static extern int Create(string configJson);

        [MethodImpl(MethodImplOptions.InternalCall)]
        internal static extern int Poll(int handle, byte[] buffer, int offset, int count);

        [MethodImpl(MethodImplOptions.InternalCall)]
        internal static extern string LocalDescription(int handle);

        [MethodImpl(MethodImplOptions.InternalCall)]
        internal static extern void Destroy(int handle);

        [MethodImpl(MethodImplOptions.InternalCall)]
        internal static extern bool SendData(int handle, int channel, byte[] data, int offset, int count, long deadline, double gain);
    }

    internal sealed class RtcEvents : IDisposable
    {
        private readonly NativeEventDispatcher _dispatcher = new NativeEventDispatcher("LiveKitRtc", 0);

        public RtcEvents()
        {
            _dispatcher.OnInterrupt += (data1, data2, time) => { };
        }

        public void Dispose()
        {
            _dispatcher.Dispose();
        }
    }
}
