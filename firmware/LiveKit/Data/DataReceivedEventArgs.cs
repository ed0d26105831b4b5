//
// Copyright (c) LiveKit for nanoFramework contributors. Licensed under the Apache License 2.0.
//

using System;

namespace LiveKit
{
    /// <summary>A user data packet received from another participant.</summary>
    public sealed class DataReceivedEventArgs : EventArgs
    {
        internal DataReceivedEventArgs(byte[] payload, string topic, string participantIdentity, bool reliable)
        {
            Payload = payload;
            Topic = topic;
            ParticipantIdentity = participantIdentity;
            Reliable = reliable;
        }

        /// <summary>The bytes sent.</summary>
        public byte[] Payload { get; private set; }

        /// <summary>The topic, or null when the sender gave none.</summary>
        public string Topic { get; private set; }

        /// <summary>The sender's identity (empty when the server sent it).</summary>
        public string ParticipantIdentity { get; private set; }

        /// <summary>True when it came on the reliable channel.</summary>
        public bool Reliable { get; private set; }
    }
}
