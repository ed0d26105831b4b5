//
// Copyright (c) LiveKit for nanoFramework contributors. Licensed under the Apache License 2.0.
//

using LiveKit.Signal;
using nanoFramework.TestFramework;

namespace NFUnitTest
{
    [TestClass]
    public class MessageAssemblerTests
    {
        private static byte[] Bytes(int from, int count)
        {
            byte[] b = new byte[count];
            for (int i = 0; i < count; i++)
            {
                b[i] = (byte)(from + i);
            }

            return b;
        }

        [TestMethod]
        public void UnfragmentedMessagePassesThroughAsACopy()
        {
            MessageAssembler a = new MessageAssembler(100);
            byte[] frame = Bytes(0, 10);
            byte[] m = a.Add(frame, 0, 7, true, true);
            Assert.AreEqual(7, m.Length);
            Assert.IsFalse(object.ReferenceEquals(frame, m));
            Assert.AreEqual((byte)6, m[6]);
        }

        [TestMethod]
        public void FragmentsAreJoinedInOrder()
        {
            MessageAssembler a = new MessageAssembler(100000);
            Assert.IsNull(a.Add(Bytes(0, 1000), 0, 1000, true, false));
            Assert.IsNull(a.Add(Bytes(1000, 1000), 0, 1000, false, false));
            byte[] m = a.Add(Bytes(2000, 500), 0, 500, false, true);
            Assert.AreEqual(2500, m.Length);
            for (int i = 0; i < m.Length; i++)
            {
                Assert.AreEqual((byte)i, m[i]);
            }

            byte[] next = a.Add(Bytes(9, 3), 0, 3, true, true);
            Assert.AreEqual(3, next.Length, "the next message starts clean");
            Assert.AreEqual(0, a.Dropped);
        }

        [TestMethod]
        public void OversizedAndOutOfOrderMessagesAreDropped()
        {
            MessageAssembler a = new MessageAssembler(10);
            Assert.IsNull(a.Add(Bytes(0, 8), 0, 8, true, false));
            Assert.IsNull(a.Add(Bytes(0, 8), 0, 8, false, true), "16 bytes > 10");
            Assert.AreEqual(1, a.Dropped);
            Assert.IsNull(a.Add(Bytes(0, 4), 0, 4, false, true), "a continuation without a start");
            Assert.AreEqual(2, a.Dropped);
            Assert.IsNull(a.Add(Bytes(0, 4), 0, 4, true, false));
            byte[] m = a.Add(Bytes(0, 2), 0, 2, true, true);
            Assert.AreEqual(2, m.Length, "a new start abandons the unfinished message");
            Assert.AreEqual(3, a.Dropped);
        }
    }
}
