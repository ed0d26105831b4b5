//
// Copyright (c) LiveKit for nanoFramework contributors. Licensed under the Apache License 2.0.
//

using System.Collections;

namespace LiveKit
{
    /// <summary>Options of an outgoing text or byte stream.</summary>
    public sealed class StreamOptions
    {
        /// <summary>The topic (receivers register handlers by topic).</summary>
        public string Topic;

        /// <summary>Identities to send to; null or empty sends to everyone.</summary>
        public string[] DestinationIdentities;

        /// <summary>Attributes sent with the header (string to string); may be null.</summary>
        public Hashtable Attributes;

        /// <summary>The stream id; null makes a new one.</summary>
        public string StreamId;

        /// <summary>Byte streams: the content's name; text streams: ignored.</summary>
        public string Name;

        /// <summary>The MIME type; null: text/plain for text, application/octet-stream for bytes.</summary>
        public string MimeType;

        /// <summary>Text streams: the stream this one replies to.</summary>
        public string ReplyToStreamId;

        /// <summary>The total length in bytes when known in advance, else -1.</summary>
        public long TotalLength = -1;
    }
}
