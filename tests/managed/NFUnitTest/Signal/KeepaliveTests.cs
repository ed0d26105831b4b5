//
// Copyright (c) LiveKit for nanoFramework contributors. Licensed under the Apache License 2.0.
//

using LiveKit.Signal;
using nanoFramework.TestFramework;

namespace NFUnitTest
{
    [TestClass]
    public class KeepaliveTests
    {
        [TestMethod]
        public void PingsEveryIntervalStartingNow()
        {
            Keepalive k = new Keepalive();
            k.Start(5, 15, 1000);
            Assert.IsTrue(k.PingDue(1000));
            Assert.IsFalse(k.PingDue(1001));
            Assert.AreEqual(6000L, k.NextDeadline);
            Assert.IsFalse(k.PingDue(5999));
            Assert.IsTrue(k.PingDue(6000));
        }

        [TestMethod]
        public void AnyMessageResetsTheTimeout()
        {
            Keepalive k = new Keepalive();
            k.Start(5, 15, 0);
            Assert.IsFalse(k.TimedOut(14999));
            Assert.IsTrue(k.TimedOut(15000));
            k.OnReceived(10000);
            Assert.IsFalse(k.TimedOut(15000));
            Assert.IsTrue(k.TimedOut(25000));
        }

        [TestMethod]
        public void PongMeasuresRtt()
        {
            Keepalive k = new Keepalive();
            k.Start(5, 15, 0);
            k.OnPong(100, 142);
            Assert.AreEqual(42L, k.LastRttMs);
            k.OnPong(500, 100);
            Assert.AreEqual(42L, k.LastRttMs, "a pong from the future is ignored");
        }

        [TestMethod]
        public void ZeroValuesDisableAndStopClears()
        {
            Keepalive k = new Keepalive();
            k.Start(0, 0, 0);
            Assert.IsFalse(k.Running);
            Assert.AreEqual(long.MaxValue, k.NextDeadline);
            k.Start(5, 15, 0);
            k.Stop();
            Assert.IsFalse(k.TimedOut(100000));
            Assert.IsFalse(k.PingDue(100000));
        }
    }
}
