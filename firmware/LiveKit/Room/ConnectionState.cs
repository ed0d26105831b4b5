//
// Copyright (c) LiveKit for nanoFramework contributors. Licensed under the Apache License 2.0.
//

namespace LiveKit
{
    /// <summary>The state of a room's connection (LiveKit's ConnectionState).</summary>
    public enum ConnectionState
    {
        /// <summary>Not connected: before Connect, after Disconnect, or after a failure (see <see cref="Room.LastError"/>).</summary>
        Disconnected = 0,

        /// <summary>Connect was called; joining the room and connecting the transport.</summary>
        Connecting = 1,

        /// <summary>Joined, with the transport up.</summary>
        Connected = 2,

        /// <summary>The connection was lost; resuming or rejoining with backoff.</summary>
        Reconnecting = 3
    }
}
