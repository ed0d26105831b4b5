//
// Copyright (c) LiveKit for nanoFramework contributors. Licensed under the Apache License 2.0.
//

using System.Security.Cryptography.X509Certificates;
using LiveKit.Signal;

namespace LiveKit
{
    /// <summary>The device's signaling transport: nanoFramework's ClientWebSocket and HttpClient.</summary>
    /// <remarks>
    /// wss:// is always verified (SslVerification.CertificateRequired) unless the transport was
    /// made with <see cref="WithoutCertificateVerification"/>: against the root CA given here,
    /// or, when none is given, against the CA root certificates stored in the device's
    /// configuration (uploaded with the nanoFramework tools). The validate request (https://,
    /// it carries the token) is made only with a CA given here, because nanoFramework's
    /// HttpClient verifies only against an explicit certificate; without one the engine does
    /// without validate's details (the join error is still reported).
    /// </remarks>
    public sealed class DeviceSignalTransport : ISignalTransport
    {
        private readonly X509Certificate _caCertificate;
        private readonly bool _verify;

        /// <summary>A transport that verifies servers against the CA roots stored in the device.</summary>
        public DeviceSignalTransport()
            : this(null, true)
        {
        }

        /// <summary>
        /// A transport that verifies wss:// and https:// servers against <paramref name="caCertificate"/>
        /// (null: the CA roots stored in the device).
        /// </summary>
        public DeviceSignalTransport(X509Certificate caCertificate)
            : this(caCertificate, true)
        {
        }

        private DeviceSignalTransport(X509Certificate caCertificate, bool verify)
        {
            _caCertificate = caCertificate;
            _verify = verify;
        }

        /// <summary>
        /// A transport that does NOT verify server certificates: for a local test server only.
        /// Anyone on the path can then read the token and the session.
        /// </summary>
        public static DeviceSignalTransport WithoutCertificateVerification()
        {
            return new DeviceSignalTransport(null, false);
        }

        /// <summary>The root CA servers are verified against, or null (the device's store).</summary>
        public X509Certificate CACertificate
        {
            get { return _caCertificate; }
        }

        /// <summary>False only for <see cref="WithoutCertificateVerification"/>.</summary>
        public bool VerifiesCertificates
        {
            get { return _verify; }
        }

        /// <inheritdoc/>
        public IWebSocket CreateWebSocket()
        {
            return new DeviceWebSocket(_caCertificate, _verify);
        }

        /// <inheritdoc/>
        public IHttpRequest CreateHttpRequest()
        {
            return new DeviceHttpRequest(_caCertificate, _verify);
        }
    }
}
