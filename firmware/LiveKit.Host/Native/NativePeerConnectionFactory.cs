//
// Copyright (c) LiveKit for nanoFramework contributors. Licensed under the Apache License 2.0.
//

using System;

namespace LiveKit.Rtc.Native
{
    /// <summary>
    /// Creates <see cref="NativePeerConnection"/>s. The DTLS certificate is made once per
    /// factory and shared by its peer connections (ECDSA key generation is the slow part on a
    /// device); it is freed by <see cref="Dispose"/> after the last peer connection is destroyed.
    /// </summary>
    public sealed class NativePeerConnectionFactory : IPeerConnectionFactory, IDisposable
    {
        private readonly object _lock = new object();
        private IntPtr _certificate;

        /// <inheritdoc/>
        public IPeerConnection Create(PeerConnectionConfig config, out int result)
        {
            IntPtr cert;
            lock (_lock)
            {
                if (_certificate == IntPtr.Zero)
                {
                    LkRtcNative.EnsureResolver();
                    result = LkRtcNative.lk_rtc_certificate_create(out _certificate);
                    if (result < 0)
                    {
                        _certificate = IntPtr.Zero;
                        return null;
                    }
                }

                cert = _certificate;
            }

            return NativePeerConnection.Create(config, cert, out result);
        }

        /// <summary>Frees the shared certificate; destroy every peer connection first.</summary>
        public void Dispose()
        {
            lock (_lock)
            {
                if (_certificate != IntPtr.Zero)
                {
                    LkRtcNative.lk_rtc_certificate_destroy(_certificate);
                    _certificate = IntPtr.Zero;
                }
            }
        }
    }
}
