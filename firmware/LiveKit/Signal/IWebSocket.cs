//
// Copyright (c) LiveKit for nanoFramework contributors. Licensed under the Apache License 2.0.
//

namespace LiveKit.Signal
{
    /// <summary>
    /// The small WebSocket surface the signal client needs, after m2mqtt's IMqttNetworkChannel:
    /// one implementation on the device (nanoFramework's ClientWebSocket) and one on the host
    /// (.NET's ClientWebSocket); tests use a scripted double. One instance is one connection.
    /// </summary>
    /// <remarks>
    /// The socket owns its receive thread: it starts it in <see cref="Connect"/> and stops and
    /// joins it in <see cref="Close"/>. <see cref="Abort"/> may be called from any thread at any
    /// time, including while <see cref="Connect"/> blocks, and makes it return false promptly.
    /// </remarks>
    public interface IWebSocket
    {
        /// <summary>
        /// Opens the connection (blocking, bounded by <paramref name="timeoutMs"/>) with extra
        /// request headers (parallel arrays, may be null). Returns true when open; false when
        /// the server could not be reached, refused the upgrade, timed out or was aborted —
        /// platforms do not all say why, so the caller asks the validate endpoint.
        /// </summary>
        bool Connect(string url, string[] headerNames, string[] headerValues, int timeoutMs, IWebSocketListener listener);

        /// <summary>Sends one binary message; false when the socket is not open.</summary>
        bool Send(byte[] data, int offset, int length);

        /// <summary>
        /// Closes with status 1000 (normal closure) if open, stops the receive thread and waits
        /// for it (bounded); idempotent; never from the listener's callbacks.
        /// </summary>
        void Close();

        /// <summary>Drops the connection without a close handshake; any thread; idempotent.</summary>
        void Abort();
    }
}
