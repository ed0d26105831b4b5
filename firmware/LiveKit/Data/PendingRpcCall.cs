//
// Copyright (c) LiveKit for nanoFramework contributors. Licensed under the Apache License 2.0.
//

using System.Threading;

namespace LiveKit.Data
{
    /// <summary>One outgoing RPC call waiting for its acknowledgement and response.</summary>
    internal sealed class PendingRpcCall
    {
        public readonly string RequestId;
        public readonly string Destination;
        public readonly ManualResetEvent Changed = new ManualResetEvent(false);
        public bool Acked;
        public bool Done;
        public string Response;
        public RpcError Error;

        public PendingRpcCall(string requestId, string destination)
        {
            RequestId = requestId;
            Destination = destination;
        }
    }
}
