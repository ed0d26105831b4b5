//
// Copyright (c) LiveKit for nanoFramework contributors. Licensed under the Apache License 2.0.
//

namespace LiveKit.Signal
{
    /// <summary>
    /// Receives what a <see cref="IWebSocket"/> gets. Both methods run on the socket's receive
    /// thread: they must return quickly and must not call <see cref="IWebSocket.Close"/>.
    /// </summary>
    public interface IWebSocketListener
    {
        /// <summary>
        /// One complete binary message (fragments already reassembled). The array belongs to
        /// the listener from now on; the socket never touches it again.
        /// </summary>
        void OnMessage(IWebSocket socket, byte[] message, int length);

        /// <summary>
        /// The connection ended (closed by the peer, a network error, or after
        /// <see cref="IWebSocket.Close"/>). Raised at most once per connection.
        /// </summary>
        void OnClosed(IWebSocket socket, int closeStatus, string reason);
    }
}
