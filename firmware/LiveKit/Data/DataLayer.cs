//
// Copyright (c) LiveKit for nanoFramework contributors. Licensed under the Apache License 2.0.
//

using LiveKit.Protocol;

namespace LiveKit.Data
{
    /// <summary>
    /// Everything above the data channels: user packets, chat, RPC (both sides) and data
    /// streams, over one <see cref="IDataPacketTransport"/>. The room feeds every incoming
    /// DataPacket to <see cref="HandlePacket"/> on its event thread; events are raised there.
    /// </summary>
    internal sealed class DataLayer
    {
        /// <summary>The topic of chat text streams.</summary>
        public const string ChatTopic = "lk.chat";

        private readonly IDataPacketTransport _transport;
        private readonly DataStreamManager _streams;
        private readonly RpcClientManager _rpcClient;
        private readonly RpcServerManager _rpcServer;

        public DataLayer(IDataPacketTransport transport)
        {
            _transport = transport;
            _streams = new DataStreamManager(transport);
            _rpcClient = new RpcClientManager(transport, _streams);
            _rpcServer = new RpcServerManager(transport, _streams);
            _streams.RegisterTextStreamHandler(RpcConstants.RequestTopic, new TextStreamHandler(_rpcServer.HandleRequestStream));
            _streams.RegisterTextStreamHandler(RpcConstants.ResponseTopic, new TextStreamHandler(_rpcClient.HandleResponseStream));
            _streams.StreamOpened = new TextStreamHandler(OnStreamOpened);
        }

        /// <summary>Raised for every user packet (event thread).</summary>
        public event DataReceivedEventHandler DataReceived;

        /// <summary>Raised for every chat message (event thread).</summary>
        public event ChatMessageReceivedEventHandler ChatMessageReceived;

        public DataStreamManager Streams
        {
            get { return _streams; }
        }

        public RpcClientManager RpcClient
        {
            get { return _rpcClient; }
        }

        public RpcServerManager RpcServer
        {
            get { return _rpcServer; }
        }

        /// <summary>Sends a user packet; false when it could not be queued.</summary>
        public bool PublishData(byte[] payload, bool reliable, string topic, string[] destinations)
        {
            UserPacket user = new UserPacket();
            user.Payload = payload == null ? new byte[0] : payload;
            if (topic != null)
            {
                user.Topic = topic;
            }

            DataPacket packet = new DataPacket();
            packet.Kind = reliable ? DataPacketKind.Reliable : DataPacketKind.Lossy;
            packet.ParticipantIdentity = _transport.LocalIdentity;
            if (destinations != null && destinations.Length > 0)
            {
                packet.DestinationIdentities = destinations;
            }

            packet.User = user;
            return _transport.SendDataPacket(packet, reliable);
        }

        /// <summary>
        /// Sends a chat message as a ChatMessage packet on the reliable channel, as LiveKit's
        /// SDKs do; returns its id, or null when it could not be queued.
        /// </summary>
        public string SendChatMessage(string message, string[] destinations)
        {
            ChatMessage chat = new ChatMessage();
            chat.Id = System.Guid.NewGuid().ToString();
            chat.Timestamp = DataStreamManager.UnixTimeMs();
            chat.Message = message == null ? string.Empty : message;
            DataPacket packet = new DataPacket();
            packet.ParticipantIdentity = _transport.LocalIdentity;
            if (destinations != null && destinations.Length > 0)
            {
                packet.DestinationIdentities = destinations;
            }

            packet.ChatMessage = chat;
            return _transport.SendDataPacket(packet, true) ? chat.Id : null;
        }

        /// <summary>Dispatches one incoming packet (event thread).</summary>
        public void HandlePacket(DataPacket packet, bool reliable)
        {
            string sender = packet.ParticipantIdentity;
            switch (packet.ValueCase)
            {
                case DataPacketValueCase.User:
                    DataReceivedEventHandler data = DataReceived;
                    if (data != null)
                    {
                        UserPacket u = packet.User;
                        data(this, new DataReceivedEventArgs(u.Payload == null ? new byte[0] : u.Payload, u.HasTopic ? u.Topic : null, sender, reliable));
                    }

                    break;
                case DataPacketValueCase.ChatMessage:
                    RaiseChat(packet.ChatMessage.Id, packet.ChatMessage.Message, packet.ChatMessage.Timestamp, sender);
                    break;
                case DataPacketValueCase.RpcRequest:
                    _rpcServer.HandleRequestPacket(packet.RpcRequest, sender);
                    break;
                case DataPacketValueCase.RpcAck:
                    _rpcClient.HandleAck(packet.RpcAck);
                    break;
                case DataPacketValueCase.RpcResponse:
                    _rpcClient.HandleResponse(packet.RpcResponse);
                    break;
                case DataPacketValueCase.StreamHeader:
                    _streams.HandleHeader(packet.StreamHeader, sender);
                    break;
                case DataPacketValueCase.StreamChunk:
                    _streams.HandleChunk(packet.StreamChunk, sender);
                    break;
                case DataPacketValueCase.StreamTrailer:
                    _streams.HandleTrailer(packet.StreamTrailer, sender);
                    break;
                default:
                    break;
            }
        }

        /// <summary>A participant left: fail its RPC calls, drop its streams.</summary>
        public void HandleParticipantLeft(string identity)
        {
            _rpcClient.HandleParticipantLeft(identity);
            _streams.HandleParticipantLeft(identity);
        }

        /// <summary>The room disconnected: every pending call fails.</summary>
        public void HandleDisconnected()
        {
            _rpcClient.FailAll();
        }

        /// <summary>Starts delivering chat streams as chat events (on by default in the room).</summary>
        public void EnableChatStreams()
        {
            _streams.RegisterTextStreamHandler(ChatTopic, new TextStreamHandler(OnChatStream));
        }

        private void OnChatStream(TextStreamInfo info, string text, string sender)
        {
            RaiseChat(info.StreamId, text, info.Timestamp, sender);
        }

        private void RaiseChat(string id, string message, long timestamp, string sender)
        {
            ChatMessageReceivedEventHandler chat = ChatMessageReceived;
            if (chat != null)
            {
                chat(this, new ChatMessageReceivedEventArgs(id, message, timestamp, sender));
            }
        }

        private void OnStreamOpened(TextStreamInfo info, string unused, string sender)
        {
            if (info.Topic == RpcConstants.RequestTopic)
            {
                _rpcServer.HandleRequestStreamOpened(info, sender);
            }
        }
    }
}
