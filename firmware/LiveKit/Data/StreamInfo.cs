//
// Copyright (c) LiveKit for nanoFramework contributors. Licensed under the Apache License 2.0.
//

using System.Collections;

namespace LiveKit
{
    /// <summary>What is known about a data stream from its header.</summary>
    public abstract class StreamInfo
    {
        /// <summary>The stream's unique id.</summary>
        public string StreamId { get; internal set; }

        /// <summary>The topic it was sent on.</summary>
        public string Topic { get; internal set; }

        /// <summary>The MIME type.</summary>
        public string MimeType { get; internal set; }

        /// <summary>Milliseconds since 1970 when the sender created it.</summary>
        public long Timestamp { get; internal set; }

        /// <summary>The total length in bytes when the sender announced it, else -1.</summary>
        public long TotalLength { get; internal set; }

        /// <summary>Attributes sent with the header (string to string); never null.</summary>
        public Hashtable Attributes { get; internal set; }
    }
}
