//
// Copyright (c) LiveKit for nanoFramework contributors. Licensed under the Apache License 2.0.
//

namespace LiveKit
{
    /// <summary>Why a connection attempt failed or the room ended, from the client's side.</summary>
    public enum ConnectionError
    {
        /// <summary>No error.</summary>
        None = 0,

        /// <summary>The server could not be reached (DNS, TCP, TLS or the WebSocket upgrade failed and validate did not answer).</summary>
        Unreachable = 1,

        /// <summary>The token was rejected as invalid (signature, expiry, format); the message has the server's reason.</summary>
        BadToken = 2,

        /// <summary>The token is valid but does not allow this (HTTP 401/403); the message has the server's reason.</summary>
        Unauthorized = 3,

        /// <summary>The server answered 404 on both /rtc/v1 and /rtc, or the room does not exist.</summary>
        NotFound = 4,

        /// <summary>Another HTTP error (4xx/5xx) from the server; the message has its status and body.</summary>
        ServerError = 5,

        /// <summary>The server did not answer the join (or resume) in time.</summary>
        Timeout = 6,

        /// <summary>The server sent something this client cannot decode or did not expect.</summary>
        ProtocolError = 7,

        /// <summary>The peer connection could not be created or did not connect.</summary>
        PeerConnectionFailed = 8,

        /// <summary>Reconnection gave up after the configured number of attempts.</summary>
        MaxRetriesReached = 9,

        /// <summary>The server ended the session (leave with action DISCONNECT); see the disconnect reason.</summary>
        ServerLeave = 10,

        /// <summary>The application disconnected or disposed the room while it was connecting.</summary>
        Cancelled = 11
    }
}
