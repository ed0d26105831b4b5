//
// Copyright (c) LiveKit for nanoFramework contributors. Licensed under the Apache License 2.0.
//

using System;
using System.Collections;
using System.Text;

namespace LiveKit.Protocol
{
    /// <summary>
    /// Reads protobuf wire format from a part of a byte array without copying it. Every read is
    /// checked against the end of the current (sub-)message; declared lengths are checked
    /// against the remaining input before anything is allocated, so a hostile length cannot
    /// make it allocate more than the input holds. Nesting of messages and groups is limited.
    /// </summary>
    /// <remarks>
    /// Messages read a field with <see cref="ReadTag"/> until it returns 0 (end of the current
    /// message), then dispatch on the field number. A sub-message is read between
    /// <see cref="BeginMessage"/> and <see cref="EndMessage"/>.
    /// </remarks>
    public sealed class ProtoReader
    {
        /// <summary>The nesting limit used unless another one is given.</summary>
        public const int DefaultMaxDepth = 32;

        private byte[] _buffer;
        private int _start;
        private int _pos;
        private int _limit;
        private int _end;
        private int _depth;
        private int _maxDepth;

        /// <summary>
        /// Creates a reader over <paramref name="length"/> bytes of <paramref name="buffer"/> from
        /// <paramref name="offset"/>, with the default nesting limit.
        /// </summary>
        public ProtoReader(byte[] buffer, int offset, int length)
        {
            Reset(buffer, offset, length, DefaultMaxDepth);
        }

        /// <summary>
        /// Creates a reader with an explicit nesting limit.
        /// </summary>
        public ProtoReader(byte[] buffer, int offset, int length, int maxDepth)
        {
            Reset(buffer, offset, length, maxDepth);
        }

        /// <summary>
        /// Points the reader at new input so that one reader can be reused.
        /// </summary>
        public void Reset(byte[] buffer, int offset, int length, int maxDepth)
        {
            if (buffer == null || offset < 0 || length < 0 || offset > buffer.Length || length > buffer.Length - offset)
            {
                throw new ProtocolException(ProtocolErrorReason.InvalidArgument, offset);
            }

            _buffer = buffer;
            _start = offset;
            _pos = offset;
            _end = offset + length;
            _limit = _end;
            _depth = 0;
            _maxDepth = maxDepth;
        }

        /// <summary>Index of the next byte to read in the buffer.</summary>
        public int Position
        {
            get { return _pos; }
        }

        /// <summary>Index just past the current (sub-)message.</summary>
        public int Limit
        {
            get { return _limit; }
        }

        /// <summary>How many sub-messages the reader is inside.</summary>
        public int Depth
        {
            get { return _depth; }
        }

        /// <summary>True when the current (sub-)message has no more bytes.</summary>
        public bool IsAtLimit
        {
            get { return _pos >= _limit; }
        }

        /// <summary>
        /// Moves back to a position inside the current message (used to read a message twice:
        /// once to count repeated fields, once to fill exact-size arrays).
        /// </summary>
        public void Rewind(int position)
        {
            if (position < _start || position > _limit)
            {
                throw new ProtocolException(ProtocolErrorReason.InvalidArgument, position);
            }

            _pos = position;
        }

        /// <summary>Field number of a tag.</summary>
        public static int FieldNumber(uint tag)
        {
            return (int)(tag >> 3);
        }

        /// <summary>Wire type of a tag.</summary>
        public static WireType TagWireType(uint tag)
        {
            return (WireType)(tag & 7);
        }

        /// <summary>
        /// Reads the next tag, or returns 0 at the end of the current message. Rejects field
        /// number 0, wire types 6 and 7 and tags over 32 bits.
        /// </summary>
        public uint ReadTag()
        {
            if (_pos >= _limit)
            {
                return 0;
            }

            int at = _pos;
            byte first = _buffer[_pos];
            if (first < 0x80)
            {
                // one-byte tag: fields 1..15, the common case
                if ((first >> 3) == 0 || (first & 7) > 5)
                {
                    throw new ProtocolException(ProtocolErrorReason.InvalidTag, at);
                }

                _pos++;
                return first;
            }

            ulong raw = ReadRawVarint64();
            if (raw > 0xFFFFFFFFUL || (raw >> 3) == 0 || (raw & 7) > 5)
            {
                throw new ProtocolException(ProtocolErrorReason.InvalidTag, at);
            }

            return (uint)raw;
        }

        /// <summary>
        /// Throws <see cref="ProtocolException"/> (WrongWireType) unless the tag has the given
        /// wire type.
        /// </summary>
        public void Expect(uint tag, WireType wireType)
        {
            if ((WireType)(tag & 7) != wireType)
            {
                throw new ProtocolException(ProtocolErrorReason.WrongWireType, _pos);
            }
        }

        /// <summary>Reads a varint of at most 10 bytes.</summary>
        public ulong ReadRawVarint64()
        {
            ulong result = 0;
            int shift = 0;
            int at = _pos;
            for (int i = 0; i < 10; i++)
            {
                if (_pos >= _limit)
                {
                    throw new ProtocolException(ProtocolErrorReason.Truncated, _pos);
                }

                byte b = _buffer[_pos++];
                result |= ((ulong)(b & 0x7F)) << shift;
                if ((b & 0x80) == 0)
                {
                    return result;
                }

                shift += 7;
            }

            throw new ProtocolException(ProtocolErrorReason.VarintTooLong, at);
        }

        /// <summary>
        /// Reads a varint of at most 10 bytes and keeps its low 32 bits (how int32, uint32 and
        /// enums are read: a negative int32 is sent as a sign-extended 10-byte varint).
        /// </summary>
        public uint ReadRawVarint32()
        {
            if (_pos < _limit)
            {
                byte first = _buffer[_pos];
                if ((first & 0x80) == 0)
                {
                    _pos++;
                    return first;
                }
            }

            return (uint)ReadRawVarint64();
        }

        /// <summary>Reads an int32 field value.</summary>
        public int ReadInt32()
        {
            return (int)ReadRawVarint32();
        }

        /// <summary>Reads a uint32 field value.</summary>
        public uint ReadUInt32()
        {
            return ReadRawVarint32();
        }

        /// <summary>Reads an enum field value.</summary>
        public int ReadEnum()
        {
            return (int)ReadRawVarint32();
        }

        /// <summary>Reads an int64 field value.</summary>
        public long ReadInt64()
        {
            return (long)ReadRawVarint64();
        }

        /// <summary>Reads a uint64 field value.</summary>
        public ulong ReadUInt64()
        {
            return ReadRawVarint64();
        }

        /// <summary>Reads a bool field value (any non-zero varint is true).</summary>
        public bool ReadBool()
        {
            return ReadRawVarint64() != 0;
        }

        /// <summary>Reads a sint32 (zigzag) field value.</summary>
        public int ReadSInt32()
        {
            return DecodeZigZag32(ReadRawVarint32());
        }

        /// <summary>Reads a sint64 (zigzag) field value.</summary>
        public long ReadSInt64()
        {
            return DecodeZigZag64(ReadRawVarint64());
        }

        /// <summary>Reads 4 little-endian bytes.</summary>
        public uint ReadFixed32()
        {
            Need(4);
            uint v = (uint)_buffer[_pos]
                | ((uint)_buffer[_pos + 1] << 8)
                | ((uint)_buffer[_pos + 2] << 16)
                | ((uint)_buffer[_pos + 3] << 24);
            _pos += 4;
            return v;
        }

        /// <summary>Reads 8 little-endian bytes.</summary>
        public ulong ReadFixed64()
        {
            Need(8);
            uint lo = (uint)_buffer[_pos]
                | ((uint)_buffer[_pos + 1] << 8)
                | ((uint)_buffer[_pos + 2] << 16)
                | ((uint)_buffer[_pos + 3] << 24);
            uint hi = (uint)_buffer[_pos + 4]
                | ((uint)_buffer[_pos + 5] << 8)
                | ((uint)_buffer[_pos + 6] << 16)
                | ((uint)_buffer[_pos + 7] << 24);
            _pos += 8;
            return ((ulong)hi << 32) | lo;
        }

        /// <summary>Reads an sfixed32 field value.</summary>
        public int ReadSFixed32()
        {
            return (int)ReadFixed32();
        }

        /// <summary>Reads an sfixed64 field value.</summary>
        public long ReadSFixed64()
        {
            return (long)ReadFixed64();
        }

        /// <summary>Reads a float (IEEE 754 single, little-endian) without allocating.</summary>
        public float ReadFloat()
        {
            Need(4);
            float f = BitConverter.ToSingle(_buffer, _pos);
            _pos += 4;
            return f;
        }

        /// <summary>Reads a double (IEEE 754 double, little-endian).</summary>
        public double ReadDouble()
        {
            return BitConverter.Int64BitsToDouble((long)ReadFixed64());
        }

        /// <summary>
        /// Reads a length prefix and checks it against the rest of the current message.
        /// </summary>
        public int ReadLength()
        {
            int at = _pos;
            if (_pos < _limit && _buffer[_pos] < 0x80)
            {
                int small = _buffer[_pos];
                if (small > _limit - _pos - 1)
                {
                    throw new ProtocolException(ProtocolErrorReason.LengthOutOfRange, at);
                }

                _pos++;
                return small;
            }

            ulong len = ReadRawVarint64();
            if (len > (ulong)(_limit - _pos))
            {
                throw new ProtocolException(ProtocolErrorReason.LengthOutOfRange, at);
            }

            return (int)len;
        }

        /// <summary>Reads a length-delimited UTF-8 string (the only copy is the string itself).</summary>
        public string ReadString()
        {
            int len = ReadLength();
            if (len == 0)
            {
                return string.Empty;
            }

            string s;
            try
            {
                // Desktop .NET replaces invalid UTF-8 with U+FFFD; a runtime that throws instead
                // must still surface only ProtocolException from Decode.
                s = Encoding.UTF8.GetString(_buffer, _pos, len);
            }
            catch (Exception)
            {
                throw new ProtocolException(ProtocolErrorReason.InvalidUtf8, _pos);
            }

            _pos += len;
            return s;
        }

        /// <summary>Reads a length-delimited bytes field into a new array of exactly its length.</summary>
        public byte[] ReadBytes()
        {
            int len = ReadLength();
            byte[] result = new byte[len];
            if (len > 0)
            {
                Array.Copy(_buffer, _pos, result, 0, len);
                _pos += len;
            }

            return result;
        }

        /// <summary>
        /// Reads the length of a length-delimited field and returns its position in the buffer
        /// without copying (the bytes are <c>Buffer[result .. result + length)</c>); the reader
        /// moves past them.
        /// </summary>
        public int ReadBytesInPlace(out int length)
        {
            length = ReadLength();
            int at = _pos;
            _pos += length;
            return at;
        }

        /// <summary>The input buffer (for <see cref="ReadBytesInPlace"/>).</summary>
        public byte[] Buffer
        {
            get { return _buffer; }
        }

        /// <summary>
        /// Enters a length-delimited sub-message: reads its length, checks it and the nesting
        /// depth, and narrows the limit to its end. Returns the previous limit, to be given to
        /// <see cref="EndMessage"/>.
        /// </summary>
        public int BeginMessage()
        {
            int len = ReadLength();
            if (_depth >= _maxDepth)
            {
                throw new ProtocolException(ProtocolErrorReason.NestingTooDeep, _pos);
            }

            _depth++;
            int old = _limit;
            _limit = _pos + len;
            return old;
        }

        /// <summary>
        /// Leaves a sub-message entered with <see cref="BeginMessage"/>.
        /// </summary>
        public void EndMessage(int previousLimit)
        {
            if (_pos != _limit)
            {
                throw new ProtocolException(ProtocolErrorReason.LengthOutOfRange, _pos);
            }

            _depth--;
            _limit = previousLimit;
        }

        /// <summary>
        /// Enters a packed repeated field: reads its length and narrows the limit to its end.
        /// Returns the previous limit, for <see cref="EndPacked"/>.
        /// </summary>
        public int BeginPacked()
        {
            int len = ReadLength();
            int old = _limit;
            _limit = _pos + len;
            return old;
        }

        /// <summary>Leaves a packed repeated field.</summary>
        public void EndPacked(int previousLimit)
        {
            if (_pos != _limit)
            {
                throw new ProtocolException(ProtocolErrorReason.LengthOutOfRange, _pos);
            }

            _limit = previousLimit;
        }

        /// <summary>
        /// Skips the value of a field that the message does not know, of any wire type
        /// (groups included, within the nesting limit).
        /// </summary>
        public void SkipField(uint tag)
        {
            switch ((WireType)(tag & 7))
            {
                case WireType.Varint:
                    ReadRawVarint64();
                    break;
                case WireType.Fixed64:
                    Need(8);
                    _pos += 8;
                    break;
                case WireType.LengthDelimited:
                    int len = ReadLength();
                    _pos += len;
                    break;
                case WireType.StartGroup:
                    SkipGroup(tag >> 3);
                    break;
                case WireType.Fixed32:
                    Need(4);
                    _pos += 4;
                    break;
                default:
                    // An end-group tag without its start group.
                    throw new ProtocolException(ProtocolErrorReason.InvalidTag, _pos);
            }
        }

        /// <summary>
        /// Skips one field of a repeated declaration and says how many elements it held: 1 for
        /// an element of <paramref name="elementType"/>, the element count for a packed run
        /// (scalar numeric fields only, <paramref name="packable"/>). Used by the counting pass
        /// that sizes the arrays of repeated fields exactly.
        /// </summary>
        public int CountRepeated(uint tag, WireType elementType, bool packable)
        {
            WireType wt = (WireType)(tag & 7);
            if (wt == elementType)
            {
                SkipField(tag);
                return 1;
            }

            if (!packable || wt != WireType.LengthDelimited)
            {
                throw new ProtocolException(ProtocolErrorReason.WrongWireType, _pos);
            }

            int len = ReadLength();
            int count;
            if (elementType == WireType.Varint)
            {
                count = 0;
                int stop = _pos + len;
                for (int i = _pos; i < stop; i++)
                {
                    if ((_buffer[i] & 0x80) == 0)
                    {
                        count++;
                    }
                }
            }
            else
            {
                int size = elementType == WireType.Fixed32 ? 4 : 8;
                if (len % size != 0)
                {
                    throw new ProtocolException(ProtocolErrorReason.LengthOutOfRange, _pos);
                }

                count = len / size;
            }

            _pos += len;
            return count;
        }

        /// <summary>
        /// Reads one map&lt;string, string&gt; entry (a sub-message with key = 1, value = 2) into
        /// <paramref name="map"/>; a later entry with the same key wins.
        /// </summary>
        public void ReadStringMapEntry(Hashtable map)
        {
            int old = BeginMessage();
            string key = string.Empty;
            string value = string.Empty;
            uint tag;
            while ((tag = ReadTag()) != 0)
            {
                switch (tag >> 3)
                {
                    case 1:
                        Expect(tag, WireType.LengthDelimited);
                        key = ReadString();
                        break;
                    case 2:
                        Expect(tag, WireType.LengthDelimited);
                        value = ReadString();
                        break;
                    default:
                        SkipField(tag);
                        break;
                }
            }

            EndMessage(old);
            map[key] = value;
        }

        /// <summary>Decodes a zigzag-encoded 32-bit value.</summary>
        public static int DecodeZigZag32(uint n)
        {
            return (int)(n >> 1) ^ -(int)(n & 1);
        }

        /// <summary>Decodes a zigzag-encoded 64-bit value.</summary>
        public static long DecodeZigZag64(ulong n)
        {
            return (long)(n >> 1) ^ -(long)(n & 1);
        }

        private void SkipGroup(uint fieldNumber)
        {
            if (_depth >= _maxDepth)
            {
                throw new ProtocolException(ProtocolErrorReason.NestingTooDeep, _pos);
            }

            _depth++;
            while (true)
            {
                if (_pos >= _limit)
                {
                    throw new ProtocolException(ProtocolErrorReason.Truncated, _pos);
                }

                uint tag = ReadTag();
                if ((WireType)(tag & 7) == WireType.EndGroup)
                {
                    if ((tag >> 3) != fieldNumber)
                    {
                        throw new ProtocolException(ProtocolErrorReason.InvalidTag, _pos);
                    }

                    break;
                }

                SkipField(tag);
            }

            _depth--;
        }

        private void Need(int count)
        {
            if (_limit - _pos < count)
            {
                throw new ProtocolException(ProtocolErrorReason.Truncated, _pos);
            }
        }
    }
}
