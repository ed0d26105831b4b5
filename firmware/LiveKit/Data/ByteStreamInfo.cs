//
// Copyright (c) LiveKit for nanoFramework contributors. Licensed under the Apache License 2.0.
//

namespace LiveKit
{
    /// <summary>A byte stream's header.</summary>
    public sealed class ByteStreamInfo : StreamInfo
    {
        /// <summary>The name the sender gave the content (a file name, say).</summary>
        public string Name { get; internal set; }
    }
}
