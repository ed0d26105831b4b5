//
// Copyright (c) LiveKit for nanoFramework contributors. Licensed under the Apache License 2.0.
//

namespace LiveKit.Protocol
{
    /// <summary>
    /// Base of every LiveKit protobuf message: exact sizing, writing into a caller's buffer,
    /// and merging from a reader. Each message class adds a static Decode.
    /// </summary>
    public abstract class ProtoMessage
    {
        private int _cachedSize;

        /// <summary>
        /// The size computed by the last <see cref="CalculateSize"/> call. <see cref="WriteTo"/>
        /// uses the cached sizes of sub-messages, so encoding is linear in the message size.
        /// </summary>
        public int CachedSize
        {
            get { return _cachedSize; }
        }

        /// <summary>
        /// Computes the encoded size in bytes (of this message and, cached, of every
        /// sub-message). Call it before <see cref="WriteTo"/> after any change.
        /// </summary>
        public int CalculateSize()
        {
            _cachedSize = ComputeSize();
            return _cachedSize;
        }

        /// <summary>Computes the size; sub-messages are sized with their CalculateSize.</summary>
        protected abstract int ComputeSize();

        /// <summary>
        /// Writes the fields (no length prefix). <see cref="CalculateSize"/> must have been called
        /// since the message or any of its sub-messages last changed.
        /// </summary>
        public abstract void WriteTo(ProtoWriter writer);

        /// <summary>
        /// Reads fields until the reader's current limit, merging them into this message
        /// (scalars are replaced, repeated fields appended, sub-messages merged).
        /// </summary>
        public abstract void MergeFrom(ProtoReader reader);

        /// <summary>Encodes into a new array of exactly the encoded size.</summary>
        public byte[] ToByteArray()
        {
            int size = CalculateSize();
            byte[] buffer = new byte[size];
            ProtoWriter writer = new ProtoWriter(buffer, 0, size);
            WriteTo(writer);
            return buffer;
        }

        /// <summary>
        /// Encodes into <paramref name="buffer"/> from <paramref name="offset"/> and returns the
        /// number of bytes written; throws <see cref="ProtocolException"/> (BufferTooSmall) when
        /// it does not fit, before writing anything.
        /// </summary>
        public int EncodeTo(byte[] buffer, int offset)
        {
            int size = CalculateSize();
            if (buffer == null || offset < 0 || offset > buffer.Length || buffer.Length - offset < size)
            {
                throw new ProtocolException(ProtocolErrorReason.BufferTooSmall, offset);
            }

            ProtoWriter writer = new ProtoWriter(buffer, offset, size);
            WriteTo(writer);
            return size;
        }

        /// <summary>
        /// Encodes with a caller's writer (reused across messages): size, then fields. Returns
        /// the number of bytes written; throws <see cref="ProtocolException"/> (BufferTooSmall)
        /// before writing anything when the rest of the writer's range is too small.
        /// </summary>
        public int EncodeTo(ProtoWriter writer)
        {
            int size = CalculateSize();
            if (writer.Remaining < size)
            {
                throw new ProtocolException(ProtocolErrorReason.BufferTooSmall, writer.Position);
            }

            WriteTo(writer);
            return size;
        }

        /// <summary>
        /// Reads a length-delimited sub-message of this type from the reader into this instance.
        /// </summary>
        public void MergeDelimitedFrom(ProtoReader reader)
        {
            int old = reader.BeginMessage();
            MergeFrom(reader);
            reader.EndMessage(old);
        }
    }
}
