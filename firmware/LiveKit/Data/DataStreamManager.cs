//
// Copyright (c) LiveKit for nanoFramework contributors. Licensed under the Apache License 2.0.
//

using System;
using System.Collections;
using System.Text;
using LiveKit.Protocol;

namespace LiveKit.Data
{
    /// <summary>
    /// Data streams: outgoing text and byte streams (header, chunks, trailer on the reliable
    /// channel) and incoming ones assembled per stream id and handed to the handler registered
    /// for their topic when the trailer arrives. Incoming streams are bounded: at most
    /// <see cref="MaxIncomingStreams"/> at once and <see cref="MaxStreamBytes"/> bytes each; a
    /// stream past a bound is dropped and reported through the log, never buffered without end.
    /// Incoming packets arrive on the event thread only; sending may come from any thread.
    /// </summary>
    internal sealed class DataStreamManager
    {
        /// <summary>The largest chunk content, in bytes (LiveKit's STREAM_CHUNK_SIZE).</summary>
        public const int ChunkSize = 15000;

        /// <summary>How many incoming streams may be open at once.</summary>
        public const int MaxIncomingStreams = 16;

        private static readonly DateTime s_epoch = new DateTime(1970, 1, 1, 0, 0, 0);

        private readonly IDataPacketTransport _transport;
        private readonly Hashtable _textHandlers = new Hashtable();
        private readonly Hashtable _byteHandlers = new Hashtable();
        private readonly Hashtable _incoming = new Hashtable();
        private readonly object _lock = new object();
        private int _maxStreamBytes = 1048576;

        public DataStreamManager(IDataPacketTransport transport)
        {
            _transport = transport;
        }

        /// <summary>The largest incoming stream kept, in bytes (default 1 MiB).</summary>
        public int MaxStreamBytes
        {
            get { return _maxStreamBytes; }
            set { _maxStreamBytes = value; }
        }

        /// <summary>How many incoming streams are being assembled.</summary>
        public int IncomingCount
        {
            get
            {
                lock (_lock)
                {
                    return _incoming.Count;
                }
            }
        }

        /// <summary>Milliseconds since 1970 (the header's timestamp).</summary>
        public static long UnixTimeMs()
        {
            return (DateTime.UtcNow - s_epoch).Ticks / TimeSpan.TicksPerMillisecond;
        }

        public void RegisterTextStreamHandler(string topic, TextStreamHandler handler)
        {
            Register(_textHandlers, topic, handler);
        }

        public void UnregisterTextStreamHandler(string topic)
        {
            lock (_lock)
            {
                _textHandlers.Remove(topic);
            }
        }

        public void RegisterByteStreamHandler(string topic, ByteStreamHandler handler)
        {
            Register(_byteHandlers, topic, handler);
        }

        public void UnregisterByteStreamHandler(string topic)
        {
            lock (_lock)
            {
                _byteHandlers.Remove(topic);
            }
        }

        private void Register(Hashtable table, string topic, object handler)
        {
            if (topic == null || handler == null)
            {
                throw new ArgumentNullException();
            }

            lock (_lock)
            {
                if (table.Contains(topic))
                {
                    throw new InvalidOperationException("a handler is already registered for topic " + topic);
                }

                table[topic] = handler;
            }
        }

        /// <summary>Opens an outgoing text stream and sends its header.</summary>
        public TextStreamWriter StreamText(StreamOptions options)
        {
            DataStreamHeader header = NewHeader(options, "text/plain");
            DataStreamTextHeader text = new DataStreamTextHeader();
            text.OperationType = DataStreamOperationType.Create;
            if (options != null && options.ReplyToStreamId != null)
            {
                text.ReplyToStreamId = options.ReplyToStreamId;
            }

            header.TextHeader = text;
            TextStreamInfo info = new TextStreamInfo();
            Describe(info, header);
            info.ReplyToStreamId = text.ReplyToStreamId;
            return new TextStreamWriter(new OutgoingStream(_transport, header, Destinations(options)), info);
        }

        /// <summary>Opens an outgoing byte stream and sends its header.</summary>
        public ByteStreamWriter StreamBytes(StreamOptions options)
        {
            DataStreamHeader header = NewHeader(options, "application/octet-stream");
            DataStreamByteHeader bytes = new DataStreamByteHeader();
            bytes.Name = options != null && options.Name != null ? options.Name : string.Empty;
            header.ByteHeader = bytes;
            ByteStreamInfo info = new ByteStreamInfo();
            Describe(info, header);
            info.Name = bytes.Name;
            return new ByteStreamWriter(new OutgoingStream(_transport, header, Destinations(options)), info);
        }

        /// <summary>Sends a whole text as one stream (header with its length, chunks, trailer).</summary>
        public TextStreamInfo SendText(string text, StreamOptions options)
        {
            byte[] bytes = Utf8Text.GetBytes(text);
            StreamOptions o = WithLength(options, bytes.Length);
            TextStreamWriter writer = StreamText(o);
            writer.Info.TotalLength = bytes.Length;
            OutgoingWrite(writer, bytes);
            return writer.Info;
        }

        /// <summary>Sends a whole byte array as one stream.</summary>
        public ByteStreamInfo SendBytes(byte[] data, StreamOptions options)
        {
            int length = data == null ? 0 : data.Length;
            ByteStreamWriter writer = StreamBytes(WithLength(options, length));
            if (length > 0)
            {
                writer.Write(data, 0, length);
            }

            writer.Close();
            return writer.Info;
        }

        private static void OutgoingWrite(TextStreamWriter writer, byte[] bytes)
        {
            // Write the UTF-8 bytes directly: no second encoding of the whole text.
            writer.WriteUtf8(bytes);
            writer.Close();
        }

        private static StreamOptions WithLength(StreamOptions options, long length)
        {
            StreamOptions o = new StreamOptions();
            if (options != null)
            {
                o.Topic = options.Topic;
                o.DestinationIdentities = options.DestinationIdentities;
                o.Attributes = options.Attributes;
                o.StreamId = options.StreamId;
                o.Name = options.Name;
                o.MimeType = options.MimeType;
                o.ReplyToStreamId = options.ReplyToStreamId;
            }

            o.TotalLength = length;
            return o;
        }

        private static string[] Destinations(StreamOptions options)
        {
            return options == null ? null : options.DestinationIdentities;
        }

        private static DataStreamHeader NewHeader(StreamOptions options, string defaultMime)
        {
            DataStreamHeader header = new DataStreamHeader();
            header.StreamId = options != null && options.StreamId != null ? options.StreamId : Guid.NewGuid().ToString();
            header.Timestamp = UnixTimeMs();
            header.Topic = options != null && options.Topic != null ? options.Topic : string.Empty;
            header.MimeType = options != null && options.MimeType != null ? options.MimeType : defaultMime;
            if (options != null && options.TotalLength >= 0)
            {
                header.TotalLength = (ulong)options.TotalLength;
            }

            if (options != null && options.Attributes != null && options.Attributes.Count > 0)
            {
                header.Attributes = options.Attributes;
            }

            return header;
        }

        private static void Describe(StreamInfo info, DataStreamHeader header)
        {
            info.StreamId = header.StreamId;
            info.Topic = header.Topic;
            info.MimeType = header.MimeType;
            info.Timestamp = header.Timestamp;
            info.TotalLength = header.HasTotalLength ? (long)header.TotalLength : -1;
            info.Attributes = header.Attributes != null ? header.Attributes : new Hashtable();
        }

        /// <summary>
        /// Called for every incoming header before the topic lookup; the RPC manager uses it to
        /// acknowledge a v2 request as soon as its stream opens.
        /// </summary>
        public TextStreamHandler StreamOpened;

        /// <summary>Handles an incoming header (event thread).</summary>
        public void HandleHeader(DataStreamHeader header, string sender)
        {
            if (header == null || header.StreamId == null || header.StreamId.Length == 0)
            {
                return;
            }

            bool isText = header.ContentHeaderCase == DataStreamHeaderContentHeaderCase.TextHeader;
            StreamInfo info;
            if (isText)
            {
                TextStreamInfo t = new TextStreamInfo();
                t.ReplyToStreamId = header.TextHeader.ReplyToStreamId;
                t.Generated = header.TextHeader.Generated;
                info = t;
            }
            else
            {
                ByteStreamInfo b = new ByteStreamInfo();
                b.Name = header.ContentHeaderCase == DataStreamHeaderContentHeaderCase.ByteHeader ? header.ByteHeader.Name : string.Empty;
                info = b;
            }

            Describe(info, header);
            if (isText && StreamOpened != null)
            {
                StreamOpened((TextStreamInfo)info, null, sender);
            }

            lock (_lock)
            {
                Hashtable handlers = isText ? _textHandlers : _byteHandlers;
                if (!handlers.Contains(info.Topic))
                {
                    LiveKitLog.Write(LogLevel.Debug, "data stream: no handler for topic '" + info.Topic + "', ignored");
                    return;
                }

                if (_incoming.Count >= MaxIncomingStreams && !_incoming.Contains(info.StreamId))
                {
                    LiveKitLog.Write(LogLevel.Warning, "data stream: too many open streams, dropped " + info.StreamId);
                    return;
                }

                IncomingStream s = new IncomingStream();
                s.Info = info;
                s.IsText = isText;
                s.Sender = sender;
                if (header.HasInlineContent && header.InlineContent != null && !s.Append(header.InlineContent, _maxStreamBytes))
                {
                    return;
                }

                _incoming[info.StreamId] = s;
            }
        }

        /// <summary>Handles an incoming chunk (event thread).</summary>
        public void HandleChunk(DataStreamChunk chunk, string sender)
        {
            if (chunk == null || chunk.StreamId == null)
            {
                return;
            }

            lock (_lock)
            {
                IncomingStream s = (IncomingStream)_incoming[chunk.StreamId];
                if (s == null)
                {
                    return;
                }

                if (chunk.ChunkIndex != s.NextChunk)
                {
                    _incoming.Remove(chunk.StreamId);
                    LiveKitLog.Write(LogLevel.Warning, "data stream " + chunk.StreamId + ": chunk " + chunk.ChunkIndex.ToString() + " where " + s.NextChunk.ToString() + " was expected, dropped");
                    return;
                }

                s.NextChunk++;
                if (!s.Append(chunk.Content, _maxStreamBytes))
                {
                    _incoming.Remove(chunk.StreamId);
                    LiveKitLog.Write(LogLevel.Warning, "data stream " + chunk.StreamId + ": larger than " + _maxStreamBytes.ToString() + " bytes, dropped");
                }
            }
        }

        /// <summary>Handles an incoming trailer: hands the complete stream to its handler (event thread).</summary>
        public void HandleTrailer(DataStreamTrailer trailer, string sender)
        {
            if (trailer == null || trailer.StreamId == null)
            {
                return;
            }

            IncomingStream s;
            object handler;
            lock (_lock)
            {
                s = (IncomingStream)_incoming[trailer.StreamId];
                if (s == null)
                {
                    return;
                }

                _incoming.Remove(trailer.StreamId);
                handler = s.IsText ? _textHandlers[s.Info.Topic] : _byteHandlers[s.Info.Topic];
            }

            if (trailer.Reason != null && trailer.Reason.Length > 0)
            {
                LiveKitLog.Write(LogLevel.Warning, "data stream " + trailer.StreamId + " ended by the sender: " + trailer.Reason);
                return;
            }

            if (trailer.Attributes != null)
            {
                foreach (DictionaryEntry e in trailer.Attributes)
                {
                    s.Info.Attributes[e.Key] = e.Value;
                }
            }

            if (handler == null)
            {
                return;
            }

            // The handler runs outside the lock: it may register handlers or send streams.
            if (s.IsText)
            {
                string text = s.Length == 0 ? string.Empty : Encoding.UTF8.GetString(s.Buffer, 0, s.Length);
                ((TextStreamHandler)handler)((TextStreamInfo)s.Info, text, s.Sender);
            }
            else
            {
                ((ByteStreamHandler)handler)((ByteStreamInfo)s.Info, s.ToArray(), s.Sender);
            }
        }

        /// <summary>Drops the incoming streams of a participant who left.</summary>
        public void HandleParticipantLeft(string identity)
        {
            lock (_lock)
            {
                ArrayList gone = new ArrayList();
                foreach (DictionaryEntry e in _incoming)
                {
                    if (((IncomingStream)e.Value).Sender == identity)
                    {
                        gone.Add(e.Key);
                    }
                }

                foreach (object key in gone)
                {
                    _incoming.Remove(key);
                }
            }
        }
    }
}
