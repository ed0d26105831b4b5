//
// Copyright (c) LiveKit for nanoFramework contributors. Licensed under the Apache License 2.0.
//

using System.Threading;
using LiveKit.Signal;

namespace LiveKit
{
    /// <summary>
    /// The device's platform services (the host twin has its own file with the same class in
    /// firmware/LiveKit.Host): the default signaling transport over nanoFramework's
    /// ClientWebSocket and HttpClient, and what ClientInfo says about the platform.
    /// </summary>
    internal static class PlatformServices
    {
        /// <summary>The transport a room uses unless its options name one.</summary>
        public static ISignalTransport CreateDefaultTransport()
        {
            return new DeviceSignalTransport();
        }

        /// <summary>nanoFramework threads have no names: the registry keeps the name.</summary>
        public static void NameThread(Thread thread, string name)
        {
        }

        /// <summary>ClientInfo.os_version.</summary>
        public static string OsVersion
        {
            get { return "1.17"; }
        }

        /// <summary>ClientInfo.device_model.</summary>
        public static string DeviceModel
        {
            get { return "ESP32-S3"; }
        }
    }
}
