//
// Copyright (c) LiveKit for nanoFramework contributors. Licensed under the Apache License 2.0.
//

namespace LiveKit.Engine
{
    /// <summary>What an <see cref="EngineEvent"/> asks the worker to do.</summary>
    internal enum EngineEventKind
    {
        /// <summary>Command: join the room (Text1 url, Text2 token).</summary>
        Connect = 1,

        /// <summary>Command: leave the room (also a flag of the queue, so it is never lost).</summary>
        Disconnect = 2,

        /// <summary>Command: send update_metadata (Object: the UpdateParticipantMetadata).</summary>
        UpdateMetadata = 3,

        /// <summary>Command: send a reliable DataPacket (Object: the DataPacket).</summary>
        PublishData = 4,

        /// <summary>Network: one complete signal message (Data, Length) of connection Generation.</summary>
        SignalMessage = 10,

        /// <summary>Network: the signal connection Generation closed (Number: close status, Text1: reason).</summary>
        SignalClosed = 11
    }
}
