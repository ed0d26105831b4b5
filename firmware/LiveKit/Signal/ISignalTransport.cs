//
// Copyright (c) LiveKit for nanoFramework contributors. Licensed under the Apache License 2.0.
//

namespace LiveKit.Signal
{
    /// <summary>
    /// The platform's network for signaling: WebSockets, and HTTP GETs for the validate
    /// endpoint. The device and the host each implement it; tests pass doubles. One instance
    /// per room.
    /// </summary>
    public interface ISignalTransport
    {
        /// <summary>A new, unconnected WebSocket.</summary>
        IWebSocket CreateWebSocket();

        /// <summary>A new HTTP request (one GET).</summary>
        IHttpRequest CreateHttpRequest();
    }
}
