//
// Copyright (c) LiveKit for nanoFramework contributors. Licensed under the Apache License 2.0.
//

using System.Security.Cryptography.X509Certificates;
using LiveKit.Signal;

namespace LiveKit
{
    /// <summary>The device's signaling transport: nanoFramework's ClientWebSocket and HttpClient.</summary>
    /// <remarks>
    /// Without a CA certificate, wss:// and https:// connections are made the way nanoFramework's
    /// ClientWebSocket makes them by default: the server certificate is NOT verified. Pass the root
    /// CA of the server (PEM) to verify it (SslVerification.CertificateRequired).
    /// </remarks>
    public sealed class DeviceSignalTransport : ISignalTransport
    {
        private readonly X509Certificate _caCertificate;

        /// <summary>A transport that does not verify server certificates.</summary>
        public DeviceSignalTransport()
        {
        }

        /// <summary>A transport that verifies wss:// and https:// servers against <paramref name="caCertificate"/> (null: no verification).</summary>
        public DeviceSignalTransport(X509Certificate caCertificate)
        {
            _caCertificate = caCertificate;
        }

        /// <summary>The root CA servers are verified against, or null.</summary>
        public X509Certificate CACertificate
        {
            get { return _caCertificate; }
        }

        /// <inheritdoc/>
        public IWebSocket CreateWebSocket()
        {
            return new DeviceWebSocket(_caCertificate);
        }

        /// <inheritdoc/>
        public IHttpRequest CreateHttpRequest()
        {
            return new DeviceHttpRequest(_caCertificate);
        }
    }
}
