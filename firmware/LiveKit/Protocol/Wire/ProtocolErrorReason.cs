//
// Copyright (c) LiveKit for nanoFramework contributors. Licensed under the Apache License 2.0.
//

namespace LiveKit.Protocol
{
    /// <summary>
    /// Why a protobuf buffer was rejected (<see cref="ProtocolException.Reason"/>).
    /// </summary>
    public enum ProtocolErrorReason
    {
        /// <summary>The input ended in the middle of a tag or a value.</summary>
        Truncated = 1,

        /// <summary>A varint ran over 10 bytes.</summary>
        VarintTooLong = 2,

        /// <summary>A declared length is negative or runs past the end of the enclosing message.</summary>
        LengthOutOfRange = 3,

        /// <summary>A known field arrived with a wire type its declaration does not allow.</summary>
        WrongWireType = 4,

        /// <summary>A tag carries wire type 6 or 7, or field number 0, or a group end without its start.</summary>
        InvalidTag = 5,

        /// <summary>Messages (or groups) nest deeper than the reader's depth limit.</summary>
        NestingTooDeep = 6,

        /// <summary>The output buffer is too small for the encoded message.</summary>
        BufferTooSmall = 7,

        /// <summary>The offset and length given to the reader do not describe a part of the buffer.</summary>
        InvalidArgument = 8,

        /// <summary>A string field is not valid UTF-8 (only on runtimes whose decoder rejects it).</summary>
        InvalidUtf8 = 9
    }
}
