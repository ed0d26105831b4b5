//
// Copyright (c) LiveKit for nanoFramework contributors. Licensed under the Apache License 2.0.
//

using System;

namespace LiveKit
{
    /// <summary>Arguments of <see cref="Room.ConnectionStateChanged"/>.</summary>
    public sealed class ConnectionStateChangedEventArgs : EventArgs
    {
        internal ConnectionStateChangedEventArgs(ConnectionState state, ConnectionError error)
        {
            State = state;
            Error = error;
        }

        /// <summary>The new state.</summary>
        public ConnectionState State { get; private set; }

        /// <summary>Why, when the new state is Disconnected after a failure.</summary>
        public ConnectionError Error { get; private set; }
    }
}
