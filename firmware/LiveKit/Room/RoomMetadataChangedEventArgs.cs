//
// Copyright (c) LiveKit for nanoFramework contributors. Licensed under the Apache License 2.0.
//

using System;

namespace LiveKit
{
    /// <summary>Arguments of <see cref="Room.RoomMetadataChanged"/>.</summary>
    public sealed class RoomMetadataChangedEventArgs : EventArgs
    {
        internal RoomMetadataChangedEventArgs(string oldMetadata, string metadata)
        {
            OldMetadata = oldMetadata;
            Metadata = metadata;
        }

        /// <summary>The previous metadata.</summary>
        public string OldMetadata { get; private set; }

        /// <summary>The new metadata.</summary>
        public string Metadata { get; private set; }
    }
}
