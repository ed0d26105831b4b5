//
// Copyright (c) LiveKit for nanoFramework contributors. Licensed under the Apache License 2.0.
//

using System.Text;

namespace LiveKit.Rtc.Native
{
    /// <summary>NUL-terminated UTF-8 for the C API (null stays null).</summary>
    internal static class Utf8Z
    {
        public static byte[] Encode(string s)
        {
            if (s == null)
            {
                return null;
            }

            byte[] bytes = new byte[Encoding.UTF8.GetByteCount(s) + 1];
            Encoding.UTF8.GetBytes(s, 0, s.Length, bytes, 0);
            return bytes;
        }
    }
}
