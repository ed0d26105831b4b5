//
// Copyright (c) LiveKit for nanoFramework contributors. Licensed under the Apache License 2.0.
//

using System;
using System.Collections;
using LiveKit.Engine;
using LiveKit.Protocol;

namespace LiveKit
{
    /// <summary>
    /// This device in the room. Changes go to the server with update_metadata; the room's
    /// Participant*Changed events fire when the server confirms them.
    /// </summary>
    public sealed class LocalParticipant : Participant
    {
        private readonly Room _room;

        internal LocalParticipant(Room room)
        {
            _room = room;
        }

        /// <summary>Asks the server to set this participant's metadata (needs canUpdateOwnMetadata).</summary>
        public void SetMetadata(string metadata)
        {
            UpdateParticipantMetadata u = new UpdateParticipantMetadata();
            u.Metadata = metadata == null ? string.Empty : metadata;
            Post(u);
        }

        /// <summary>Asks the server to set this participant's name.</summary>
        public void SetName(string name)
        {
            UpdateParticipantMetadata u = new UpdateParticipantMetadata();
            u.Name = name == null ? string.Empty : name;
            Post(u);
        }

        /// <summary>
        /// Asks the server to set attributes (string to string); keys not named stay, an empty
        /// value removes a key.
        /// </summary>
        public void SetAttributes(Hashtable attributes)
        {
            if (attributes == null)
            {
                throw new ArgumentNullException();
            }

            UpdateParticipantMetadata u = new UpdateParticipantMetadata();
            u.Attributes = CopyTable(attributes);
            Post(u);
        }

        /// <summary>
        /// Publishes a data packet (LiveKit's publishData): reliable (ordered, retransmitted,
        /// resent after a resume) or lossy (unordered, never retransmitted), with an optional
        /// topic, to the given identities or (null/empty) to everyone. Throws
        /// InvalidOperationException when the room is not connected or its queue is full.
        /// </summary>
        public void PublishData(byte[] payload, bool reliable, string topic, string[] destinationIdentities)
        {
            if (!_room.Data.PublishData(payload, reliable, topic, destinationIdentities))
            {
                throw new InvalidOperationException("not connected, or the engine queue is full");
            }
        }

        /// <summary>
        /// Calls a method on another participant and returns its response (LiveKit's
        /// performRpc). Blocks the calling thread: up to 7 s for the acknowledgement and
        /// <paramref name="responseTimeoutMs"/> (0: 15 s) for the response. Throws
        /// <see cref="RpcError"/> (codes in <see cref="RpcErrorCode"/>); refused with
        /// InvalidOperationException on the room's event thread, where it would deadlock.
        /// Payloads over 15 KiB need a callee that takes RPC over data streams.
        /// </summary>
        public string PerformRpc(string destinationIdentity, string method, string payload, int responseTimeoutMs)
        {
            return _room.Data.RpcClient.PerformRpc(destinationIdentity, method, payload, responseTimeoutMs);
        }

        /// <summary>
        /// Registers the handler of an RPC method (LiveKit's registerRpcMethod); it runs on the
        /// room's event thread. A second registration of the same method throws.
        /// </summary>
        public void RegisterRpcMethod(string method, RpcHandler handler)
        {
            _room.Data.RpcServer.Register(method, handler);
        }

        /// <summary>Removes an RPC method; callers then get UnsupportedMethod (1400).</summary>
        public void UnregisterRpcMethod(string method)
        {
            _room.Data.RpcServer.Unregister(method);
        }

        /// <summary>Sends a whole text as a data stream (chunks of at most 15,000 bytes, whole characters).</summary>
        public TextStreamInfo SendText(string text, StreamOptions options)
        {
            return _room.Data.Streams.SendText(text, options);
        }

        /// <summary>Sends a whole byte array as a data stream.</summary>
        public ByteStreamInfo SendBytes(byte[] data, StreamOptions options)
        {
            return _room.Data.Streams.SendBytes(data, options);
        }

        /// <summary>Opens a text stream to write piece by piece.</summary>
        public TextStreamWriter StreamText(StreamOptions options)
        {
            return _room.Data.Streams.StreamText(options);
        }

        /// <summary>Opens a byte stream to write piece by piece.</summary>
        public ByteStreamWriter StreamBytes(StreamOptions options)
        {
            return _room.Data.Streams.StreamBytes(options);
        }

        /// <summary>
        /// Sends a chat message (a ChatMessage packet, as LiveKit's SDKs send them) and returns
        /// its id. Throws InvalidOperationException when it could not be queued.
        /// </summary>
        public string SendChatMessage(string message, string[] destinationIdentities)
        {
            string id = _room.Data.SendChatMessage(message, destinationIdentities);
            if (id == null)
            {
                throw new InvalidOperationException("not connected, or the engine queue is full");
            }

            return id;
        }

        private void Post(UpdateParticipantMetadata u)
        {
            _room.PostRequest(EngineEventKind.UpdateMetadata, u);
        }
    }
}
