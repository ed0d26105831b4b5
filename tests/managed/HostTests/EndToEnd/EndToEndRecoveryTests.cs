//
// Copyright (c) LiveKit for nanoFramework contributors. Licensed under the Apache License 2.0.
//

using System;
using System.Collections.Generic;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading;
using LiveKit.Rtc;
using LiveKit.Rtc.Native;
using nanoFramework.TestFramework;

namespace LiveKit.IntegrationTests.EndToEnd
{
    /// <summary>
    /// Recovery and negotiation paths of the C# Room over the native transport, end to end:
    /// the local server (its knobs break things), the official client (@livekit/rtc-node) as the
    /// other participant, one fresh C# room per test (its own identity), and data and RPC both
    /// ways checked after every recovery. Runs inside tests/server/netns.sh (suite 15).
    /// </summary>
    [TestClass]
    public class EndToEndRecoveryTests
    {
        private const int Wait = 20000;
        private const string RoomName = "recovery";
        private static LocalServer s_server;
        private static OfficialPeer s_agent;
        private static NativePeerConnectionFactory s_factory;

        [Setup]
        public void Start()
        {
            s_server = LocalServer.Start();
            s_agent = OfficialPeer.Start();
            s_agent.Call("connect", new { url = s_server.Url, token = s_server.Token("agent", RoomName) }, 30000);
            s_agent.Call("registerRpc", new { method = "upper", behavior = "upper" });
            s_factory = new NativePeerConnectionFactory();
        }

        [Cleanup]
        public void Stop()
        {
            s_agent?.Dispose();
            s_factory?.Dispose();
            s_server?.Dispose();
        }

        [TestMethod]
        public void FallsBackToTwoPeerConnectionsOnRtcWhenV1IsNotFound()
        {
            s_server.Control("v1-404", new { enabled = true });
            try
            {
                using (Device d = Device.Join("dev-v0", null))
                {
                    JsonNode p = s_server.Participant(RoomName, "dev-v0");
                    Assert.IsFalse((bool)p["v1"], "the room joined on /rtc (v0)");
                    Assert.AreEqual("connected", (string)p["subscriberPc"], "the server-offered subscriber PC was answered and connected");
                    Assert.AreEqual("connected", (string)p["publisherPc"], "the client-offered publisher PC connected");
                    Assert.AreEqual(2, d.Factory.Created, "two peer connections");
                    JsonArray channels = (JsonArray)p["channels"];
                    Assert.AreEqual(2, channels.Count, "our _reliable and _lossy, on the publisher PC");

                    d.DataBothWays("v0");
                    d.RpcBothWays("v0");

                    // A resume stays on v0: the server ICE-restarts the subscriber with a new offer.
                    int resumes = (int)s_server.State()["counters"]["resumes"];
                    string ufrag = OfferedUfrag("dev-v0");
                    s_server.Control("drop", new { room = RoomName, identity = "dev-v0" });
                    d.WaitFor("Reconnected");
                    Assert.AreNotEqual(ufrag, OfferedUfrag("dev-v0", ufrag), "the publisher offered an ICE restart");
                    d.Report("v0 dropped WebSocket, resume");
                    Assert.AreEqual(resumes + 1, (int)s_server.State()["counters"]["resumes"]);
                    Assert.AreEqual(2, d.Factory.Created, "a resume keeps the peer connections");
                    d.DataBothWays("v0 after resume");
                }
            }
            finally
            {
                s_server.Control("v1-404", new { enabled = false });
            }
        }

        [TestMethod]
        public void ResumesAfterLeaveResumeAndAfterADroppedSocket()
        {
            using (Device d = Device.Join("dev-resume", null))
            {
                string sid = d.Room.LocalParticipant.Sid;
                JsonNode before = s_server.State()["counters"];
                string ufrag0 = OfferedUfrag("dev-resume");
                s_server.Control("leave", new { room = RoomName, identity = "dev-resume", action = "RESUME" });
                d.WaitFor("Reconnected");
                string ufrag1 = OfferedUfrag("dev-resume", ufrag0);
                Assert.AreNotEqual(ufrag0, ufrag1, "the resume offered an ICE restart (new credentials)");
                Assert.AreEqual("Reconnecting,Reconnected", d.Recovery(), "resume events");
                d.Report("leave RESUME, resume");
                Assert.AreEqual(ConnectionState.Connected, d.Room.ConnectionState);
                d.DataBothWays("after leave RESUME");

                d.ClearRecovery();
                s_server.Control("drop", new { room = RoomName, identity = "dev-resume" });
                d.WaitFor("Reconnected");
                Assert.AreEqual("Reconnecting,Reconnected", d.Recovery(), "resume events");
                d.Report("dropped WebSocket, resume");
                Assert.AreNotEqual(ufrag1, OfferedUfrag("dev-resume", ufrag1), "ICE restarted again");
                d.DataBothWays("after a dropped WebSocket");
                d.RpcBothWays("resume");

                JsonNode after = s_server.State()["counters"];
                Assert.AreEqual((int)before["resumes"] + 2, (int)after["resumes"], "two resumes");
                Assert.AreEqual((int)before["joins"], (int)after["joins"], "no new join");
                Assert.AreEqual(sid, d.Room.LocalParticipant.Sid, "same session");
                Assert.AreEqual(1, d.Factory.Created, "the same peer connection, ICE-restarted");
                Assert.AreEqual("connected", (string)s_server.Participant(RoomName, "dev-resume")["publisherPc"]);
            }
        }

        [TestMethod]
        public void RejoinsInFullWithANewPeerConnectionAfterLeaveReconnect()
        {
            using (Device d = Device.Join("dev-rejoin", null))
            {
                string sid = d.Room.LocalParticipant.Sid;
                s_agent.TakeEvents("participantConnected");
                s_server.Control("leave", new { room = RoomName, identity = "dev-rejoin", action = "RECONNECT" });
                d.WaitFor("Reconnected");
                Assert.AreEqual("Reconnecting,Reconnected", d.Recovery(), "rejoin events");
                d.Report("leave RECONNECT, full rejoin");
                Assert.AreEqual(ConnectionState.Connected, d.Room.ConnectionState);
                Assert.AreNotEqual(sid, d.Room.LocalParticipant.Sid, "a new session");
                Assert.AreEqual(2, d.Factory.Created, "a new peer connection");
                Assert.AreEqual(1, d.Factory.Destroyed, "the old one destroyed");
                s_agent.WaitEvent("participantConnected", Wait, e => (string)e["identity"] == "dev-rejoin");
                d.DataBothWays("after leave RECONNECT");
                d.RpcBothWays("rejoin");
            }
        }

        [TestMethod]
        public void AFailedPeerConnectionResumesThenRejoinsWhenTheResumeCannotReviveIt()
        {
            // The media path dies while the signal stays up: the server closes its peer
            // connection (DTLS close_notify), ours fails. The engine resumes (new signal, ICE
            // restart offer); a closed server PC never answers, so after PeerConnectionTimeoutMs
            // the engine rejoins in full with new peer connections.
            using (Device d = Device.Join("dev-pcfail", o => o.PeerConnectionTimeoutMs = 3000))
            {
                string sid = d.Room.LocalParticipant.Sid;
                int resumes = (int)s_server.State()["counters"]["resumes"];
                s_server.Control("close-pc", new { room = RoomName, identity = "dev-pcfail" });
                d.WaitFor("Reconnected");
                Assert.AreEqual("Reconnecting,Reconnected", d.Recovery(), "one Reconnecting, one Reconnected");
                d.Report("failed PC, resume, PeerConnectionTimeoutMs 3000, full rejoin");
                Assert.AreEqual(resumes + 1, (int)s_server.State()["counters"]["resumes"], "a resume was tried first");
                Assert.AreNotEqual(sid, d.Room.LocalParticipant.Sid, "then a full rejoin");
                Assert.AreEqual(2, d.Factory.Created, "with a new peer connection");
                d.DataBothWays("after the rejoin");
            }
        }

        [TestMethod]
        public void AFailedPeerConnectionEndsDisconnectedWithItsReasonWhenRetriesRunOut()
        {
            using (Device d = Device.Join("dev-retries", o =>
            {
                o.MaxReconnectAttempts = 2;
                o.ReconnectBaseDelayMs = 50;
                o.ReconnectMaxDelayMs = 200;
            }))
            {
                s_server.Control("refuse", new { status = 503 });
                try
                {
                    s_server.Control("close-pc", new { room = RoomName, identity = "dev-retries" });
                    d.WaitFor("Disconnected");
                    Assert.AreEqual("Reconnecting,Disconnected", d.Recovery());
                    d.Report("failed PC, every attempt refused (503), MaxReconnectAttempts 2");
                    Assert.AreEqual(ConnectionState.Disconnected, d.Room.ConnectionState);
                    Assert.AreEqual(ConnectionError.MaxRetriesReached, d.Disconnect.Error);
                    Assert.IsTrue(d.Disconnect.Message.Contains("503"), "the last error is named: " + d.Disconnect.Message);
                    Assert.AreEqual(ConnectionError.MaxRetriesReached, d.Room.LastError);
                    Assert.AreEqual(d.Factory.Created, d.Factory.Destroyed, "every peer connection destroyed");
                }
                finally
                {
                    s_server.Control("refuse", new { status = 0 });
                }
            }
        }

        [TestMethod]
        public void MediaSectionsRequirementIsAnsweredWithRecvonlyAudioAndANewOffer()
        {
            using (Device d = Device.Join("dev-media", null))
            {
                JsonNode p0 = s_server.Control("state", new { events = true })["state"];
                string firstOffer = (string)FindParticipant(p0, "dev-media")["sdp"]["lastRemote"];
                int audios = Count(firstOffer, "m=audio");

                string trackSid = (string)s_agent.Call("publishAudio", new { frequency = 440 })["sid"];
                try
                {
                    // The server auto-subscribes the device: v1 means media_sections_requirement
                    // {num_audios 1}; the room adds a recvonly transceiver and offers again; the
                    // server's answer maps the forwarded track onto that m-line.
                    DateTime end = DateTime.UtcNow.AddMilliseconds(Wait);
                    JsonNode p = null;
                    string offer = null;
                    while (DateTime.UtcNow < end)
                    {
                        p = FindParticipant(s_server.Control("state", new { events = true })["state"], "dev-media");
                        offer = (string)p["sdp"]["lastRemote"];
                        if (Count(offer, "m=audio") > audios && ((JsonArray)p["subscriptions"]).Count > 0)
                        {
                            break;
                        }

                        Thread.Sleep(50);
                    }

                    Assert.AreEqual(audios + 1, Count(offer, "m=audio"), "a new offer with one more audio m-line");
                    Assert.AreEqual(audios + 1, Count(offer, "a=recvonly"), "every audio m-line recvonly");
                    Assert.AreEqual(trackSid, (string)((JsonArray)p["subscriptions"])[0], "subscribed to the agent's track");
                    string answer = (string)p["sdp"]["lastLocal"];
                    Assert.IsTrue(answer.Contains("m=audio") && answer.Contains("a=sendonly"), "the server sends the track on it");
                    Assert.AreEqual("connected", (string)p["publisherPc"], "same transport, still connected");
                    Assert.AreEqual(1, d.Factory.Created);
                    Assert.IsNull(p["stats"]["errors"], "no signal handler error on the server");
                    d.DataBothWays("after renegotiation");
                }
                finally
                {
                    s_agent.Call("unpublishAudio");
                }
            }
        }

        /// <summary>
        /// The ice-ufrag of the last offer the server received from that participant; with
        /// <paramref name="previous"/>, waits (up to 5 s) for one that differs from it (the offer
        /// may still be in flight on the signal when the room reports Reconnected).
        /// </summary>
        private static string OfferedUfrag(string identity, string previous = null)
        {
            DateTime end = DateTime.UtcNow.AddMilliseconds(5000);
            while (true)
            {
                JsonNode p = FindParticipant(s_server.Control("state", new { events = true })["state"], identity);
                string sdp = (string)p["sdp"]["lastRemote"];
                int i = sdp.IndexOf("a=ice-ufrag:", StringComparison.Ordinal);
                Assert.IsTrue(i >= 0, "an offer with an ice-ufrag");
                int e = sdp.IndexOf('\r', i);
                string ufrag = sdp.Substring(i + 12, (e < 0 ? sdp.Length : e) - i - 12).Trim();
                if (previous == null || ufrag != previous || DateTime.UtcNow >= end)
                {
                    return ufrag;
                }

                Thread.Sleep(50);
            }
        }

        private static int Count(string text, string what)
        {
            int n = 0;
            for (int i = text.IndexOf(what, StringComparison.Ordinal); i >= 0; i = text.IndexOf(what, i + what.Length, StringComparison.Ordinal))
            {
                n++;
            }

            return n;
        }

        private static JsonNode FindParticipant(JsonNode state, string identity)
        {
            foreach (JsonNode r in (JsonArray)state["rooms"])
            {
                foreach (JsonNode p in (JsonArray)r["participants"])
                {
                    if ((string)p["identity"] == identity)
                    {
                        return p;
                    }
                }
            }

            Assert.Fail("no participant " + identity);
            return null;
        }

        /// <summary>Counts what the engine creates and destroys.</summary>
        private sealed class CountingFactory : IPeerConnectionFactory
        {
            private readonly IPeerConnectionFactory _inner;
            private int _created;
            private int _destroyed;

            public CountingFactory(IPeerConnectionFactory inner)
            {
                _inner = inner;
            }

            public int Created => Volatile.Read(ref _created);

            public int Destroyed => Volatile.Read(ref _destroyed);

            public IPeerConnection Create(PeerConnectionConfig config, out int result)
            {
                IPeerConnection pc = _inner.Create(config, out result);
                if (pc == null)
                {
                    return null;
                }

                Interlocked.Increment(ref _created);
                return new Counted(pc, this);
            }

            private sealed class Counted : IPeerConnection
            {
                private readonly IPeerConnection _pc;
                private readonly CountingFactory _owner;
                private int _destroyed;

                public Counted(IPeerConnection pc, CountingFactory owner)
                {
                    _pc = pc;
                    _owner = owner;
                }

                public RtcConnectionState ConnectionState => _pc.ConnectionState;

                public string CreateOffer(out int result) => _pc.CreateOffer(out result);

                public string CreateAnswer(out int result) => _pc.CreateAnswer(out result);

                public int SetLocalDescription(RtcSdpType type, string sdp) => _pc.SetLocalDescription(type, sdp);

                public int SetRemoteDescription(RtcSdpType type, string sdp) => _pc.SetRemoteDescription(type, sdp);

                public int AddRemoteCandidate(string mid, string candidate) => _pc.AddRemoteCandidate(mid, candidate);

                public int CreateDataChannel(string label, bool ordered, int maxRetransmits) => _pc.CreateDataChannel(label, ordered, maxRetransmits);

                public int Send(int channelId, bool binary, byte[] data, int offset, int length) => _pc.Send(channelId, binary, data, offset, length);

                public int AddAudioTrack(RtcDirection direction) => _pc.AddAudioTrack(direction);

                public int RestartIce() => _pc.RestartIce();

                public int PollEvent(RtcEvent ev, byte[] buffer) => _pc.PollEvent(ev, buffer);

                public int Close() => _pc.Close();

                public int Destroy()
                {
                    int r = _pc.Destroy();
                    if (r >= 0 && Interlocked.Exchange(ref _destroyed, 1) == 0)
                    {
                        Interlocked.Increment(ref _owner._destroyed);
                    }

                    return r;
                }
            }
        }

        /// <summary>One C# room with its own identity, its events and what it received.</summary>
        private sealed class Device : IDisposable
        {
            private readonly object _lock = new object();
            private readonly List<string> _recovery = new List<string>();
            private readonly System.Diagnostics.Stopwatch _clock = System.Diagnostics.Stopwatch.StartNew();
            private long _reconnectingAt = -1;
            private readonly List<DataReceivedEventArgs> _data = new List<DataReceivedEventArgs>();
            private readonly string _identity;

            private Device(string identity, CountingFactory factory, Room room)
            {
                _identity = identity;
                Factory = factory;
                Room = room;
            }

            public Room Room { get; }

            public CountingFactory Factory { get; }

            /// <summary>Reconnecting to the Reconnected (or Disconnected) that followed, in ms.</summary>
            public long LastRecoveryMs { get; private set; } = -1;

            /// <summary>Prints the last recovery time (a figure, not a pass/fail bound).</summary>
            public void Report(string what)
            {
                Console.WriteLine("e2e recovery: " + what + ": Reconnecting -> " + (Recovery().EndsWith("Disconnected", StringComparison.Ordinal) ? "Disconnected" : "Reconnected") + " in " + LastRecoveryMs + " ms");
            }

            public DisconnectedEventArgs Disconnect { get; private set; }

            public static Device Join(string identity, Action<RoomOptions> tweak)
            {
                CountingFactory factory = new CountingFactory(s_factory);
                RoomOptions options = EndToEndTests.Options(null);
                options.PeerConnectionFactory = factory;
                tweak?.Invoke(options);
                Room room = new Room(options);
                Device d = new Device(identity, factory, room);
                room.Reconnecting += (s, e) => d.Note("Reconnecting");
                room.Reconnected += (s, e) => d.Note("Reconnected");
                room.Disconnected += (s, e) =>
                {
                    d.Disconnect = e;
                    d.Note("Disconnected");
                };
                room.DataReceived += (s, e) =>
                {
                    lock (d._lock)
                    {
                        d._data.Add(e);
                        Monitor.PulseAll(d._lock);
                    }
                };
                room.LocalParticipant.RegisterRpcMethod("echo", x => x.CallerIdentity + ":" + x.Payload);
                s_agent.TakeEvents("participantConnected");
                room.Connect(s_server.Url, s_server.Token(identity, RoomName));
                Assert.AreEqual(ConnectionState.Connected, room.ConnectionState);
                s_agent.WaitEvent("participantConnected", Wait, e => (string)e["identity"] == identity);
                return d;
            }

            private void Note(string what)
            {
                lock (_lock)
                {
                    _recovery.Add(what);
                    if (what == "Reconnecting")
                    {
                        _reconnectingAt = _clock.ElapsedMilliseconds;
                    }
                    else if (_reconnectingAt >= 0)
                    {
                        LastRecoveryMs = _clock.ElapsedMilliseconds - _reconnectingAt;
                    }
                    Monitor.PulseAll(_lock);
                }
            }

            public string Recovery()
            {
                lock (_lock)
                {
                    return string.Join(",", _recovery);
                }
            }

            public void ClearRecovery()
            {
                lock (_lock)
                {
                    _recovery.Clear();
                }
            }

            public void WaitFor(string what)
            {
                DateTime end = DateTime.UtcNow.AddMilliseconds(Wait);
                lock (_lock)
                {
                    while (!_recovery.Contains(what))
                    {
                        int left = (int)(end - DateTime.UtcNow).TotalMilliseconds;
                        Assert.IsTrue(left > 0, "no " + what + " within " + Wait + " ms; saw: " + string.Join(",", _recovery));
                        Monitor.Wait(_lock, left);
                    }
                }
            }

            private DataReceivedEventArgs WaitData(string topic)
            {
                DateTime end = DateTime.UtcNow.AddMilliseconds(Wait);
                lock (_lock)
                {
                    while (true)
                    {
                        for (int i = 0; i < _data.Count; i++)
                        {
                            if (_data[i].Topic == topic)
                            {
                                DataReceivedEventArgs e = _data[i];
                                _data.RemoveAt(i);
                                return e;
                            }
                        }

                        int left = (int)(end - DateTime.UtcNow).TotalMilliseconds;
                        Assert.IsTrue(left > 0, "no data on topic " + topic);
                        Monitor.Wait(_lock, left);
                    }
                }
            }

            /// <summary>Reliable and lossy packets both ways with the official client.</summary>
            public void DataBothWays(string tag)
            {
                string up = _identity + " up " + tag;
                Room.LocalParticipant.PublishData(Encoding.UTF8.GetBytes(up), true, up, new[] { "agent" });
                JsonNode got = s_agent.WaitEvent("data", Wait, e => (string)e["topic"] == up);
                Assert.AreEqual(up, Encoding.UTF8.GetString(Convert.FromBase64String((string)got["base64"])));
                Assert.AreEqual(_identity, (string)got["from"]);

                string down = _identity + " down " + tag;
                s_agent.Call("publishData", new { base64 = Convert.ToBase64String(Encoding.UTF8.GetBytes(down)), reliable = true, topic = down, destinations = new[] { _identity } });
                DataReceivedEventArgs d = WaitData(down);
                Assert.AreEqual(down, Encoding.UTF8.GetString(d.Payload));
                Assert.AreEqual("agent", d.ParticipantIdentity);
                Assert.IsTrue(d.Reliable, "reliable from the agent");

                // Lossy: may be dropped by design, so send a few and take the first.
                string lossyDown = _identity + " lossy down " + tag;
                for (int i = 0; i < 5; i++)
                {
                    s_agent.Call("publishData", new { base64 = Convert.ToBase64String(Encoding.UTF8.GetBytes("l")), reliable = false, topic = lossyDown, destinations = new[] { _identity } });
                }

                Assert.IsFalse(WaitData(lossyDown).Reliable, "lossy from the agent arrives as lossy");
                string lossyUp = _identity + " lossy up " + tag;
                for (int i = 0; i < 5; i++)
                {
                    Room.LocalParticipant.PublishData(Encoding.UTF8.GetBytes("l"), false, lossyUp, new[] { "agent" });
                }

                s_agent.WaitEvent("data", Wait, e => (string)e["topic"] == lossyUp);
            }

            /// <summary>RPC both ways with the official client.</summary>
            public void RpcBothWays(string tag)
            {
                Assert.AreEqual(("rpc " + tag).ToUpperInvariant(), Room.LocalParticipant.PerformRpc("agent", "upper", "rpc " + tag, 10000));
                JsonNode r = s_agent.Call("performRpc", new { destination = _identity, method = "echo", payload = tag });
                Assert.AreEqual("agent:" + tag, (string)r["payload"]);
            }

            public void Dispose()
            {
                Room.Dispose();
            }
        }
    }
}
