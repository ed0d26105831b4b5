//
// Copyright (c) LiveKit for nanoFramework contributors. Licensed under the Apache License 2.0.
//

using System;
using System.Collections;

namespace LiveKit
{
    /// <summary>Arguments of <see cref="Room.ParticipantAttributesChanged"/>.</summary>
    public sealed class ParticipantAttributesChangedEventArgs : EventArgs
    {
        internal ParticipantAttributesChangedEventArgs(Participant participant, Hashtable changed)
        {
            Participant = participant;
            ChangedAttributes = changed;
        }

        /// <summary>The participant (local or remote).</summary>
        public Participant Participant { get; private set; }

        /// <summary>The keys that changed with their new values ("" for a removed key).</summary>
        public Hashtable ChangedAttributes { get; private set; }
    }
}
