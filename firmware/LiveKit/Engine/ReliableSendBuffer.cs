//
// Copyright (c) LiveKit for nanoFramework contributors. Licensed under the Apache License 2.0.
//

using System.Collections;

namespace LiveKit.Engine
{
    /// <summary>
    /// The reliable DataPackets sent in this session, kept (encoded) by sequence number so that
    /// after a resume the ones the server did not get (sequence greater than the
    /// ReconnectResponse's last_message_seq) are sent again, in order. Bounded by a packet count
    /// and a byte total: the oldest packets go first, and the buffer reports when a resend needs
    /// packets it already evicted (those are lost: the caller can tell the application).
    /// </summary>
    internal sealed class ReliableSendBuffer
    {
        private readonly uint[] _seqs;
        private readonly byte[][] _packets;
        private readonly int _maxBytes;
        private int _head;
        private int _count;
        private int _bytes;
        private uint _evictedUpTo;

        /// <summary>Creates a buffer of at most <paramref name="maxPackets"/> packets and <paramref name="maxBytes"/> bytes.</summary>
        public ReliableSendBuffer(int maxPackets, int maxBytes)
        {
            if (maxPackets < 1)
            {
                maxPackets = 1;
            }

            _seqs = new uint[maxPackets];
            _packets = new byte[maxPackets][];
            _maxBytes = maxBytes < 1 ? 1 : maxBytes;
        }

        /// <summary>Packets held.</summary>
        public int Count
        {
            get { return _count; }
        }

        /// <summary>Bytes held.</summary>
        public int Bytes
        {
            get { return _bytes; }
        }

        /// <summary>The highest sequence number evicted so far (0: none).</summary>
        public uint EvictedUpTo
        {
            get { return _evictedUpTo; }
        }

        /// <summary>
        /// Keeps a packet sent with <paramref name="sequence"/> (increasing). A packet larger
        /// than the byte bound is not kept (and counts as evicted).
        /// </summary>
        public void Add(uint sequence, byte[] packet)
        {
            if (packet.Length > _maxBytes)
            {
                _evictedUpTo = sequence;
                return;
            }

            while (_count == _seqs.Length || _bytes + packet.Length > _maxBytes)
            {
                EvictOldest();
            }

            int at = (_head + _count) % _seqs.Length;
            _seqs[at] = sequence;
            _packets[at] = packet;
            _count++;
            _bytes += packet.Length;
        }

        /// <summary>Drops every packet with a sequence up to and including <paramref name="sequence"/> (acknowledged).</summary>
        public void AcknowledgeUpTo(uint sequence)
        {
            while (_count > 0 && _seqs[_head] <= sequence)
            {
                Remove();
            }
        }

        /// <summary>
        /// The packets with a sequence greater than <paramref name="lastReceived"/>, oldest first.
        /// <paramref name="complete"/> is false when some of them were already evicted.
        /// </summary>
        public ArrayList After(uint lastReceived, out bool complete)
        {
            ArrayList result = new ArrayList();
            complete = _evictedUpTo <= lastReceived;
            for (int i = 0; i < _count; i++)
            {
                int at = (_head + i) % _seqs.Length;
                if (_seqs[at] > lastReceived)
                {
                    result.Add(_packets[at]);
                }
            }

            return result;
        }

        /// <summary>The sequence of the i-th oldest packet held (tests and logs).</summary>
        public uint SequenceAt(int index)
        {
            return _seqs[(_head + index) % _seqs.Length];
        }

        /// <summary>Forgets everything (a new session starts its sequence again).</summary>
        public void Clear()
        {
            while (_count > 0)
            {
                Remove();
            }

            _evictedUpTo = 0;
        }

        private void EvictOldest()
        {
            _evictedUpTo = _seqs[_head];
            Remove();
        }

        private void Remove()
        {
            _bytes -= _packets[_head].Length;
            _packets[_head] = null;
            _head = (_head + 1) % _seqs.Length;
            _count--;
        }
    }
}
