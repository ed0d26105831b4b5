//
// Copyright (c) LiveKit for nanoFramework contributors. Licensed under the Apache License 2.0.
//

namespace LiveKit
{
    /// <summary>Another participant of the room.</summary>
    public sealed class RemoteParticipant : Participant
    {
        internal RemoteParticipant()
        {
        }
    }
}
