//
// Copyright (c) LiveKit for nanoFramework contributors. Licensed under the Apache License 2.0.
//

using System;

namespace LiveKit
{
    /// <summary>Thrown by <see cref="Room.Connect"/> when the room could not be joined.</summary>
    public class ConnectException : Exception
    {
        /// <summary>Creates the exception.</summary>
        public ConnectException(ConnectionError error, string message)
            : base(message)
        {
            Error = error;
        }

        /// <summary>Why.</summary>
        public ConnectionError Error { get; private set; }
    }
}
