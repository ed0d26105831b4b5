//
// Copyright (c) LiveKit for nanoFramework contributors. Licensed under the Apache License 2.0.
//

using System.Runtime.InteropServices;
using System.Threading;
using LiveKit.Signal;

namespace LiveKit
{
    /// <summary>
    /// The host twin's platform services (the device has its own file with the same class in
    /// firmware/LiveKit/Device): the default signaling transport, thread names and what
    /// ClientInfo says about the platform.
    /// </summary>
    internal static class PlatformServices
    {
        /// <summary>The transport a room uses unless its options name one.</summary>
        public static ISignalTransport CreateDefaultTransport()
        {
            return new HostSignalTransport();
        }

        /// <summary>Names a thread (the device has no thread names).</summary>
        public static void NameThread(Thread thread, string name)
        {
            thread.Name = name;
            thread.IsBackground = true;
        }

        /// <summary>ClientInfo.os_version.</summary>
        public static string OsVersion
        {
            get { return RuntimeInformation.OSDescription; }
        }

        /// <summary>ClientInfo.device_model.</summary>
        public static string DeviceModel
        {
            get { return "host " + RuntimeInformation.ProcessArchitecture.ToString(); }
        }
    }
}
