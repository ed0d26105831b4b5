//
// Copyright (c) LiveKit for nanoFramework contributors. Licensed under the Apache License 2.0.
//

using System;

namespace LiveKit.Signal
{
    /// <summary>
    /// Base64 with the URL-safe alphabet ('-' and '_' for '+' and '/'), padding kept, as the
    /// join_request query parameter of /rtc/v1 carries it. nanoFramework's Convert has no
    /// URL-safe variant, so this maps the standard encoding.
    /// </summary>
    public static class Base64Url
    {
        /// <summary>Encodes <paramref name="length"/> bytes from <paramref name="offset"/>.</summary>
        public static string Encode(byte[] data, int offset, int length)
        {
            string standard = Convert.ToBase64String(data, offset, length);
            char[] chars = standard.ToCharArray();
            for (int i = 0; i < chars.Length; i++)
            {
                if (chars[i] == '+')
                {
                    chars[i] = '-';
                }
                else if (chars[i] == '/')
                {
                    chars[i] = '_';
                }
            }

            return new string(chars);
        }

        /// <summary>Encodes and escapes the padding for use as a query value.</summary>
        public static string EncodeForQuery(byte[] data, int offset, int length)
        {
            string s = Encode(data, offset, length);
            int pad = 0;
            while (pad < s.Length && s[s.Length - 1 - pad] == '=')
            {
                pad++;
            }

            if (pad == 0)
            {
                return s;
            }

            string head = s.Substring(0, s.Length - pad);
            for (int i = 0; i < pad; i++)
            {
                head += "%3D";
            }

            return head;
        }

        /// <summary>Decodes URL-safe or standard base64 (padding optional).</summary>
        public static byte[] Decode(string text)
        {
            char[] chars = text.ToCharArray();
            for (int i = 0; i < chars.Length; i++)
            {
                if (chars[i] == '-')
                {
                    chars[i] = '+';
                }
                else if (chars[i] == '_')
                {
                    chars[i] = '/';
                }
            }

            string s = new string(chars);
            while ((s.Length % 4) != 0)
            {
                s += "=";
            }

            return Convert.FromBase64String(s);
        }
    }
}
