//
// Copyright (c) LiveKit for nanoFramework contributors. Licensed under the Apache License 2.0.
//

using System;

namespace LiveKit
{
    /// <summary>
    /// An RPC failure, as LiveKit's SDKs define it: a code (see <see cref="RpcErrorCode"/>;
    /// applications may use their own codes below 1400), a message of at most 256 bytes and
    /// optional data of at most 15 KiB. Throw it from an <see cref="RpcHandler"/> to send it to
    /// the caller; <see cref="LocalParticipant.PerformRpc"/> throws it on failure.
    /// </summary>
    public class RpcError : Exception
    {
        /// <summary>The longest message sent, in UTF-8 bytes.</summary>
        public const int MaxMessageBytes = 256;

        /// <summary>The longest data sent, in UTF-8 bytes.</summary>
        public const int MaxDataBytes = 15360;

        private readonly int _code;
        private readonly string _data;

        /// <summary>Creates an error with a code, a message and optional data.</summary>
        public RpcError(int code, string message, string data) : base(message)
        {
            _code = code;
            _data = data;
        }

        /// <summary>Creates an error with a code and a message.</summary>
        public RpcError(int code, string message) : this(code, message, null)
        {
        }

        /// <summary>The error code.</summary>
        public int Code
        {
            get { return _code; }
        }

        /// <summary>Optional data sent with the error; null when none.</summary>
        public string Data
        {
            get { return _data; }
        }

        /// <summary>One of the built-in errors, with its standard message.</summary>
        public static RpcError BuiltIn(int code)
        {
            return new RpcError(code, RpcErrorCode.MessageOf(code));
        }
    }
}
