//
// Copyright (c) LiveKit for nanoFramework contributors. Licensed under the Apache License 2.0.
//

using System;
using System.Collections;
using System.Text;
using System.Threading;
using LiveKit;
using LiveKit.Data;
using nanoFramework.TestFramework;

namespace NFUnitTest.Data
{
    [TestClass]
    public class DataStreamTests
    {
        private static string MakeText(int minBytes)
        {
            // ASCII, 2-, 3- and 4-byte characters, so chunk cuts land inside characters.
            StringBuilder sb = new StringBuilder();
            int i = 0;
            while (Encoding.UTF8.GetBytes(sb.ToString()).Length < minBytes)
            {
                sb.Append("line ");
                sb.Append(i.ToString());
                sb.Append(": h\u00e9llo \u20ac \ud83c\udf89 \u65e5\u672c;\n");
                i++;
            }

            return sb.ToString();
        }

        [TestMethod]
        public void TextStreamOf100KBArrivesWholeAndChunksKeepCharacters()
        {
            InMemoryDataRouterForTests router = new InMemoryDataRouterForTests();
            try
            {
                InMemoryDataRouterForTests.Endpoint a = router.Add("alice", 1);
                InMemoryDataRouterForTests.Endpoint b = router.Add("bob", 1);
                ManualResetEvent got = new ManualResetEvent(false);
                string received = null;
                TextStreamInfo receivedInfo = null;
                string from = null;
                b.Layer.Streams.RegisterTextStreamHandler("notes", (info, text, sender) =>
                {
                    received = text;
                    receivedInfo = info;
                    from = sender;
                    got.Set();
                });
                string text100k = MakeText(100 * 1024);
                StreamOptions options = new StreamOptions();
                options.Topic = "notes";
                options.Attributes = new Hashtable();
                options.Attributes["k"] = "v";
                TextStreamInfo sent = a.Layer.Streams.SendText(text100k, options);
                Assert.IsTrue(got.WaitOne(10000, false), "the stream did not arrive");
                Assert.AreEqual(text100k, received);
                Assert.AreEqual("alice", from);
                Assert.AreEqual(sent.StreamId, receivedInfo.StreamId);
                Assert.AreEqual("notes", receivedInfo.Topic);
                Assert.AreEqual("text/plain", receivedInfo.MimeType);
                Assert.AreEqual((long)Encoding.UTF8.GetBytes(text100k).Length, receivedInfo.TotalLength);
                Assert.AreEqual("v", (string)receivedInfo.Attributes["k"]);
                Assert.IsTrue(router.LargestChunk <= DataStreamManager.ChunkSize, "a chunk was larger than 15000 bytes");
                Assert.IsTrue(router.LargestChunk > DataStreamManager.ChunkSize - 4, "chunks were not filled");
                Assert.IsFalse(router.ChunksSplitUtf8, "a chunk split a UTF-8 character");
            }
            finally
            {
                router.StopAll();
            }
        }

        [TestMethod]
        public void ByteStreamOf100KBArrivesWholeOnlyAtItsDestination()
        {
            InMemoryDataRouterForTests router = new InMemoryDataRouterForTests();
            try
            {
                InMemoryDataRouterForTests.Endpoint a = router.Add("alice", 1);
                InMemoryDataRouterForTests.Endpoint b = router.Add("bob", 1);
                InMemoryDataRouterForTests.Endpoint c = router.Add("carol", 1);
                ManualResetEvent got = new ManualResetEvent(false);
                int carolStreams = 0;
                byte[] received = null;
                ByteStreamInfo info = null;
                b.Layer.Streams.RegisterByteStreamHandler("files", (i, data, sender) =>
                {
                    received = data;
                    info = i;
                    got.Set();
                });
                c.Layer.Streams.RegisterByteStreamHandler("files", (i, data, sender) => { carolStreams++; });
                byte[] payload = new byte[100 * 1024 + 7];
                for (int i = 0; i < payload.Length; i++)
                {
                    payload[i] = (byte)(i * 31 + 7);
                }

                StreamOptions options = new StreamOptions();
                options.Topic = "files";
                options.Name = "blob.bin";
                options.DestinationIdentities = new string[] { "bob" };
                a.Layer.Streams.SendBytes(payload, options);
                Assert.IsTrue(got.WaitOne(10000, false), "the stream did not arrive");
                Assert.AreEqual(payload.Length, received.Length);
                for (int i = 0; i < payload.Length; i++)
                {
                    if (payload[i] != received[i])
                    {
                        Assert.IsTrue(false, "byte " + i.ToString() + " differs");
                    }
                }

                Assert.AreEqual("blob.bin", info.Name);
                Assert.AreEqual("application/octet-stream", info.MimeType);
                Assert.AreEqual(0, carolStreams);
            }
            finally
            {
                router.StopAll();
            }
        }

        [TestMethod]
        public void WriterSendsPiecesAsOneStream()
        {
            InMemoryDataRouterForTests router = new InMemoryDataRouterForTests();
            try
            {
                InMemoryDataRouterForTests.Endpoint a = router.Add("alice", 1);
                InMemoryDataRouterForTests.Endpoint b = router.Add("bob", 1);
                ManualResetEvent got = new ManualResetEvent(false);
                string received = null;
                b.Layer.Streams.RegisterTextStreamHandler("t", (info, text, sender) =>
                {
                    received = text;
                    got.Set();
                });
                StreamOptions options = new StreamOptions();
                options.Topic = "t";
                TextStreamWriter w = a.Layer.Streams.StreamText(options);
                w.Write("one ");
                w.Write("");
                w.Write("two \u00fc");
                w.Close();
                Assert.ThrowsException(typeof(InvalidOperationException), () => w.Write("late"));
                Assert.IsTrue(got.WaitOne(10000, false));
                Assert.AreEqual("one two \u00fc", received);
                Assert.AreEqual(-1L, w.Info.TotalLength);
            }
            finally
            {
                router.StopAll();
            }
        }

        [TestMethod]
        public void StreamsWithoutHandlerOrOverTheLimitAreDroppedNotBuffered()
        {
            InMemoryDataRouterForTests router = new InMemoryDataRouterForTests();
            try
            {
                InMemoryDataRouterForTests.Endpoint a = router.Add("alice", 1);
                InMemoryDataRouterForTests.Endpoint b = router.Add("bob", 1);
                ManualResetEvent got = new ManualResetEvent(false);
                int bigOnes = 0;
                b.Layer.Streams.MaxStreamBytes = 20000;
                b.Layer.Streams.RegisterByteStreamHandler("big", (i, d, s) => { bigOnes++; });
                b.Layer.Streams.RegisterByteStreamHandler("done", (i, d, s) => { got.Set(); });
                StreamOptions o = new StreamOptions();
                o.Topic = "nobody-listens";
                a.Layer.Streams.SendBytes(new byte[40000], o);
                o.Topic = "big";
                a.Layer.Streams.SendBytes(new byte[40000], o);
                o.Topic = "done";
                a.Layer.Streams.SendBytes(new byte[1], o);
                Assert.IsTrue(got.WaitOne(10000, false));
                Assert.AreEqual(0, bigOnes);
                Assert.AreEqual(0, b.Layer.Streams.IncomingCount);
            }
            finally
            {
                router.StopAll();
            }
        }

        [TestMethod]
        public void SecondHandlerForATopicIsRefused()
        {
            InMemoryDataRouterForTests router = new InMemoryDataRouterForTests();
            try
            {
                InMemoryDataRouterForTests.Endpoint a = router.Add("alice", 1);
                a.Layer.Streams.RegisterTextStreamHandler("x", (i, t, s) => { });
                Assert.ThrowsException(typeof(InvalidOperationException), () => a.Layer.Streams.RegisterTextStreamHandler("x", (i, t, s) => { }));
                a.Layer.Streams.UnregisterTextStreamHandler("x");
                a.Layer.Streams.RegisterTextStreamHandler("x", (i, t, s) => { });
            }
            finally
            {
                router.StopAll();
            }
        }

        [TestMethod]
        [DataRow(2)]
        [DataRow(3)]
        [DataRow(4)]
        public void Utf8BoundaryNeverSplitsACharacter(int charBytes)
        {
            string ch = charBytes == 2 ? "\u00e9" : (charBytes == 3 ? "\u20ac" : "\ud83c\udf89");
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < 50; i++)
            {
                sb.Append(ch);
            }

            byte[] bytes = Encoding.UTF8.GetBytes(sb.ToString());
            for (int max = 1; max < 40; max++)
            {
                int n = Utf8Text.BoundaryAtOrBefore(bytes, 0, bytes.Length, max);
                Assert.IsTrue(n <= max || max < charBytes, "cut past the limit");
                if (max >= charBytes)
                {
                    Assert.AreEqual(0, n % charBytes, "cut inside a character at max " + max.ToString());
                }
            }

            Assert.AreEqual(bytes.Length, Utf8Text.BoundaryAtOrBefore(bytes, 0, bytes.Length, bytes.Length + 5));
            int truncated = Encoding.UTF8.GetBytes(Utf8Text.Truncate(sb.ToString(), 10)).Length;
            Assert.IsTrue(truncated <= 10 && truncated > 10 - charBytes, "truncated to " + truncated.ToString());
            Assert.AreEqual(0, truncated % charBytes);
        }
    }
}
