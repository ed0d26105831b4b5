//
// Copyright (c) LiveKit for nanoFramework contributors. Licensed under the Apache License 2.0.
//

namespace LiveKit
{
    /// <summary>The built-in RPC error codes and their standard messages.</summary>
    public static class RpcErrorCode
    {
        /// <summary>The handler threw something other than an <see cref="RpcError"/>.</summary>
        public const int ApplicationError = 1500;

        /// <summary>No acknowledgement arrived within the ack timeout (7 s).</summary>
        public const int ConnectionTimeout = 1501;

        /// <summary>No response arrived within the response timeout.</summary>
        public const int ResponseTimeout = 1502;

        /// <summary>The callee left the room before responding.</summary>
        public const int RecipientDisconnected = 1503;

        /// <summary>The response is larger than 15 KiB and the caller cannot take a stream.</summary>
        public const int ResponsePayloadTooLarge = 1504;

        /// <summary>The request could not be sent.</summary>
        public const int SendFailed = 1505;

        /// <summary>The callee has no handler for the method.</summary>
        public const int UnsupportedMethod = 1400;

        /// <summary>No participant with that identity is in the room.</summary>
        public const int RecipientNotFound = 1401;

        /// <summary>The request is larger than 15 KiB and the callee cannot take a stream.</summary>
        public const int RequestPayloadTooLarge = 1402;

        /// <summary>The server does not support RPC.</summary>
        public const int UnsupportedServer = 1403;

        /// <summary>The callee does not speak this RPC version.</summary>
        public const int UnsupportedVersion = 1404;

        /// <summary>The standard message of a built-in code ("Unknown error" otherwise).</summary>
        public static string MessageOf(int code)
        {
            switch (code)
            {
                case ApplicationError: return "Application error in method handler";
                case ConnectionTimeout: return "Connection timeout";
                case ResponseTimeout: return "Response timeout";
                case RecipientDisconnected: return "Recipient disconnected";
                case ResponsePayloadTooLarge: return "Response payload too large";
                case SendFailed: return "Failed to send";
                case UnsupportedMethod: return "Method not supported at destination";
                case RecipientNotFound: return "Recipient not found";
                case RequestPayloadTooLarge: return "Request payload too large";
                case UnsupportedServer: return "RPC not supported by server";
                case UnsupportedVersion: return "Unsupported RPC version";
                default: return "Unknown error";
            }
        }
    }
}
