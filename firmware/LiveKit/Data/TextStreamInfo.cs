//
// Copyright (c) LiveKit for nanoFramework contributors. Licensed under the Apache License 2.0.
//

namespace LiveKit
{
    /// <summary>A text stream's header.</summary>
    public sealed class TextStreamInfo : StreamInfo
    {
        /// <summary>The stream this one replies to, or empty.</summary>
        public string ReplyToStreamId { get; internal set; }

        /// <summary>True when the text was generated (e.g. by an agent's model).</summary>
        public bool Generated { get; internal set; }
    }
}
