//
// Copyright (c) LiveKit for nanoFramework contributors. Licensed under the Apache License 2.0.
//

using System;

namespace LiveKit.Data
{
    /// <summary>An incoming data stream being assembled, bounded by the manager's byte limit.</summary>
    internal sealed class IncomingStream
    {
        public StreamInfo Info;
        public bool IsText;
        public string Sender;
        public ulong NextChunk;
        public byte[] Buffer = new byte[256];
        public int Length;

        /// <summary>Appends content; false when the stream would pass maxBytes.</summary>
        public bool Append(byte[] content, int maxBytes)
        {
            if (content == null || content.Length == 0)
            {
                return true;
            }

            if (Length + content.Length > maxBytes)
            {
                return false;
            }

            if (Length + content.Length > Buffer.Length)
            {
                int size = Buffer.Length * 2;
                while (size < Length + content.Length)
                {
                    size *= 2;
                }

                byte[] grown = new byte[size > maxBytes ? maxBytes : size];
                Array.Copy(Buffer, 0, grown, 0, Length);
                Buffer = grown;
            }

            Array.Copy(content, 0, Buffer, Length, content.Length);
            Length += content.Length;
            return true;
        }

        public byte[] ToArray()
        {
            byte[] data = new byte[Length];
            Array.Copy(Buffer, 0, data, 0, Length);
            return data;
        }
    }
}
