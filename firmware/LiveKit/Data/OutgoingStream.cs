//
// Copyright (c) LiveKit for nanoFramework contributors. Licensed under the Apache License 2.0.
//

using System;
using LiveKit.Protocol;

namespace LiveKit.Data
{
    /// <summary>
    /// The sending side of one data stream: the header when opened, chunks of at most
    /// <see cref="DataStreamManager.ChunkSize"/> bytes with consecutive indexes, the trailer when
    /// closed. All on the reliable channel, to the stream's destinations.
    /// </summary>
    internal sealed class OutgoingStream
    {
        private readonly IDataPacketTransport _transport;
        private readonly string _streamId;
        private readonly string[] _destinations;
        private readonly object _lock = new object();
        private ulong _nextChunk;
        private bool _closed;

        public OutgoingStream(IDataPacketTransport transport, DataStreamHeader header, string[] destinations)
        {
            _transport = transport;
            _streamId = header.StreamId;
            _destinations = destinations;
            DataPacket packet = NewPacket();
            packet.StreamHeader = header;
            Send(packet);
        }

        public string StreamId
        {
            get { return _streamId; }
        }

        /// <summary>Sends bytes as chunks; text callers pass UTF-8 and cut on character boundaries.</summary>
        public void WriteChunks(byte[] data, int offset, int count, bool utf8)
        {
            lock (_lock)
            {
                if (_closed)
                {
                    throw new InvalidOperationException("stream closed");
                }

                while (count > 0)
                {
                    int n = utf8
                        ? Utf8Text.BoundaryAtOrBefore(data, offset, count, DataStreamManager.ChunkSize)
                        : (count < DataStreamManager.ChunkSize ? count : DataStreamManager.ChunkSize);
                    byte[] content = new byte[n];
                    Array.Copy(data, offset, content, 0, n);
                    DataStreamChunk chunk = new DataStreamChunk();
                    chunk.StreamId = _streamId;
                    chunk.ChunkIndex = _nextChunk++;
                    chunk.Content = content;
                    DataPacket packet = NewPacket();
                    packet.StreamChunk = chunk;
                    Send(packet);
                    offset += n;
                    count -= n;
                }
            }
        }

        /// <summary>Sends the trailer (reason empty = complete); a second call does nothing.</summary>
        public void Close(string reason)
        {
            lock (_lock)
            {
                if (_closed)
                {
                    return;
                }

                _closed = true;
                DataStreamTrailer trailer = new DataStreamTrailer();
                trailer.StreamId = _streamId;
                trailer.Reason = reason == null ? string.Empty : reason;
                DataPacket packet = NewPacket();
                packet.StreamTrailer = trailer;
                Send(packet);
            }
        }

        private DataPacket NewPacket()
        {
            DataPacket packet = new DataPacket();
            packet.ParticipantIdentity = _transport.LocalIdentity;
            if (_destinations != null && _destinations.Length > 0)
            {
                packet.DestinationIdentities = _destinations;
            }

            return packet;
        }

        private void Send(DataPacket packet)
        {
            if (!_transport.SendDataPacket(packet, true))
            {
                throw new InvalidOperationException("data stream: the packet could not be sent");
            }
        }
    }
}
