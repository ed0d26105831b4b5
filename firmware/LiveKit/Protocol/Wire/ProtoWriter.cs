//
// Copyright (c) LiveKit for nanoFramework contributors. Licensed under the Apache License 2.0.
//

using System;
using System.Collections;

namespace LiveKit.Protocol
{
    /// <summary>
    /// Writes protobuf wire format into a part of a caller's byte array. The caller sizes the
    /// output first (<see cref="ProtoMessage.CalculateSize"/>), so one buffer can be reused for
    /// every message; writing past the given range throws <see cref="ProtocolException"/>
    /// (BufferTooSmall) instead of corrupting memory.
    /// </summary>
    public sealed class ProtoWriter
    {
        private byte[] _buffer;
        private int _start;
        private int _pos;
        private int _end;

        /// <summary>Creates a writer over <paramref name="length"/> bytes of <paramref name="buffer"/> from <paramref name="offset"/>.</summary>
        public ProtoWriter(byte[] buffer, int offset, int length)
        {
            Reset(buffer, offset, length);
        }

        /// <summary>Points the writer at a new output range so that one writer can be reused.</summary>
        public void Reset(byte[] buffer, int offset, int length)
        {
            if (buffer == null || offset < 0 || length < 0 || offset > buffer.Length || length > buffer.Length - offset)
            {
                throw new ProtocolException(ProtocolErrorReason.InvalidArgument, offset);
            }

            _buffer = buffer;
            _start = offset;
            _pos = offset;
            _end = offset + length;
        }

        /// <summary>Index of the next byte to write.</summary>
        public int Position
        {
            get { return _pos; }
        }

        /// <summary>Bytes written since the start of the range.</summary>
        public int Written
        {
            get { return _pos - _start; }
        }

        /// <summary>Bytes left in the writer's range.</summary>
        public int Remaining
        {
            get { return _end - _pos; }
        }

        /// <summary>The output buffer.</summary>
        public byte[] Buffer
        {
            get { return _buffer; }
        }

        /// <summary>Writes a field tag.</summary>
        public void WriteTag(int fieldNumber, WireType wireType)
        {
            WriteRawVarint32((uint)((fieldNumber << 3) | (int)wireType));
        }

        /// <summary>Writes a varint of a 32-bit value.</summary>
        public void WriteRawVarint32(uint value)
        {
            while (value > 0x7F)
            {
                WriteByte((byte)((value & 0x7F) | 0x80));
                value >>= 7;
            }

            WriteByte((byte)value);
        }

        /// <summary>Writes a varint of a 64-bit value.</summary>
        public void WriteRawVarint64(ulong value)
        {
            while (value > 0x7F)
            {
                WriteByte((byte)((value & 0x7F) | 0x80));
                value >>= 7;
            }

            WriteByte((byte)value);
        }

        /// <summary>Writes an int32 value: negative values are sign-extended to 10 bytes, as protobuf requires.</summary>
        public void WriteInt32(int value)
        {
            if (value >= 0)
            {
                WriteRawVarint32((uint)value);
            }
            else
            {
                WriteRawVarint64((ulong)(long)value);
            }
        }

        /// <summary>Writes a uint32 value.</summary>
        public void WriteUInt32(uint value)
        {
            WriteRawVarint32(value);
        }

        /// <summary>Writes an enum value (as int32).</summary>
        public void WriteEnum(int value)
        {
            WriteInt32(value);
        }

        /// <summary>Writes an int64 value.</summary>
        public void WriteInt64(long value)
        {
            WriteRawVarint64((ulong)value);
        }

        /// <summary>Writes a uint64 value.</summary>
        public void WriteUInt64(ulong value)
        {
            WriteRawVarint64(value);
        }

        /// <summary>Writes a bool value.</summary>
        public void WriteBool(bool value)
        {
            WriteByte(value ? (byte)1 : (byte)0);
        }

        /// <summary>Writes a sint32 value (zigzag).</summary>
        public void WriteSInt32(int value)
        {
            WriteRawVarint32(EncodeZigZag32(value));
        }

        /// <summary>Writes a sint64 value (zigzag).</summary>
        public void WriteSInt64(long value)
        {
            WriteRawVarint64(EncodeZigZag64(value));
        }

        /// <summary>Writes 4 little-endian bytes.</summary>
        public void WriteFixed32(uint value)
        {
            Need(4);
            _buffer[_pos] = (byte)value;
            _buffer[_pos + 1] = (byte)(value >> 8);
            _buffer[_pos + 2] = (byte)(value >> 16);
            _buffer[_pos + 3] = (byte)(value >> 24);
            _pos += 4;
        }

        /// <summary>Writes 8 little-endian bytes.</summary>
        public void WriteFixed64(ulong value)
        {
            WriteFixed32((uint)value);
            WriteFixed32((uint)(value >> 32));
        }

        /// <summary>Writes an sfixed32 value.</summary>
        public void WriteSFixed32(int value)
        {
            WriteFixed32((uint)value);
        }

        /// <summary>Writes an sfixed64 value.</summary>
        public void WriteSFixed64(long value)
        {
            WriteFixed64((ulong)value);
        }

        /// <summary>
        /// Writes a float. nanoFramework has no float-to-bits conversion without an array, so this
        /// allocates 4 bytes (floats are rare in LiveKit's messages).
        /// </summary>
        public void WriteFloat(float value)
        {
            byte[] bytes = BitConverter.GetBytes(value);
            Need(4);
            if (BitConverter.IsLittleEndian)
            {
                _buffer[_pos] = bytes[0];
                _buffer[_pos + 1] = bytes[1];
                _buffer[_pos + 2] = bytes[2];
                _buffer[_pos + 3] = bytes[3];
            }
            else
            {
                _buffer[_pos] = bytes[3];
                _buffer[_pos + 1] = bytes[2];
                _buffer[_pos + 2] = bytes[1];
                _buffer[_pos + 3] = bytes[0];
            }

            _pos += 4;
        }

        /// <summary>Writes a double.</summary>
        public void WriteDouble(double value)
        {
            WriteFixed64((ulong)BitConverter.DoubleToInt64Bits(value));
        }

        /// <summary>Writes a length prefix.</summary>
        public void WriteLength(int length)
        {
            WriteRawVarint32((uint)length);
        }

        /// <summary>
        /// Writes a string as a length-prefixed UTF-8 value, encoding it straight into the
        /// buffer (unpaired surrogates become U+FFFD, as in .NET).
        /// </summary>
        public void WriteString(string value)
        {
            if (value == null)
            {
                WriteByte(0);
                return;
            }

            int len = ProtoSize.Utf8Length(value);
            WriteRawVarint32((uint)len);
            Need(len);
            int n = value.Length;
            for (int i = 0; i < n; i++)
            {
                int c = value[i];
                if (c < 0x80)
                {
                    _buffer[_pos++] = (byte)c;
                }
                else if (c < 0x800)
                {
                    _buffer[_pos++] = (byte)(0xC0 | (c >> 6));
                    _buffer[_pos++] = (byte)(0x80 | (c & 0x3F));
                }
                else if (c >= 0xD800 && c <= 0xDBFF && i + 1 < n && value[i + 1] >= 0xDC00 && value[i + 1] <= 0xDFFF)
                {
                    int cp = 0x10000 + ((c - 0xD800) << 10) + (value[i + 1] - 0xDC00);
                    i++;
                    _buffer[_pos++] = (byte)(0xF0 | (cp >> 18));
                    _buffer[_pos++] = (byte)(0x80 | ((cp >> 12) & 0x3F));
                    _buffer[_pos++] = (byte)(0x80 | ((cp >> 6) & 0x3F));
                    _buffer[_pos++] = (byte)(0x80 | (cp & 0x3F));
                }
                else
                {
                    if (c >= 0xD800 && c <= 0xDFFF)
                    {
                        c = 0xFFFD;
                    }

                    _buffer[_pos++] = (byte)(0xE0 | (c >> 12));
                    _buffer[_pos++] = (byte)(0x80 | ((c >> 6) & 0x3F));
                    _buffer[_pos++] = (byte)(0x80 | (c & 0x3F));
                }
            }
        }

        /// <summary>Writes a bytes value with its length prefix (null is written as empty).</summary>
        public void WriteBytes(byte[] value)
        {
            if (value == null)
            {
                WriteByte(0);
                return;
            }

            WriteBytes(value, 0, value.Length);
        }

        /// <summary>Writes part of an array as a bytes value with its length prefix.</summary>
        public void WriteBytes(byte[] value, int offset, int count)
        {
            WriteRawVarint32((uint)count);
            WriteRawBytes(value, offset, count);
        }

        /// <summary>Copies bytes to the output without a prefix.</summary>
        public void WriteRawBytes(byte[] value, int offset, int count)
        {
            Need(count);
            if (count > 0)
            {
                Array.Copy(value, offset, _buffer, _pos, count);
                _pos += count;
            }
        }

        /// <summary>
        /// Writes a sub-message: its length (from the size cached by its last
        /// <see cref="ProtoMessage.CalculateSize"/>) and its fields.
        /// </summary>
        public void WriteMessage(ProtoMessage message)
        {
            WriteRawVarint32((uint)message.CachedSize);
            int start = _pos;
            message.WriteTo(this);
            if (_pos - start != message.CachedSize)
            {
                // The message changed between CalculateSize and WriteTo.
                throw new ProtocolException(ProtocolErrorReason.LengthOutOfRange, start);
            }
        }

        /// <summary>
        /// Writes the entries of a map&lt;string, string&gt; field (each entry a sub-message
        /// with key = 1, value = 2). Keys and values that are not strings are written as empty.
        /// </summary>
        public void WriteStringMap(int fieldNumber, Hashtable map)
        {
            if (map == null)
            {
                return;
            }

            // IDictionaryEnumerator.Key/Value avoid boxing a DictionaryEntry per entry where the
            // enumerator offers them (desktop .NET); Current is the fallback.
            IEnumerator it = map.GetEnumerator();
            IDictionaryEnumerator entries = it as IDictionaryEnumerator;
            while (it.MoveNext())
            {
                string key;
                string value;
                if (entries != null)
                {
                    key = entries.Key as string;
                    value = entries.Value as string;
                }
                else
                {
                    DictionaryEntry entry = (DictionaryEntry)it.Current;
                    key = entry.Key as string;
                    value = entry.Value as string;
                }

                WriteTag(fieldNumber, WireType.LengthDelimited);
                WriteRawVarint32((uint)ProtoSize.StringMapEntrySize(key, value));
                if (key != null && key.Length > 0)
                {
                    WriteTag(1, WireType.LengthDelimited);
                    WriteString(key);
                }

                if (value != null && value.Length > 0)
                {
                    WriteTag(2, WireType.LengthDelimited);
                    WriteString(value);
                }
            }
        }

        /// <summary>Writes one byte.</summary>
        public void WriteByte(byte value)
        {
            if (_pos >= _end)
            {
                throw new ProtocolException(ProtocolErrorReason.BufferTooSmall, _pos);
            }

            _buffer[_pos++] = value;
        }

        /// <summary>Encodes a 32-bit value with zigzag.</summary>
        public static uint EncodeZigZag32(int n)
        {
            return (uint)((n << 1) ^ (n >> 31));
        }

        /// <summary>Encodes a 64-bit value with zigzag.</summary>
        public static ulong EncodeZigZag64(long n)
        {
            return (ulong)((n << 1) ^ (n >> 63));
        }

        private void Need(int count)
        {
            if (_end - _pos < count)
            {
                throw new ProtocolException(ProtocolErrorReason.BufferTooSmall, _pos);
            }
        }
    }
}
