//
// Copyright (c) LiveKit for nanoFramework contributors. Licensed under the Apache License 2.0.
//

using LiveKit.Protocol;
using LiveKit.Rtc;

namespace LiveKit.Engine
{
    /// <summary>One peer connection of the session and what the engine knows about it.</summary>
    internal sealed class PeerTransport
    {
        /// <summary>The reliable channel's label.</summary>
        public const string ReliableLabel = "_reliable";

        /// <summary>The lossy channel's label.</summary>
        public const string LossyLabel = "_lossy";

        /// <summary>The peer connection.</summary>
        public readonly IPeerConnection Pc;

        /// <summary>PUBLISHER (we offer) or SUBSCRIBER (the server offers; v0 only).</summary>
        public readonly SignalTarget Target;

        /// <summary>The id of the reliable channel, -1 until known.</summary>
        public int ReliableChannel = -1;

        /// <summary>The id of the lossy channel, -1 until known.</summary>
        public int LossyChannel = -1;

        /// <summary>The id of a lossy channel the peer opened (v0 subscriber), -1 until known.</summary>
        public int RemoteLossyChannel = -1;

        /// <summary>True once the reliable channel reported open.</summary>
        public bool ReliableOpen;

        /// <summary>True once our _lossy channel is open.</summary>
        public bool LossyOpen;

        /// <summary>The last state reported.</summary>
        public RtcConnectionState State = RtcConnectionState.New;

        /// <summary>Our last local description (sent to the server).</summary>
        public string LocalSdp;

        /// <summary>Type of <see cref="LocalSdp"/>.</summary>
        public RtcSdpType LocalType;

        /// <summary>Creates the record.</summary>
        public PeerTransport(IPeerConnection pc, SignalTarget target)
        {
            Pc = pc;
            Target = target;
        }
    }
}
