//
// Copyright (c) LiveKit for nanoFramework contributors. Licensed under the Apache License 2.0.
//

namespace LiveKit.Rtc
{
    /// <summary>lk_rtc_config_t: what a peer connection is created with.</summary>
    public sealed class PeerConnectionConfig
    {
        /// <summary>STUN servers as "stun:host[:port]" with an IP literal host; null or empty: host candidates only.</summary>
        public string[] IceServers;

        /// <summary>Local addresses to bind (IP literals); null: the platform default.</summary>
        public string[] BindAddresses;

        /// <summary>Never gather anything but 127.0.0.0/8 and ::1 (tests).</summary>
        public bool LoopbackOnly;

        /// <summary>a=max-message-size to announce; 0: 65536.</summary>
        public int MaxMessageSize;

        /// <summary>Events held before backpressure; 0: 64.</summary>
        public int EventQueueCapacity;

        /// <summary>Called on the peer connection's thread when events are pending (may be null: then poll).</summary>
        public PeerConnectionNotify Notify;
    }
}
