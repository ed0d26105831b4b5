//
// Copyright (c) LiveKit for nanoFramework contributors. Licensed under the Apache License 2.0.
//

using System;

namespace LiveKit
{
    /// <summary>A chat message received (a ChatMessage packet or a text stream on topic lk.chat).</summary>
    public sealed class ChatMessageReceivedEventArgs : EventArgs
    {
        internal ChatMessageReceivedEventArgs(string id, string message, long timestamp, string participantIdentity)
        {
            Id = id;
            Message = message;
            Timestamp = timestamp;
            ParticipantIdentity = participantIdentity;
        }

        /// <summary>The message id.</summary>
        public string Id { get; private set; }

        /// <summary>The text.</summary>
        public string Message { get; private set; }

        /// <summary>Milliseconds since 1970 when it was sent.</summary>
        public long Timestamp { get; private set; }

        /// <summary>The sender's identity.</summary>
        public string ParticipantIdentity { get; private set; }
    }
}
