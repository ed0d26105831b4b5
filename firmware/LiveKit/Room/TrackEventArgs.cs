//
// Copyright (c) LiveKit for nanoFramework contributors. Licensed under the Apache License 2.0.
//

using System;

namespace LiveKit
{
    /// <summary>Arguments of TrackPublished and TrackUnpublished.</summary>
    public sealed class TrackEventArgs : EventArgs
    {
        internal TrackEventArgs(RemoteParticipant participant, TrackPublication publication)
        {
            Participant = participant;
            Publication = publication;
        }

        /// <summary>The participant that published or unpublished.</summary>
        public RemoteParticipant Participant { get; private set; }

        /// <summary>The track.</summary>
        public TrackPublication Publication { get; private set; }
    }
}
