//
// Copyright (c) LiveKit for nanoFramework contributors. Licensed under the Apache License 2.0.
//

using System;

namespace LiveKit
{
    /// <summary>Arguments of ParticipantConnected and ParticipantDisconnected.</summary>
    public sealed class ParticipantEventArgs : EventArgs
    {
        internal ParticipantEventArgs(RemoteParticipant participant)
        {
            Participant = participant;
        }

        /// <summary>The participant.</summary>
        public RemoteParticipant Participant { get; private set; }
    }
}
