//
// Copyright (c) LiveKit for nanoFramework contributors. Licensed under the Apache License 2.0.
//

using System;

namespace LiveKit
{
    /// <summary>Arguments of <see cref="Room.ActiveSpeakersChanged"/>.</summary>
    public sealed class ActiveSpeakersChangedEventArgs : EventArgs
    {
        internal ActiveSpeakersChangedEventArgs(Participant[] speakers)
        {
            Speakers = speakers;
        }

        /// <summary>The participants speaking now, loudest first.</summary>
        public Participant[] Speakers { get; private set; }
    }
}
