//
// Copyright (c) LiveKit for nanoFramework contributors. Licensed under the Apache License 2.0.
//

using LiveKit.Protocol;

namespace LiveKit.Data
{
    /// <summary>
    /// What the RPC and data-stream managers need from the room: send a DataPacket, know who is
    /// in the room and which client protocol they speak, and know the event thread. The room
    /// implements it over the engine; tests implement it with an in-memory router.
    /// </summary>
    internal interface IDataPacketTransport
    {
        /// <summary>The local participant's identity (set as the sender of every packet).</summary>
        string LocalIdentity { get; }

        /// <summary>
        /// Sends a packet on the reliable or the lossy channel; false when it could not be queued
        /// (not connected, channel closed, queue full).
        /// </summary>
        bool SendDataPacket(DataPacket packet, bool reliable);

        /// <summary>
        /// The client_protocol of a remote participant, or -1 when no participant with that
        /// identity is in the room.
        /// </summary>
        int RemoteClientProtocol(string identity);

        /// <summary>
        /// The client_protocol this side advertised (<see cref="SdkInfo.ClientProtocol"/> in the
        /// room); RPC uses data streams only when both sides are at least 1.
        /// </summary>
        int LocalClientProtocol { get; }

        /// <summary>True on the thread that delivers incoming packets and room events.</summary>
        bool IsEventThread { get; }
    }
}
