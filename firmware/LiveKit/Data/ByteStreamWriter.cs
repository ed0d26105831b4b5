//
// Copyright (c) LiveKit for nanoFramework contributors. Licensed under the Apache License 2.0.
//

namespace LiveKit
{
    /// <summary>
    /// Writes an outgoing byte stream piece by piece; each <see cref="Write"/> is sent at once
    /// in chunks of at most 15,000 bytes; <see cref="Close"/> ends the stream.
    /// </summary>
    public sealed class ByteStreamWriter
    {
        private readonly Data.OutgoingStream _stream;
        private readonly ByteStreamInfo _info;

        internal ByteStreamWriter(Data.OutgoingStream stream, ByteStreamInfo info)
        {
            _stream = stream;
            _info = info;
        }

        /// <summary>The stream's header as sent.</summary>
        public ByteStreamInfo Info
        {
            get { return _info; }
        }

        /// <summary>Sends more bytes.</summary>
        public void Write(byte[] data, int offset, int count)
        {
            _stream.WriteChunks(data, offset, count, false);
        }

        /// <summary>Ends the stream; further writes throw.</summary>
        public void Close()
        {
            _stream.Close(null);
        }
    }
}
