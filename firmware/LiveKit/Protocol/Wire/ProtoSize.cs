//
// Copyright (c) LiveKit for nanoFramework contributors. Licensed under the Apache License 2.0.
//

using System.Collections;

namespace LiveKit.Protocol
{
    /// <summary>
    /// Encoded sizes of protobuf values, used by the messages' CalculateSize.
    /// </summary>
    public static class ProtoSize
    {
        /// <summary>Bytes of a varint holding a 32-bit value.</summary>
        public static int Varint32(uint value)
        {
            if (value < 0x80)
            {
                return 1;
            }

            if (value < 0x4000)
            {
                return 2;
            }

            if (value < 0x200000)
            {
                return 3;
            }

            if (value < 0x10000000)
            {
                return 4;
            }

            return 5;
        }

        /// <summary>Bytes of a varint holding a 64-bit value.</summary>
        public static int Varint64(ulong value)
        {
            int n = 1;
            while (value > 0x7F)
            {
                value >>= 7;
                n++;
            }

            return n;
        }

        /// <summary>Bytes of a tag.</summary>
        public static int Tag(int fieldNumber)
        {
            return Varint32((uint)(fieldNumber << 3));
        }

        /// <summary>Bytes of an int32 or enum value (10 when negative).</summary>
        public static int Int32(int value)
        {
            return value >= 0 ? Varint32((uint)value) : 10;
        }

        /// <summary>Bytes of an int64 value.</summary>
        public static int Int64(long value)
        {
            return Varint64((ulong)value);
        }

        /// <summary>Bytes of a sint32 value.</summary>
        public static int SInt32(int value)
        {
            return Varint32(ProtoWriter.EncodeZigZag32(value));
        }

        /// <summary>Bytes of a sint64 value.</summary>
        public static int SInt64(long value)
        {
            return Varint64(ProtoWriter.EncodeZigZag64(value));
        }

        /// <summary>Bytes of a length prefix plus the content.</summary>
        public static int LengthDelimited(int length)
        {
            return Varint32((uint)length) + length;
        }

        /// <summary>Bytes of a string value with its length prefix (null counts as empty).</summary>
        public static int String(string value)
        {
            if (value == null)
            {
                return 1;
            }

            return LengthDelimited(Utf8Length(value));
        }

        /// <summary>Bytes of a bytes value with its length prefix (null counts as empty).</summary>
        public static int Bytes(byte[] value)
        {
            return value == null ? 1 : LengthDelimited(value.Length);
        }

        /// <summary>
        /// UTF-8 length of a string as <see cref="ProtoWriter.WriteString"/> encodes it
        /// (an unpaired surrogate counts 3 bytes, for U+FFFD).
        /// </summary>
        public static int Utf8Length(string value)
        {
            int n = value.Length;
            int len = 0;
            for (int i = 0; i < n; i++)
            {
                int c = value[i];
                if (c < 0x80)
                {
                    len += 1;
                }
                else if (c < 0x800)
                {
                    len += 2;
                }
                else if (c >= 0xD800 && c <= 0xDBFF && i + 1 < n && value[i + 1] >= 0xDC00 && value[i + 1] <= 0xDFFF)
                {
                    len += 4;
                    i++;
                }
                else
                {
                    len += 3;
                }
            }

            return len;
        }

        /// <summary>Bytes of one map&lt;string, string&gt; entry's content (without its tag and length).</summary>
        public static int StringMapEntrySize(string key, string value)
        {
            int size = 0;
            if (key != null && key.Length > 0)
            {
                size += 1 + String(key);
            }

            if (value != null && value.Length > 0)
            {
                size += 1 + String(value);
            }

            return size;
        }

        /// <summary>Bytes of all entries of a map&lt;string, string&gt; field, tags included.</summary>
        public static int StringMap(int fieldNumber, Hashtable map)
        {
            if (map == null)
            {
                return 0;
            }

            int tag = Tag(fieldNumber);
            int size = 0;
            IEnumerator it = map.GetEnumerator();
            IDictionaryEnumerator entries = it as IDictionaryEnumerator;
            while (it.MoveNext())
            {
                if (entries != null)
                {
                    size += tag + LengthDelimited(StringMapEntrySize(entries.Key as string, entries.Value as string));
                }
                else
                {
                    DictionaryEntry entry = (DictionaryEntry)it.Current;
                    size += tag + LengthDelimited(StringMapEntrySize(entry.Key as string, entry.Value as string));
                }
            }

            return size;
        }
    }
}
