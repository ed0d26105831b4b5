//
// Copyright (c) LiveKit for nanoFramework contributors. Licensed under the Apache License 2.0.
//

using System;
using System.Collections.Generic;
using System.Text;
using System.Threading;
using LiveKit.Rtc;
using LiveKit.Rtc.Native;
using nanoFramework.TestFramework;

namespace LiveKit.IntegrationTests.Rtc
{
    /// <summary>
    /// The managed binding of lk_rtc.h over the real native library (build/native/liblk_rtc.so):
    /// two peer connections in this process, over 127.0.0.1, offer/answer, trickle, data
    /// channels both ways, destroy.
    /// </summary>
    [TestClass]
    public class NativePeerConnectionTests
    {
        private sealed class Side
        {
            public IPeerConnection Pc;
            public readonly AutoResetEvent Wake = new AutoResetEvent(false);
            public readonly List<string[]> Candidates = new List<string[]>();
            public readonly Dictionary<string, int> OpenChannels = new Dictionary<string, int>();
            public readonly List<string> Messages = new List<string>();
            public RtcConnectionState State = RtcConnectionState.New;

            public void Drain()
            {
                RtcEvent ev = new RtcEvent();
                byte[] buf = new byte[70000];
                while (true)
                {
                    int r = Pc.PollEvent(ev, buf);
                    if (r == RtcResult.Again)
                    {
                        return;
                    }

                    Assert.AreEqual(RtcResult.Ok, r, "poll_event");
                    lock (this)
                    {
                        switch (ev.Type)
                        {
                            case RtcEventType.LocalCandidate:
                                Candidates.Add(new string[] { ev.Mid, Encoding.UTF8.GetString(buf, 0, ev.Length) });
                                break;
                            case RtcEventType.ConnectionState:
                                State = (RtcConnectionState)ev.State;
                                break;
                            case RtcEventType.ChannelOpen:
                                OpenChannels[Encoding.UTF8.GetString(buf, 0, ev.Length)] = ev.ChannelId;
                                break;
                            case RtcEventType.Message:
                                Messages.Add(Encoding.UTF8.GetString(buf, 0, ev.Length));
                                break;
                        }
                    }
                }
            }
        }

        private static Side NewSide(NativePeerConnectionFactory factory)
        {
            Side s = new Side();
            PeerConnectionConfig config = new PeerConnectionConfig();
            config.LoopbackOnly = true;
            config.Notify = pc => s.Wake.Set();
            s.Pc = factory.Create(config, out int result);
            Assert.AreEqual(RtcResult.Ok, result, "create");
            Assert.IsNotNull(s.Pc);
            return s;
        }

        private static bool Pump(Side a, Side b, Func<bool> done, int timeoutMs)
        {
            DateTime end = DateTime.UtcNow.AddMilliseconds(timeoutMs);
            int aSent = 0;
            int bSent = 0;
            while (DateTime.UtcNow < end)
            {
                a.Drain();
                b.Drain();
                lock (a)
                {
                    for (; aSent < a.Candidates.Count; aSent++)
                    {
                        Assert.AreEqual(RtcResult.Ok, b.Pc.AddRemoteCandidate(a.Candidates[aSent][0], a.Candidates[aSent][1]));
                    }
                }

                lock (b)
                {
                    for (; bSent < b.Candidates.Count; bSent++)
                    {
                        Assert.AreEqual(RtcResult.Ok, a.Pc.AddRemoteCandidate(b.Candidates[bSent][0], b.Candidates[bSent][1]));
                    }
                }

                if (done())
                {
                    return true;
                }

                WaitHandle.WaitAny(new WaitHandle[] { a.Wake, b.Wake }, 50);
            }

            return false;
        }

        [TestMethod]
        public void TwoNativePeerConnectionsConnectAndExchangeDataChannelMessages()
        {
            using (NativePeerConnectionFactory factory = new NativePeerConnectionFactory())
            {
                Side a = NewSide(factory);
                Side b = NewSide(factory);
                try
                {
                    Assert.IsTrue(a.Pc.CreateDataChannel("_reliable", true, -1) >= 0);
                    Assert.IsTrue(a.Pc.CreateDataChannel("_lossy", false, 0) >= 0);
                    Assert.IsTrue(a.Pc.AddAudioTrack(RtcDirection.ReceiveOnly) >= 0);
                    string offer = a.Pc.CreateOffer(out int r);
                    Assert.AreEqual(RtcResult.Ok, r < 0 ? r : 0, "create_offer");
                    Assert.Contains("m=application", offer);
                    Assert.Contains("opus/48000/2", offer);
                    Assert.AreEqual(RtcResult.Ok, a.Pc.SetLocalDescription(RtcSdpType.Offer, offer));
                    Assert.AreEqual(RtcResult.Ok, b.Pc.SetRemoteDescription(RtcSdpType.Offer, offer));
                    string answer = b.Pc.CreateAnswer(out r);
                    Assert.IsTrue(r >= 0, "create_answer " + r);
                    Assert.AreEqual(RtcResult.Ok, b.Pc.SetLocalDescription(RtcSdpType.Answer, answer));
                    Assert.AreEqual(RtcResult.Ok, a.Pc.SetRemoteDescription(RtcSdpType.Answer, answer));

                    Assert.IsTrue(Pump(a, b, () => a.State == RtcConnectionState.Connected && b.State == RtcConnectionState.Connected
                        && a.OpenChannels.Count == 2 && b.OpenChannels.Count == 2, 15000), "not connected with both channels open");
                    Assert.AreEqual(RtcConnectionState.Connected, a.Pc.ConnectionState);

                    byte[] hello = Encoding.UTF8.GetBytes("hello from a");
                    Assert.AreEqual(RtcResult.Ok, a.Pc.Send(a.OpenChannels["_reliable"], true, hello, 0, hello.Length));
                    byte[] back = Encoding.UTF8.GetBytes("xxhello from bxx");
                    Assert.AreEqual(RtcResult.Ok, b.Pc.Send(b.OpenChannels["_reliable"], true, back, 2, back.Length - 4));
                    Assert.IsTrue(Pump(a, b, () => a.Messages.Count == 1 && b.Messages.Count == 1, 10000), "messages did not arrive");
                    Assert.AreEqual("hello from a", b.Messages[0]);
                    Assert.AreEqual("hello from b", a.Messages[0]);
                    Assert.AreEqual(RtcResult.InvalidArgument, a.Pc.Send(0, true, hello, 5, 100));
                }
                finally
                {
                    Assert.AreEqual(RtcResult.Ok, a.Pc.Destroy());
                    Assert.AreEqual(RtcResult.Ok, b.Pc.Destroy());
                    Assert.AreEqual(RtcResult.Ok, a.Pc.Destroy(), "destroy twice");
                    Assert.AreEqual(RtcResult.Closed, a.Pc.Send(0, true, new byte[1], 0, 1));
                }
            }
        }

        [TestMethod]
        public void DestroyFromTheNotifyCallbackIsRefused()
        {
            using (NativePeerConnectionFactory factory = new NativePeerConnectionFactory())
            {
                int inCallback = int.MinValue;
                ManualResetEvent called = new ManualResetEvent(false);
                IPeerConnection self = null;
                PeerConnectionConfig config = new PeerConnectionConfig();
                config.LoopbackOnly = true;
                config.Notify = pc =>
                {
                    if (Interlocked.CompareExchange(ref inCallback, pc.Destroy(), int.MinValue) == int.MinValue)
                    {
                        called.Set();
                    }
                };
                self = factory.Create(config, out int result);
                Assert.AreEqual(RtcResult.Ok, result);
                self.CreateDataChannel("x", true, -1);
                string offer = self.CreateOffer(out int r);
                Assert.AreEqual(RtcResult.Ok, self.SetLocalDescription(RtcSdpType.Offer, offer));
                Assert.IsTrue(called.WaitOne(10000), "no notify after set_local_description (candidates)");
                Assert.AreEqual(RtcResult.State, inCallback);
                Assert.AreEqual(RtcResult.Ok, self.Destroy());
            }
        }
    }
}
