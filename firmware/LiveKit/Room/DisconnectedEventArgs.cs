//
// Copyright (c) LiveKit for nanoFramework contributors. Licensed under the Apache License 2.0.
//

using System;
using LiveKit.Protocol;

namespace LiveKit
{
    /// <summary>Arguments of <see cref="Room.Disconnected"/>.</summary>
    public sealed class DisconnectedEventArgs : EventArgs
    {
        internal DisconnectedEventArgs(DisconnectReason reason, ConnectionError error, string message)
        {
            Reason = reason;
            Error = error;
            Message = message;
        }

        /// <summary>LiveKit's disconnect reason (CLIENT_INITIATED, SERVER_SHUTDOWN, JOIN_FAILURE, ...).</summary>
        public DisconnectReason Reason { get; private set; }

        /// <summary>The client-side error, None for a normal disconnect.</summary>
        public ConnectionError Error { get; private set; }

        /// <summary>Details (the server's reason, the last failure).</summary>
        public string Message { get; private set; }
    }
}
