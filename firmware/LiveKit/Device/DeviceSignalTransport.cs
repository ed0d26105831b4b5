//
// Copyright (c) LiveKit for nanoFramework contributors. Licensed under the Apache License 2.0.
//

using LiveKit.Signal;

namespace LiveKit
{
    /// <summary>The device's signaling transport: nanoFramework's ClientWebSocket and HttpClient.</summary>
    public sealed class DeviceSignalTransport : ISignalTransport
    {
        /// <inheritdoc/>
        public IWebSocket CreateWebSocket()
        {
            return new DeviceWebSocket();
        }

        /// <inheritdoc/>
        public IHttpRequest CreateHttpRequest()
        {
            return new DeviceHttpRequest();
        }
    }
}
