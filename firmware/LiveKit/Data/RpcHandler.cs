//
// Copyright (c) LiveKit for nanoFramework contributors. Licensed under the Apache License 2.0.
//

namespace LiveKit
{
    /// <summary>
    /// Handles one incoming RPC call and returns the response payload. Throw an
    /// <see cref="RpcError"/> to send that error; any other exception is sent as
    /// <see cref="RpcErrorCode.ApplicationError"/>. Runs on the room's event thread: keep it
    /// short, and do not call <see cref="LocalParticipant.PerformRpc"/> from it.
    /// </summary>
    public delegate string RpcHandler(RpcInvocationData data);
}
