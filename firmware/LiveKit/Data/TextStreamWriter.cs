//
// Copyright (c) LiveKit for nanoFramework contributors. Licensed under the Apache License 2.0.
//

namespace LiveKit
{
    /// <summary>
    /// Writes an outgoing text stream piece by piece (an agent's transcript, say). Each
    /// <see cref="Write"/> is sent at once in chunks of at most 15,000 bytes, never splitting a
    /// UTF-8 character; <see cref="Close"/> ends the stream. Not thread-safe per writer.
    /// </summary>
    public sealed class TextStreamWriter
    {
        private readonly Data.OutgoingStream _stream;
        private readonly TextStreamInfo _info;

        internal TextStreamWriter(Data.OutgoingStream stream, TextStreamInfo info)
        {
            _stream = stream;
            _info = info;
        }

        /// <summary>The stream's header as sent.</summary>
        public TextStreamInfo Info
        {
            get { return _info; }
        }

        /// <summary>Sends more text.</summary>
        public void Write(string text)
        {
            byte[] bytes = Data.Utf8Text.GetBytes(text);
            _stream.WriteChunks(bytes, 0, bytes.Length, true);
        }

        internal void WriteUtf8(byte[] bytes)
        {
            _stream.WriteChunks(bytes, 0, bytes.Length, true);
        }

        /// <summary>Ends the stream; further writes throw.</summary>
        public void Close()
        {
            _stream.Close(null);
        }
    }
}
