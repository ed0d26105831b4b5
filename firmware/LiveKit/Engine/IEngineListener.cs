//
// Copyright (c) LiveKit for nanoFramework contributors. Licensed under the Apache License 2.0.
//

using LiveKit.Protocol;

namespace LiveKit.Engine
{
    /// <summary>
    /// What the engine tells the room. Every method runs on the engine's worker thread, with no
    /// lock of the engine held; the room raises its public events from here.
    /// </summary>
    internal interface IEngineListener
    {
        /// <summary>The connection state changed; <paramref name="error"/> says why when it became Disconnected.</summary>
        void OnConnectionStateChanged(ConnectionState state, ConnectionError error);

        /// <summary>The connection was lost while connected; reconnection starts.</summary>
        void OnReconnecting();

        /// <summary>Reconnected (resumed or rejoined).</summary>
        void OnReconnected();

        /// <summary>The room ended: by the application, the server, or a failure.</summary>
        void OnDisconnected(DisconnectReason reason, ConnectionError error, string message);

        /// <summary>A JoinResponse arrived (first join, or a full rejoin when <paramref name="rejoin"/>).</summary>
        void OnJoined(JoinResponse join, bool rejoin);

        /// <summary>A room-level message: update, room_update, speakers_changed, track_published, track_unpublished, request_response.</summary>
        void OnSignalResponse(SignalResponse response);

        /// <summary>A DataPacket arrived on a data channel.</summary>
        void OnDataPacket(DataPacket packet, bool reliable);
    }
}
