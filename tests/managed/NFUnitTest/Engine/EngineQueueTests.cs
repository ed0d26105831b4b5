//
// Copyright (c) LiveKit for nanoFramework contributors. Licensed under the Apache License 2.0.
//

using System.Threading;
using LiveKit.Engine;
using nanoFramework.TestFramework;

namespace NFUnitTest
{
    [TestClass]
    public class EngineQueueTests
    {
        private static EngineEvent Net(int n)
        {
            EngineEvent e = new EngineEvent(EngineEventKind.SignalMessage);
            e.Number = n;
            return e;
        }

        private static EngineEvent Cmd(int n)
        {
            EngineEvent e = new EngineEvent(EngineEventKind.UpdateMetadata);
            e.Number = n;
            return e;
        }

        [TestMethod]
        public void FifoOrder()
        {
            EngineQueue q = new EngineQueue(8, 2);
            Assert.IsTrue(q.TryPostNetwork(Net(1)));
            Assert.IsTrue(q.TryPostCommand(Cmd(2)));
            Assert.IsTrue(q.TryPostNetwork(Net(3)));
            Assert.AreEqual(1, q.Take(0).Number);
            Assert.AreEqual(2, q.Take(0).Number);
            Assert.AreEqual(3, q.Take(0).Number);
            Assert.IsNull(q.Take(0));
        }

        [TestMethod]
        public void NetworkEventsCannotTakeTheCommandReserve()
        {
            EngineQueue q = new EngineQueue(8, 3);
            for (int i = 0; i < 5; i++)
            {
                Assert.IsTrue(q.TryPostNetwork(Net(i)));
            }

            Assert.IsFalse(q.TryPostNetwork(Net(99)), "network share is full");
            Assert.AreEqual(1, q.NetworkRefused);
            Assert.IsTrue(q.TryPostCommand(Cmd(5)));
            Assert.IsTrue(q.TryPostCommand(Cmd(6)));
            Assert.IsTrue(q.TryPostCommand(Cmd(7)));
            Assert.IsFalse(q.TryPostCommand(Cmd(8)), "the whole queue is full");
            Assert.AreEqual(8, q.Count);
        }

        [TestMethod]
        public void StopAndDisconnectAreNeverLostToAFullQueue()
        {
            EngineQueue q = new EngineQueue(4, 1);
            while (q.TryPostCommand(Cmd(0)))
            {
            }

            q.RequestDisconnect();
            q.RequestStop();
            Assert.IsTrue(q.StopRequested);
            Assert.IsTrue(q.TakeDisconnectRequest());
            Assert.IsFalse(q.TakeDisconnectRequest(), "taken once");
        }

        [TestMethod]
        public void TakeWakesOnStopWithoutAnEntry()
        {
            EngineQueue q = new EngineQueue(4, 1);
            Thread t = new Thread(() => q.RequestStop());
            t.Start();
            EngineEvent e = q.Take(10000);
            Assert.IsNull(e);
            Assert.IsTrue(q.StopRequested);
            t.Join();
        }

        [TestMethod]
        public void TakeTimesOutEmpty()
        {
            EngineQueue q = new EngineQueue(4, 1);
            Assert.IsNull(q.Take(20));
        }
    }
}
