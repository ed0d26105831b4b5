//
// Copyright (c) LiveKit for nanoFramework contributors. Licensed under the Apache License 2.0.
//

using System.Collections;
using LiveKit.Engine;
using nanoFramework.TestFramework;

namespace NFUnitTest
{
    [TestClass]
    public class ReliableSendBufferTests
    {
        private static byte[] P(int seq, int size)
        {
            byte[] b = new byte[size];
            b[0] = (byte)seq;
            return b;
        }

        [TestMethod]
        public void ReturnsPacketsAfterTheLastReceivedInOrder()
        {
            ReliableSendBuffer buf = new ReliableSendBuffer(16, 10000);
            for (uint s = 1; s <= 6; s++)
            {
                buf.Add(s, P((int)s, 10));
            }

            bool complete;
            ArrayList after = buf.After(3, out complete);
            Assert.IsTrue(complete);
            Assert.AreEqual(3, after.Count);
            Assert.AreEqual((byte)4, ((byte[])after[0])[0]);
            Assert.AreEqual((byte)6, ((byte[])after[2])[0]);
            Assert.AreEqual(0, buf.After(6, out complete).Count);
            Assert.AreEqual(6, buf.After(0, out complete).Count);
        }

        [TestMethod]
        public void BoundedByCountAndReportsEvictedPackets()
        {
            ReliableSendBuffer buf = new ReliableSendBuffer(4, 10000);
            for (uint s = 1; s <= 10; s++)
            {
                buf.Add(s, P((int)s, 10));
            }

            Assert.AreEqual(4, buf.Count);
            Assert.AreEqual(6u, buf.EvictedUpTo);
            Assert.AreEqual(7u, buf.SequenceAt(0));
            bool complete;
            ArrayList after = buf.After(2, out complete);
            Assert.IsFalse(complete, "packets 3..6 are gone");
            Assert.AreEqual(4, after.Count);
            after = buf.After(6, out complete);
            Assert.IsTrue(complete);
        }

        [TestMethod]
        public void BoundedByBytes()
        {
            ReliableSendBuffer buf = new ReliableSendBuffer(100, 100);
            for (uint s = 1; s <= 10; s++)
            {
                buf.Add(s, P((int)s, 30));
            }

            Assert.IsTrue(buf.Bytes <= 100);
            Assert.AreEqual(3, buf.Count);
            buf.Add(11, P(11, 500));
            Assert.AreEqual(11u, buf.EvictedUpTo, "a packet larger than the bound is not kept");
        }

        [TestMethod]
        public void AcknowledgeDropsAndClearResets()
        {
            ReliableSendBuffer buf = new ReliableSendBuffer(8, 1000);
            for (uint s = 1; s <= 5; s++)
            {
                buf.Add(s, P((int)s, 10));
            }

            buf.AcknowledgeUpTo(3);
            Assert.AreEqual(2, buf.Count);
            Assert.AreEqual(4u, buf.SequenceAt(0));
            buf.Clear();
            Assert.AreEqual(0, buf.Count);
            Assert.AreEqual(0, buf.Bytes);
        }
    }
}
