//
// Copyright (c) LiveKit for nanoFramework contributors. Licensed under the Apache License 2.0.
//

using System.Text;

namespace LiveKit.Data
{
    /// <summary>UTF-8 helpers for the size limits and chunking of RPC and text streams.</summary>
    internal static class Utf8Text
    {
        /// <summary>The UTF-8 bytes of a string (empty for null).</summary>
        public static byte[] GetBytes(string text)
        {
            return text == null ? new byte[0] : Encoding.UTF8.GetBytes(text);
        }

        /// <summary>The UTF-8 length of a string (0 for null).</summary>
        public static int ByteLength(string text)
        {
            return GetBytes(text).Length;
        }

        /// <summary>
        /// The largest n &lt;= <paramref name="max"/> such that bytes[offset .. offset + n) ends on a
        /// UTF-8 character boundary (never splits a multi-byte sequence; at least one whole
        /// character when max allows it).
        /// </summary>
        public static int BoundaryAtOrBefore(byte[] bytes, int offset, int count, int max)
        {
            if (count <= max)
            {
                return count;
            }

            int n = max;

            // A continuation byte (10xxxxxx) at the cut means the cut is inside a character.
            while (n > 0 && (bytes[offset + n] & 0xC0) == 0x80)
            {
                n--;
            }

            return n == 0 ? max : n;
        }

        /// <summary>The string cut to at most maxBytes of UTF-8, on a character boundary.</summary>
        public static string Truncate(string text, int maxBytes)
        {
            if (text == null)
            {
                return null;
            }

            byte[] bytes = GetBytes(text);
            if (bytes.Length <= maxBytes)
            {
                return text;
            }

            int n = BoundaryAtOrBefore(bytes, 0, bytes.Length, maxBytes);
            return Encoding.UTF8.GetString(bytes, 0, n);
        }
    }
}
