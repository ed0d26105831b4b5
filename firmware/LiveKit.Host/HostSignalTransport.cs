//
// Copyright (c) LiveKit for nanoFramework contributors. Licensed under the Apache License 2.0.
//

using LiveKit.Signal;

namespace LiveKit
{
    /// <summary>The host twin's signaling transport: .NET's ClientWebSocket and HttpClient.</summary>
    public sealed class HostSignalTransport : ISignalTransport
    {
        /// <inheritdoc/>
        public IWebSocket CreateWebSocket()
        {
            return new HostWebSocket();
        }

        /// <inheritdoc/>
        public IHttpRequest CreateHttpRequest()
        {
            return new HostHttpRequest();
        }
    }
}
