//
// Copyright (c) LiveKit for nanoFramework contributors. Licensed under the Apache License 2.0.
//

namespace LiveKit.Data
{
    /// <summary>RPC wire constants shared by LiveKit's SDKs.</summary>
    internal static class RpcConstants
    {
        /// <summary>Largest v1 request or response payload, in UTF-8 bytes.</summary>
        public const int MaxPayloadBytes = 15360;

        /// <summary>How long the caller waits for the callee's acknowledgement.</summary>
        public const int AckTimeoutMs = 7000;

        /// <summary>The default response timeout.</summary>
        public const int DefaultResponseTimeoutMs = 15000;

        /// <summary>client_protocol of a peer that takes RPC over data streams (v2).</summary>
        public const int ClientProtocolDataStreamRpc = 1;

        public const string RequestTopic = "lk.rpc_request";
        public const string ResponseTopic = "lk.rpc_response";
        public const string AttrRequestId = "lk.rpc_request_id";
        public const string AttrMethod = "lk.rpc_request_method";
        public const string AttrResponseTimeoutMs = "lk.rpc_request_response_timeout_ms";
        public const string AttrVersion = "lk.rpc_request_version";
        public const string VersionV2 = "2";
    }
}
