//
// Copyright (c) LiveKit for nanoFramework contributors. Licensed under the Apache License 2.0.
//

using System;

namespace LiveKit
{
    /// <summary>Arguments of <see cref="Room.ParticipantNameChanged"/>.</summary>
    public sealed class ParticipantNameChangedEventArgs : EventArgs
    {
        internal ParticipantNameChangedEventArgs(Participant participant, string oldName)
        {
            Participant = participant;
            OldName = oldName;
        }

        /// <summary>The participant (local or remote); its Name is the new value.</summary>
        public Participant Participant { get; private set; }

        /// <summary>The previous name.</summary>
        public string OldName { get; private set; }
    }
}
