//
// Copyright (c) LiveKit for nanoFramework contributors. Licensed under the Apache License 2.0.
//

using System;

namespace LiveKit
{
    /// <summary>Arguments of <see cref="Room.ParticipantMetadataChanged"/>.</summary>
    public sealed class ParticipantMetadataChangedEventArgs : EventArgs
    {
        internal ParticipantMetadataChangedEventArgs(Participant participant, string oldMetadata)
        {
            Participant = participant;
            OldMetadata = oldMetadata;
        }

        /// <summary>The participant (local or remote); its Metadata is the new value.</summary>
        public Participant Participant { get; private set; }

        /// <summary>The previous metadata.</summary>
        public string OldMetadata { get; private set; }
    }
}
