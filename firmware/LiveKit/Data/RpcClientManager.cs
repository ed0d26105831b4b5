//
// Copyright (c) LiveKit for nanoFramework contributors. Licensed under the Apache License 2.0.
//

using System;
using System.Collections;
using LiveKit.Engine;
using LiveKit.Protocol;

namespace LiveKit.Data
{
    /// <summary>
    /// The caller side of RPC. <see cref="PerformRpc"/> blocks its (application) thread until the
    /// response, an error or a timeout: no acknowledgement within 7 s is
    /// <see cref="RpcErrorCode.ConnectionTimeout"/>, no response within the response timeout is
    /// <see cref="RpcErrorCode.ResponseTimeout"/>, the callee leaving is
    /// <see cref="RpcErrorCode.RecipientDisconnected"/>. The request goes as a text data stream
    /// when the callee's client_protocol is at least 1 (v2), else as an RpcRequest packet with
    /// the 15 KiB limit (v1). Acks, responses and departures arrive on the event thread.
    /// </summary>
    internal sealed class RpcClientManager
    {
        private readonly IDataPacketTransport _transport;
        private readonly DataStreamManager _streams;
        private readonly Hashtable _pending = new Hashtable();
        private readonly object _lock = new object();
        private int _ackTimeoutMs = RpcConstants.AckTimeoutMs;

        public RpcClientManager(IDataPacketTransport transport, DataStreamManager streams)
        {
            _transport = transport;
            _streams = streams;
        }

        /// <summary>The acknowledgement timeout (7 s; tests may shorten it).</summary>
        public int AckTimeoutMs
        {
            get { return _ackTimeoutMs; }
            set { _ackTimeoutMs = value; }
        }

        /// <summary>How many calls are waiting.</summary>
        public int PendingCount
        {
            get
            {
                lock (_lock)
                {
                    return _pending.Count;
                }
            }
        }

        public string PerformRpc(string destination, string method, string payload, int responseTimeoutMs)
        {
            if (destination == null || destination.Length == 0 || method == null || method.Length == 0)
            {
                throw new ArgumentException("destination and method are required");
            }

            if (_transport.IsEventThread)
            {
                // The ack and the response arrive on this very thread: waiting here would deadlock.
                throw new InvalidOperationException("PerformRpc cannot be called on the room's event thread");
            }

            if (payload == null)
            {
                payload = string.Empty;
            }

            if (responseTimeoutMs <= 0)
            {
                responseTimeoutMs = RpcConstants.DefaultResponseTimeoutMs;
            }

            int remoteProtocol = _transport.RemoteClientProtocol(destination);
            if (remoteProtocol < 0)
            {
                throw RpcError.BuiltIn(RpcErrorCode.RecipientNotFound);
            }

            bool useStream = remoteProtocol >= RpcConstants.ClientProtocolDataStreamRpc
                && _transport.LocalClientProtocol >= RpcConstants.ClientProtocolDataStreamRpc;
            if (!useStream && Utf8Text.ByteLength(payload) > RpcConstants.MaxPayloadBytes)
            {
                throw RpcError.BuiltIn(RpcErrorCode.RequestPayloadTooLarge);
            }

            string id = Guid.NewGuid().ToString();
            PendingRpcCall call = new PendingRpcCall(id, destination);
            lock (_lock)
            {
                _pending[id] = call;
            }

            try
            {
                if (!Send(call, method, payload, responseTimeoutMs, useStream))
                {
                    throw RpcError.BuiltIn(RpcErrorCode.SendFailed);
                }

                return Wait(call, responseTimeoutMs);
            }
            finally
            {
                lock (_lock)
                {
                    _pending.Remove(id);
                }
            }
        }

        private bool Send(PendingRpcCall call, string method, string payload, int responseTimeoutMs, bool useStream)
        {
            string[] to = new string[] { call.Destination };
            if (useStream)
            {
                StreamOptions options = new StreamOptions();
                options.Topic = RpcConstants.RequestTopic;
                options.DestinationIdentities = to;
                options.Attributes = new Hashtable();
                options.Attributes[RpcConstants.AttrRequestId] = call.RequestId;
                options.Attributes[RpcConstants.AttrMethod] = method;
                options.Attributes[RpcConstants.AttrResponseTimeoutMs] = responseTimeoutMs.ToString();
                options.Attributes[RpcConstants.AttrVersion] = RpcConstants.VersionV2;
                try
                {
                    _streams.SendText(payload, options);
                    return true;
                }
                catch (InvalidOperationException)
                {
                    return false;
                }
            }

            RpcRequest request = new RpcRequest();
            request.Id = call.RequestId;
            request.Method = method;
            request.Payload = payload;
            request.ResponseTimeoutMs = (uint)responseTimeoutMs;
            request.Version = 1;
            DataPacket packet = new DataPacket();
            packet.ParticipantIdentity = _transport.LocalIdentity;
            packet.DestinationIdentities = to;
            packet.RpcRequest = request;
            return _transport.SendDataPacket(packet, true);
        }

        private string Wait(PendingRpcCall call, int responseTimeoutMs)
        {
            long start = MonotonicClock.NowMs;
            long ackDeadline = start + _ackTimeoutMs;
            long responseDeadline = start + responseTimeoutMs;
            while (true)
            {
                lock (_lock)
                {
                    if (call.Done)
                    {
                        if (call.Error != null)
                        {
                            throw call.Error;
                        }

                        return call.Response;
                    }

                    call.Changed.Reset();
                }

                long now = MonotonicClock.NowMs;
                if (!call.Acked && now >= ackDeadline)
                {
                    throw RpcError.BuiltIn(RpcErrorCode.ConnectionTimeout);
                }

                if (now >= responseDeadline)
                {
                    throw RpcError.BuiltIn(RpcErrorCode.ResponseTimeout);
                }

                long deadline = call.Acked || responseDeadline < ackDeadline ? responseDeadline : ackDeadline;
                long wait = deadline - now;
                call.Changed.WaitOne(wait > 1000 ? 1000 : (int)wait, false);
            }
        }

        /// <summary>An RpcAck arrived (event thread).</summary>
        public void HandleAck(RpcAck ack)
        {
            lock (_lock)
            {
                PendingRpcCall call = (PendingRpcCall)_pending[ack.RequestId];
                if (call != null)
                {
                    call.Acked = true;
                    call.Changed.Set();
                }
            }
        }

        /// <summary>An RpcResponse packet arrived: a v1 response or any error (event thread).</summary>
        public void HandleResponse(RpcResponse response)
        {
            if (response.ValueCase == RpcResponseValueCase.Error)
            {
                RpcError error = new RpcError((int)response.Error.Code, response.Error.Message, response.Error.Data);
                Complete(response.RequestId, null, error);
            }
            else
            {
                Complete(response.RequestId, response.Payload == null ? string.Empty : response.Payload, null);
            }
        }

        /// <summary>A complete v2 response stream arrived (event thread).</summary>
        public void HandleResponseStream(TextStreamInfo info, string text, string sender)
        {
            string id = (string)info.Attributes[RpcConstants.AttrRequestId];
            if (id != null)
            {
                Complete(id, text, null);
            }
        }

        /// <summary>A participant left: its pending calls fail with RecipientDisconnected.</summary>
        public void HandleParticipantLeft(string identity)
        {
            lock (_lock)
            {
                foreach (DictionaryEntry e in _pending)
                {
                    PendingRpcCall call = (PendingRpcCall)e.Value;
                    if (call.Destination == identity && !call.Done)
                    {
                        call.Done = true;
                        call.Error = RpcError.BuiltIn(RpcErrorCode.RecipientDisconnected);
                        call.Changed.Set();
                    }
                }
            }
        }

        /// <summary>The room disconnected: every pending call fails with RecipientDisconnected.</summary>
        public void FailAll()
        {
            lock (_lock)
            {
                foreach (DictionaryEntry e in _pending)
                {
                    PendingRpcCall call = (PendingRpcCall)e.Value;
                    if (!call.Done)
                    {
                        call.Done = true;
                        call.Error = RpcError.BuiltIn(RpcErrorCode.RecipientDisconnected);
                        call.Changed.Set();
                    }
                }
            }
        }

        private void Complete(string requestId, string payload, RpcError error)
        {
            lock (_lock)
            {
                PendingRpcCall call = (PendingRpcCall)_pending[requestId];
                if (call == null || call.Done)
                {
                    return;
                }

                call.Done = true;
                call.Acked = true;
                call.Response = payload;
                call.Error = error;
                call.Changed.Set();
            }
        }
    }
}
