//
// Copyright (c) LiveKit for nanoFramework contributors. Licensed under the Apache License 2.0.
//

using LiveKit.Protocol;

namespace LiveKit
{
    /// <summary>A track a participant published (LiveKit's TrackPublication), as the server describes it.</summary>
    public class TrackPublication
    {
        internal TrackPublication(TrackInfo info)
        {
            Update(info);
        }

        /// <summary>The track sid (TR_...).</summary>
        public string Sid { get; private set; }

        /// <summary>The track name.</summary>
        public string Name { get; private set; }

        /// <summary>AUDIO, VIDEO or DATA.</summary>
        public TrackType Kind { get; private set; }

        /// <summary>MICROPHONE, CAMERA, ...</summary>
        public TrackSource Source { get; private set; }

        /// <summary>True when the publisher muted it.</summary>
        public bool IsMuted { get; private set; }

        /// <summary>The codec's MIME type.</summary>
        public string MimeType { get; private set; }

        internal void Update(TrackInfo info)
        {
            Sid = info.Sid;
            Name = info.Name;
            Kind = info.Type;
            Source = info.Source;
            IsMuted = info.Muted;
            MimeType = info.MimeType;
        }
    }
}
