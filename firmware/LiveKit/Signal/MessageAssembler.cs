//
// Copyright (c) LiveKit for nanoFramework contributors. Licensed under the Apache License 2.0.
//

using System;

namespace LiveKit.Signal
{
    /// <summary>
    /// Reassembles WebSocket messages that arrive as fragments (nanoFramework's ClientWebSocket
    /// hands them over one frame at a time and leaves reassembly to the user). Not thread-safe:
    /// one instance per connection, fed from its receive thread.
    /// </summary>
    public sealed class MessageAssembler
    {
        private readonly int _maxMessage;
        private byte[] _buffer;
        private int _length;
        private bool _inMessage;
        private bool _overflow;

        /// <summary>Creates an assembler that refuses messages larger than <paramref name="maxMessage"/> bytes.</summary>
        public MessageAssembler(int maxMessage)
        {
            _maxMessage = maxMessage;
        }

        /// <summary>Messages dropped because they were larger than the limit or a fragment came out of order.</summary>
        public int Dropped { get; private set; }

        /// <summary>
        /// Feeds one frame: <paramref name="first"/> and <paramref name="final"/> say where it sits
        /// in its message (an unfragmented message is both). Returns the whole message (a new
        /// array of exactly its length) when the frame completes one, else null.
        /// </summary>
        public byte[] Add(byte[] data, int offset, int length, bool first, bool final)
        {
            if (first)
            {
                if (_inMessage)
                {
                    // The previous message never got its final fragment.
                    Dropped++;
                }

                _inMessage = true;
                _overflow = false;
                _length = 0;
            }
            else if (!_inMessage)
            {
                // A continuation without a start.
                Dropped++;
                return null;
            }

            if (!_overflow)
            {
                if (_length + length > _maxMessage)
                {
                    _overflow = true;
                }
                else
                {
                    Append(data, offset, length);
                }
            }

            if (!final)
            {
                return null;
            }

            _inMessage = false;
            if (_overflow)
            {
                Dropped++;
                _length = 0;
                return null;
            }

            byte[] whole = new byte[_length];
            if (_length > 0)
            {
                Array.Copy(_buffer, 0, whole, 0, _length);
            }

            _length = 0;
            return whole;
        }

        private void Append(byte[] data, int offset, int length)
        {
            if (_buffer == null || _length + length > _buffer.Length)
            {
                int size = _buffer == null ? 1024 : _buffer.Length;
                while (size < _length + length)
                {
                    size *= 2;
                }

                if (size > _maxMessage)
                {
                    size = _maxMessage;
                }

                byte[] grown = new byte[size];
                if (_length > 0)
                {
                    Array.Copy(_buffer, 0, grown, 0, _length);
                }

                _buffer = grown;
            }

            Array.Copy(data, offset, _buffer, _length, length);
            _length += length;
        }
    }
}
