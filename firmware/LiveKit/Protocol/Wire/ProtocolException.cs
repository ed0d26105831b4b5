//
// Copyright (c) LiveKit for nanoFramework contributors. Licensed under the Apache License 2.0.
//

using System;

namespace LiveKit.Protocol
{
    /// <summary>
    /// Thrown by the protobuf codec for input it cannot accept (truncated, malformed, too deep)
    /// and for an output buffer that is too small. It is the only exception a Decode call raises
    /// for bad input.
    /// </summary>
    public class ProtocolException : Exception
    {
        private readonly ProtocolErrorReason _reason;
        private readonly int _position;

        /// <summary>
        /// Creates the exception.
        /// </summary>
        /// <param name="reason">What was wrong.</param>
        /// <param name="position">Index in the buffer where the problem was found.</param>
        public ProtocolException(ProtocolErrorReason reason, int position)
            : base("protobuf: " + ReasonText(reason) + " at " + position.ToString())
        {
            _reason = reason;
            _position = position;
        }

        /// <summary>What was wrong with the input (or the output buffer).</summary>
        public ProtocolErrorReason Reason
        {
            get { return _reason; }
        }

        /// <summary>Index in the buffer where the problem was found.</summary>
        public int Position
        {
            get { return _position; }
        }

        private static string ReasonText(ProtocolErrorReason reason)
        {
            switch (reason)
            {
                case ProtocolErrorReason.Truncated:
                    return "truncated input";
                case ProtocolErrorReason.VarintTooLong:
                    return "varint longer than 10 bytes";
                case ProtocolErrorReason.LengthOutOfRange:
                    return "length out of range";
                case ProtocolErrorReason.WrongWireType:
                    return "wrong wire type for a known field";
                case ProtocolErrorReason.InvalidTag:
                    return "invalid tag";
                case ProtocolErrorReason.NestingTooDeep:
                    return "nesting too deep";
                case ProtocolErrorReason.BufferTooSmall:
                    return "output buffer too small";
                case ProtocolErrorReason.InvalidArgument:
                    return "invalid buffer range";
                case ProtocolErrorReason.InvalidUtf8:
                    return "invalid UTF-8";
                default:
                    return "error";
            }
        }
    }
}
