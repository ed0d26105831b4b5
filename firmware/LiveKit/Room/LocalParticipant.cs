//
// Copyright (c) LiveKit for nanoFramework contributors. Licensed under the Apache License 2.0.
//

using System;
using System.Collections;
using LiveKit.Engine;
using LiveKit.Protocol;

namespace LiveKit
{
    /// <summary>
    /// This device in the room. Changes go to the server with update_metadata; the room's
    /// Participant*Changed events fire when the server confirms them.
    /// </summary>
    public sealed class LocalParticipant : Participant
    {
        private readonly Room _room;

        internal LocalParticipant(Room room)
        {
            _room = room;
        }

        /// <summary>Asks the server to set this participant's metadata (needs canUpdateOwnMetadata).</summary>
        public void SetMetadata(string metadata)
        {
            UpdateParticipantMetadata u = new UpdateParticipantMetadata();
            u.Metadata = metadata == null ? string.Empty : metadata;
            Post(u);
        }

        /// <summary>Asks the server to set this participant's name.</summary>
        public void SetName(string name)
        {
            UpdateParticipantMetadata u = new UpdateParticipantMetadata();
            u.Name = name == null ? string.Empty : name;
            Post(u);
        }

        /// <summary>
        /// Asks the server to set attributes (string to string); keys not named stay, an empty
        /// value removes a key.
        /// </summary>
        public void SetAttributes(Hashtable attributes)
        {
            if (attributes == null)
            {
                throw new ArgumentNullException();
            }

            UpdateParticipantMetadata u = new UpdateParticipantMetadata();
            u.Attributes = CopyTable(attributes);
            Post(u);
        }

        private void Post(UpdateParticipantMetadata u)
        {
            _room.PostRequest(EngineEventKind.UpdateMetadata, u);
        }
    }
}
