//
// Copyright (c) LiveKit for nanoFramework contributors. Licensed under the Apache License 2.0.
//

namespace LiveKit.Rtc.Device
{
    /// <summary>Creates <see cref="DevicePeerConnection"/>s (the certificate is cached natively).</summary>
    public sealed class DevicePeerConnectionFactory : IPeerConnectionFactory
    {
        /// <inheritdoc/>
        public IPeerConnection Create(PeerConnectionConfig config, out int result)
        {
            return DevicePeerConnection.Create(config, out result);
        }
    }
}
