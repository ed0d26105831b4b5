//
// Copyright (c) LiveKit for nanoFramework contributors. Licensed under the Apache License 2.0.
//

using LiveKit.Rtc;
using LiveKit.Signal;

namespace LiveKit
{
    /// <summary>How a <see cref="Room"/> connects and reconnects. Read when the room is created.</summary>
    public sealed class RoomOptions
    {
        /// <summary>The signaling network (null: the platform's WebSocket and HTTP).</summary>
        public ISignalTransport Transport { get; set; }

        /// <summary>
        /// Creates the peer connection (the native transport). Null runs the room on signaling
        /// alone: it is connected when the server accepted the join, and has no media or data.
        /// </summary>
        public IPeerConnectionFactory PeerConnectionFactory { get; set; }

        /// <summary>Gather only loopback candidates (tests).</summary>
        public bool LoopbackOnly { get; set; }

        /// <summary>Subscribe to remote tracks automatically (ConnectionSettings.auto_subscribe).</summary>
        public bool AutoSubscribe { get; set; } = true;

        /// <summary>Bound on opening the WebSocket, on validate, and on waiting for the join or resume answer, each (ms).</summary>
        public int JoinTimeoutMs { get; set; } = 10000;

        /// <summary>Bound on the peer connection reaching connected after the join (ms).</summary>
        public int PeerConnectionTimeoutMs { get; set; } = 15000;

        /// <summary>Bound on <see cref="Room.Connect"/> as a whole (ms).</summary>
        public int ConnectTimeoutMs { get; set; } = 45000;

        /// <summary>Reconnection attempts (resume or rejoin) before giving up; 0: never reconnect.</summary>
        public int MaxReconnectAttempts { get; set; } = 10;

        /// <summary>The first backoff step (ms); doubles up to <see cref="ReconnectMaxDelayMs"/>, with jitter.</summary>
        public int ReconnectBaseDelayMs { get; set; } = 300;

        /// <summary>The largest backoff step (ms).</summary>
        public int ReconnectMaxDelayMs { get; set; } = 7000;

        /// <summary>How long Dispose and Disconnect wait for the worker (ms); a longer wait is reported.</summary>
        public int TeardownTimeoutMs { get; set; } = 5000;

        /// <summary>Entries of the engine queue.</summary>
        public int QueueCapacity { get; set; } = 64;

        /// <summary>Entries of the queue that only commands may use.</summary>
        public int QueueCommandReserve { get; set; } = 16;

        /// <summary>Reliable packets kept for resending after a resume.</summary>
        public int ResendBufferPackets { get; set; } = 64;

        /// <summary>Bytes of reliable packets kept for resending after a resume.</summary>
        public int ResendBufferBytes { get; set; } = 65536;
    }
}
