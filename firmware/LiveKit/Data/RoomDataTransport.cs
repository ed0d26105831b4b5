//
// Copyright (c) LiveKit for nanoFramework contributors. Licensed under the Apache License 2.0.
//

using LiveKit.Protocol;

namespace LiveKit.Data
{
    /// <summary>
    /// The room's side of <see cref="IDataPacketTransport"/>: packets go to the engine's queue
    /// (reliable ones numbered and kept for resends after a resume), participants come from the
    /// room's model, the event thread is the engine's worker.
    /// </summary>
    internal sealed class RoomDataTransport : IDataPacketTransport
    {
        private readonly Room _room;

        public RoomDataTransport(Room room)
        {
            _room = room;
        }

        public string LocalIdentity
        {
            get
            {
                string identity = _room.LocalParticipant.Identity;
                return identity == null ? string.Empty : identity;
            }
        }

        public int LocalClientProtocol
        {
            get { return SdkInfo.ClientProtocol; }
        }

        public bool IsEventThread
        {
            get { return _room.Engine.OnWorkerThread; }
        }

        public bool SendDataPacket(DataPacket packet, bool reliable)
        {
            if (_room.ConnectionState == ConnectionState.Disconnected)
            {
                return false;
            }

            return _room.Engine.PostData(packet, reliable);
        }

        public int RemoteClientProtocol(string identity)
        {
            RemoteParticipant p = _room.FindRemote(identity);
            return p == null ? -1 : p.ClientProtocol;
        }
    }
}
