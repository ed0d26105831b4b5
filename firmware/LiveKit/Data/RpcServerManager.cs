//
// Copyright (c) LiveKit for nanoFramework contributors. Licensed under the Apache License 2.0.
//

using System;
using System.Collections;
using LiveKit.Protocol;
using ProtoRpcError = LiveKit.Protocol.RpcError;

namespace LiveKit.Data
{
    /// <summary>
    /// The callee side of RPC: registered methods, the acknowledgement sent as soon as a request
    /// arrives (a v1 RpcRequest packet or the header of a v2 lk.rpc_request stream), the handler
    /// run on the event thread, the response sent back as a v2 stream when the caller takes
    /// streams and succeeded, otherwise as an RpcResponse packet (errors always as packets).
    /// </summary>
    internal sealed class RpcServerManager
    {
        private readonly IDataPacketTransport _transport;
        private readonly DataStreamManager _streams;
        private readonly Hashtable _handlers = new Hashtable();
        private readonly object _lock = new object();

        public RpcServerManager(IDataPacketTransport transport, DataStreamManager streams)
        {
            _transport = transport;
            _streams = streams;
        }

        public void Register(string method, RpcHandler handler)
        {
            if (method == null || method.Length == 0 || handler == null)
            {
                throw new ArgumentNullException();
            }

            lock (_lock)
            {
                if (_handlers.Contains(method))
                {
                    throw new InvalidOperationException("RPC method already registered: " + method);
                }

                _handlers[method] = handler;
            }
        }

        public void Unregister(string method)
        {
            lock (_lock)
            {
                _handlers.Remove(method);
            }
        }

        /// <summary>A v1 RpcRequest packet arrived (event thread).</summary>
        public void HandleRequestPacket(RpcRequest request, string caller)
        {
            if (request == null || request.Id == null || request.Id.Length == 0 || caller == null)
            {
                return;
            }

            SendAck(request.Id, caller);
            if (request.Version != 1)
            {
                SendError(request.Id, caller, RpcError.BuiltIn(RpcErrorCode.UnsupportedVersion));
                return;
            }

            Invoke(request.Id, request.Method, request.Payload, caller, (int)request.ResponseTimeoutMs, false);
        }

        /// <summary>The header of a v2 request stream arrived: acknowledge at once (event thread).</summary>
        public void HandleRequestStreamOpened(TextStreamInfo info, string caller)
        {
            string id = (string)info.Attributes[RpcConstants.AttrRequestId];
            if (id != null && caller != null)
            {
                SendAck(id, caller);
            }
        }

        /// <summary>A complete v2 request stream arrived: run the method (event thread).</summary>
        public void HandleRequestStream(TextStreamInfo info, string payload, string caller)
        {
            string id = (string)info.Attributes[RpcConstants.AttrRequestId];
            string method = (string)info.Attributes[RpcConstants.AttrMethod];
            string version = (string)info.Attributes[RpcConstants.AttrVersion];
            if (id == null || caller == null)
            {
                return;
            }

            if (version != RpcConstants.VersionV2 || method == null)
            {
                SendError(id, caller, RpcError.BuiltIn(RpcErrorCode.UnsupportedVersion));
                return;
            }

            int timeout = RpcConstants.DefaultResponseTimeoutMs;
            string t = (string)info.Attributes[RpcConstants.AttrResponseTimeoutMs];
            if (t != null)
            {
                try
                {
                    timeout = int.Parse(t);
                }
                catch (Exception)
                {
                    timeout = RpcConstants.DefaultResponseTimeoutMs;
                }
            }

            Invoke(id, method, payload, caller, timeout, true);
        }

        private void Invoke(string id, string method, string payload, string caller, int timeoutMs, bool requestWasStream)
        {
            RpcHandler handler;
            lock (_lock)
            {
                handler = (RpcHandler)_handlers[method];
            }

            if (handler == null)
            {
                SendError(id, caller, RpcError.BuiltIn(RpcErrorCode.UnsupportedMethod));
                return;
            }

            string response;
            try
            {
                response = handler(new RpcInvocationData(id, caller, payload == null ? string.Empty : payload, timeoutMs));
            }
            catch (RpcError error)
            {
                SendError(id, caller, error);
                return;
            }
            catch (Exception ex)
            {
                LiveKitLog.Write(LogLevel.Warning, "RPC handler for " + method + " threw " + ex.GetType().Name);
                SendError(id, caller, RpcError.BuiltIn(RpcErrorCode.ApplicationError));
                return;
            }

            if (response == null)
            {
                response = string.Empty;
            }

            // A caller that sent its request as a stream takes the response as one (RPC v2);
            // a v1 request gets a v1 packet whatever the caller could do.
            if (requestWasStream)
            {
                StreamOptions options = new StreamOptions();
                options.Topic = RpcConstants.ResponseTopic;
                options.DestinationIdentities = new string[] { caller };
                options.Attributes = new Hashtable();
                options.Attributes[RpcConstants.AttrRequestId] = id;
                try
                {
                    _streams.SendText(response, options);
                }
                catch (InvalidOperationException)
                {
                    LiveKitLog.Write(LogLevel.Warning, "RPC response stream for " + id + " could not be sent");
                }

                return;
            }

            if (Utf8Text.ByteLength(response) > RpcConstants.MaxPayloadBytes)
            {
                SendError(id, caller, RpcError.BuiltIn(RpcErrorCode.ResponsePayloadTooLarge));
                return;
            }

            RpcResponse r = new RpcResponse();
            r.RequestId = id;
            r.Payload = response;
            Send(r, caller);
        }

        private void SendAck(string id, string caller)
        {
            RpcAck ack = new RpcAck();
            ack.RequestId = id;
            DataPacket packet = NewPacket(caller);
            packet.RpcAck = ack;
            _transport.SendDataPacket(packet, true);
        }

        private void SendError(string id, string caller, RpcError error)
        {
            ProtoRpcError e = new ProtoRpcError();
            e.Code = (uint)error.Code;
            e.Message = Utf8Text.Truncate(error.Message, RpcError.MaxMessageBytes);
            if (error.Data != null)
            {
                e.Data = Utf8Text.Truncate(error.Data, RpcError.MaxDataBytes);
            }

            RpcResponse r = new RpcResponse();
            r.RequestId = id;
            r.Error = e;
            Send(r, caller);
        }

        private void Send(RpcResponse response, string caller)
        {
            DataPacket packet = NewPacket(caller);
            packet.RpcResponse = response;
            if (!_transport.SendDataPacket(packet, true))
            {
                LiveKitLog.Write(LogLevel.Warning, "RPC response for " + response.RequestId + " could not be sent");
            }
        }

        private DataPacket NewPacket(string caller)
        {
            DataPacket packet = new DataPacket();
            packet.ParticipantIdentity = _transport.LocalIdentity;
            packet.DestinationIdentities = new string[] { caller };
            return packet;
        }
    }
}
