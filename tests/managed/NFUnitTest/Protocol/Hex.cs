//
// Copyright (c) LiveKit for nanoFramework contributors. Licensed under the Apache License 2.0.
//

using System;

namespace NFUnitTest.Protocol
{
    /// <summary>Hex helpers for the codec tests (nanoFramework-safe).</summary>
    internal static class Hex
    {
        /// <summary>"AC 02" or "ac02" to bytes.</summary>
        public static byte[] Parse(string text)
        {
            string digits = "0123456789abcdef";
            byte[] tmp = new byte[text.Length / 2 + 1];
            int n = 0;
            int hi = -1;
            for (int i = 0; i < text.Length; i++)
            {
                char c = text[i];
                if (c == ' ')
                {
                    continue;
                }

                if (c >= 'A' && c <= 'F')
                {
                    c = (char)(c - 'A' + 'a');
                }

                int v = digits.IndexOf(c);
                if (v < 0)
                {
                    throw new ArgumentException();
                }

                if (hi < 0)
                {
                    hi = v;
                }
                else
                {
                    tmp[n++] = (byte)((hi << 4) | v);
                    hi = -1;
                }
            }

            byte[] result = new byte[n];
            Array.Copy(tmp, result, n);
            return result;
        }

        /// <summary>Bytes to "AC 02".</summary>
        public static string Format(byte[] data, int offset, int count)
        {
            string digits = "0123456789ABCDEF";
            char[] chars = new char[count == 0 ? 0 : count * 3 - 1];
            for (int i = 0; i < count; i++)
            {
                byte b = data[offset + i];
                chars[i * 3] = digits[b >> 4];
                chars[i * 3 + 1] = digits[b & 15];
                if (i * 3 + 2 < chars.Length)
                {
                    chars[i * 3 + 2] = ' ';
                }
            }

            return new string(chars);
        }

        /// <summary>Bytes to "AC 02".</summary>
        public static string Format(byte[] data)
        {
            return Format(data, 0, data.Length);
        }
    }
}
