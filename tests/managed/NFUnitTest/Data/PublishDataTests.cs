//
// Copyright (c) LiveKit for nanoFramework contributors. Licensed under the Apache License 2.0.
//

using System.Threading;
using LiveKit;
using nanoFramework.TestFramework;

namespace NFUnitTest.Data
{
    [TestClass]
    public class PublishDataTests
    {
        [TestMethod]
        public void UserPacketsCarryTopicSenderAndHonourDestinations()
        {
            InMemoryDataRouterForTests router = new InMemoryDataRouterForTests();
            try
            {
                InMemoryDataRouterForTests.Endpoint a = router.Add("alice", 1);
                InMemoryDataRouterForTests.Endpoint b = router.Add("bob", 1);
                InMemoryDataRouterForTests.Endpoint c = router.Add("carol", 1);
                AutoResetEvent got = new AutoResetEvent(false);
                DataReceivedEventArgs last = null;
                int carol = 0;
                AutoResetEvent carolGot = new AutoResetEvent(false);
                b.Layer.DataReceived += (s, e) =>
                {
                    last = e;
                    got.Set();
                };
                c.Layer.DataReceived += (s, e) =>
                {
                    carol++;
                    carolGot.Set();
                };
                Assert.IsTrue(a.Layer.PublishData(new byte[] { 1, 2, 3 }, true, "sensors", new string[] { "bob" }));
                Assert.IsTrue(got.WaitOne(5000, false));
                Assert.AreEqual("sensors", last.Topic);
                Assert.AreEqual("alice", last.ParticipantIdentity);
                Assert.IsTrue(last.Reliable);
                Assert.AreEqual(3, last.Payload.Length);
                Assert.AreEqual((byte)3, last.Payload[2]);

                Assert.IsTrue(a.Layer.PublishData(new byte[0], false, null, null));
                Assert.IsTrue(got.WaitOne(5000, false));
                Assert.IsNull(last.Topic);
                Assert.IsFalse(last.Reliable);
                Assert.AreEqual(0, last.Payload.Length);

                // Carol hears the broadcast on her own event thread, and only it: the packet for
                // Bob alone was never queued for her.
                Assert.IsTrue(carolGot.WaitOne(5000, false));
                Assert.AreEqual(1, carol);
            }
            finally
            {
                router.StopAll();
            }
        }

        [TestMethod]
        public void ChatMessagesArriveAsChatEvents()
        {
            InMemoryDataRouterForTests router = new InMemoryDataRouterForTests();
            try
            {
                InMemoryDataRouterForTests.Endpoint a = router.Add("alice", 1);
                InMemoryDataRouterForTests.Endpoint b = router.Add("bob", 1);
                b.Layer.EnableChatStreams();
                AutoResetEvent got = new AutoResetEvent(false);
                ChatMessageReceivedEventArgs last = null;
                b.Layer.ChatMessageReceived += (s, e) =>
                {
                    last = e;
                    got.Set();
                };
                a.Layer.SendChatMessage("hi \u00e9", null);
                Assert.IsTrue(got.WaitOne(5000, false));
                Assert.AreEqual("hi \u00e9", last.Message);
                Assert.AreEqual("alice", last.ParticipantIdentity);
                Assert.IsTrue(last.Timestamp > 0);
            }
            finally
            {
                router.StopAll();
            }
        }
    }
}
