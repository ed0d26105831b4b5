//
// Copyright (c) LiveKit for nanoFramework contributors. Licensed under the Apache License 2.0.
//

namespace LiveKit
{
    /// <summary>What an <see cref="RpcHandler"/> receives about one incoming call.</summary>
    public sealed class RpcInvocationData
    {
        internal RpcInvocationData(string requestId, string callerIdentity, string payload, int responseTimeoutMs)
        {
            RequestId = requestId;
            CallerIdentity = callerIdentity;
            Payload = payload;
            ResponseTimeoutMs = responseTimeoutMs;
        }

        /// <summary>The unique id of this request.</summary>
        public string RequestId { get; private set; }

        /// <summary>The identity of the participant who called.</summary>
        public string CallerIdentity { get; private set; }

        /// <summary>The request payload (may be empty).</summary>
        public string Payload { get; private set; }

        /// <summary>How long the caller waits for the response, in milliseconds.</summary>
        public int ResponseTimeoutMs { get; private set; }
    }
}
