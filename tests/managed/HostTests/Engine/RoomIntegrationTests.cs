//
// Copyright (c) LiveKit for nanoFramework contributors. Licensed under the Apache License 2.0.
//

using System;
using System.Collections;
using System.Collections.Generic;
using System.Diagnostics;
using System.Text.Json.Nodes;
using System.Threading;
using LiveKit.Engine;
using LiveKit.Protocol;
using nanoFramework.TestFramework;

namespace LiveKit.IntegrationTests
{
    /// <summary>
    /// The Room and its engine against the local LiveKit-compatible server (tests/server) over
    /// real WebSockets and HTTP on 127.0.0.1. The peer connection is
    /// <see cref="FakePeerConnectionForIntegrationTests"/> until the native one is bound, so
    /// these tests see the join, the updates, the keepalive and the reconnection over
    /// signaling; none of them needs media.
    /// </summary>
    [TestClass]
    public class RoomIntegrationTests
    {
        private const int Wait = 10000;
        private static LocalServer s_server;
        private static readonly List<Room> s_rooms = new List<Room>();

        [Setup]
        public void StartServer()
        {
            s_server = LocalServer.Start();
        }

        [Cleanup]
        public void StopServer()
        {
            DisposeRooms();
            s_server?.Dispose();
        }

        internal static RoomOptions Options()
        {
            return new RoomOptions
            {
                PeerConnectionFactory = new FakePeerConnectionForIntegrationTests.Factory(),
                LoopbackOnly = true,
                JoinTimeoutMs = 5000,
                PeerConnectionTimeoutMs = 5000,
                ConnectTimeoutMs = 20000,
                ReconnectBaseDelayMs = 100,
                ReconnectMaxDelayMs = 400,
                MaxReconnectAttempts = 3,
            };
        }

        private static Room NewRoom(RoomOptions o = null)
        {
            Room r = new Room(o ?? Options());
            lock (s_rooms)
            {
                s_rooms.Add(r);
            }

            return r;
        }

        private static void DisposeRooms()
        {
            lock (s_rooms)
            {
                foreach (Room r in s_rooms)
                {
                    r.Dispose();
                }

                s_rooms.Clear();
            }
        }

        private static void Finish()
        {
            DisposeRooms();
            s_server.Control("reset");
            bool none = SpinWait.SpinUntil(() => LibraryThreads.LiveCount == 0, Wait);
            Assert.IsTrue(none, "library threads still alive: " + LibraryThreads.LiveNames());
            Assert.AreEqual(0, LibraryThreads.EscapedExceptions);
        }

        private static string NewRoomName()
        {
            return "room-" + Guid.NewGuid().ToString("N").Substring(0, 8);
        }

        [TestMethod]
        public void TwoParticipantsJoinSeeEachOtherAndLeave()
        {
            string name = NewRoomName();
            Room a = NewRoom();
            RecordingListener ra = new RecordingListener(a);
            a.Connect(s_server.Url, s_server.Token("alice", name, "Alice"));
            Assert.AreEqual((int)ConnectionState.Connected, (int)a.ConnectionState);
            Assert.IsTrue(a.LocalParticipant.Sid.StartsWith("PA_"), a.LocalParticipant.Sid);
            Assert.AreEqual(name, a.Name);
            Assert.IsTrue(a.Sid.StartsWith("RM_"));
            Assert.AreEqual("Alice", a.LocalParticipant.Name);

            Room b = NewRoom();
            b.Connect(s_server.Url, s_server.Token("bob", name));
            Assert.IsNotNull(b.RemoteParticipants["alice"], "bob sees alice in the join");
            Assert.IsTrue(ra.WaitFor("joined:bob", Wait), ra.Joined);
            Assert.IsNotNull(a.RemoteParticipants["bob"]);
            JsonNode p = s_server.Participant(name, "alice");
            Assert.AreEqual(true, (bool)p["v1"], "joined on /rtc/v1");
            Assert.AreEqual(SdkInfo.ClientProtocol, (int)p["clientProtocol"]);

            b.Disconnect();
            Assert.AreEqual((int)ConnectionState.Disconnected, (int)b.ConnectionState);
            Assert.IsTrue(ra.WaitFor("left:bob", Wait), ra.Joined);
            Assert.IsNull(a.RemoteParticipants["bob"]);
            Assert.IsNull(s_server.Participant(name, "bob"), "the server saw bob's leave");
            Finish();
        }

        [TestMethod]
        public void MetadataNameAndAttributeChangesAreSeenOnTheOtherSide()
        {
            string name = NewRoomName();
            Room a = NewRoom();
            Room b = NewRoom();
            RecordingListener ra = new RecordingListener(a);
            RecordingListener rb = new RecordingListener(b);
            a.Connect(s_server.Url, s_server.Token("alice", name));
            b.Connect(s_server.Url, s_server.Token("bob", name));
            b.LocalParticipant.SetMetadata("{\"mood\":\"happy\"}");
            Assert.IsTrue(ra.WaitFor("metadata:bob={\"mood\":\"happy\"}", Wait), ra.Joined);
            Assert.IsTrue(rb.WaitFor("metadata:bob={\"mood\":\"happy\"}", Wait), "the local participant sees the confirmed change: " + rb.Joined);
            b.LocalParticipant.SetName("Bobby");
            Assert.IsTrue(ra.WaitFor("name:bob=Bobby", Wait), ra.Joined);
            Hashtable attrs = new Hashtable { ["role"] = "device", ["fw"] = "1.0" };
            b.LocalParticipant.SetAttributes(attrs);
            Assert.IsTrue(ra.WaitFor("attributes:bob:2", Wait), ra.Joined);
            RemoteParticipant bob = (RemoteParticipant)a.RemoteParticipants["bob"];
            Assert.AreEqual("device", (string)bob.Attributes["role"]);
            Assert.AreEqual("Bobby", bob.Name);

            s_server.Control("room-metadata", new { room = name, metadata = "agenda" });
            Assert.IsTrue(ra.WaitFor("roommetadata:agenda", Wait), ra.Joined);
            Assert.IsTrue(rb.WaitFor("roommetadata:agenda", Wait), rb.Joined);
            Assert.AreEqual("agenda", b.Metadata);
            Finish();
        }

        [TestMethod]
        public void KeepaliveTimeoutThenResume()
        {
            string name = NewRoomName();
            Room a = NewRoom();
            RecordingListener ra = new RecordingListener(a);
            a.Connect(s_server.Url, s_server.Token("alice", name));
            string sid = a.LocalParticipant.Sid;
            Assert.IsTrue(SpinWait.SpinUntil(() => a.Engine.LastRttMs >= 0 && (long)s_server.Participant(name, "alice")["stats"]["pingReqs"] >= 1, Wait), "ping_req answered");
            s_server.Control("impair", new { identity = "alice", mode = "drop", what = "pongs" });
            Stopwatch sw = Stopwatch.StartNew();

            // The server sends ping_timeout 15 s: nothing arrives, the engine declares the signal lost.
            Assert.IsTrue(ra.WaitFor("reconnecting", 25000), ra.Joined);
            long lostAfter = sw.ElapsedMilliseconds;
            Assert.IsTrue(lostAfter >= 13000, "lost after " + lostAfter + " ms, expected about the 15 s ping timeout");
            s_server.Control("impair", new { identity = "alice", mode = "none", what = "pongs" });
            Assert.IsTrue(ra.WaitFor("reconnected", Wait), ra.Joined);
            Assert.AreEqual(sid, a.LocalParticipant.Sid, "resumed as the same participant");
            Assert.IsTrue((int)s_server.State()["counters"]["resumes"] >= 1);
            Finish();
        }

        [TestMethod]
        public void ServerLeaveResumeReconnectAndDisconnect()
        {
            string name = NewRoomName();
            Room a = NewRoom();
            RecordingListener ra = new RecordingListener(a);
            a.Connect(s_server.Url, s_server.Token("alice", name));
            string sid = a.LocalParticipant.Sid;
            int resumes = (int)s_server.State()["counters"]["resumes"];

            s_server.Control("leave", new { identity = "alice", action = "RESUME" });
            Assert.IsTrue(ra.WaitFor("reconnected", Wait), ra.Joined);
            Assert.AreEqual(sid, a.LocalParticipant.Sid);
            Assert.AreEqual(resumes + 1, (int)s_server.State()["counters"]["resumes"]);

            s_server.Control("leave", new { identity = "alice", action = "RECONNECT" });
            Assert.IsTrue(SpinWait.SpinUntil(() => ra.Count("reconnected") == 2, Wait), ra.Joined);
            Assert.AreNotEqual(sid, a.LocalParticipant.Sid, "a full rejoin makes a new participant");
            Assert.AreEqual((int)ConnectionState.Connected, (int)a.ConnectionState);

            s_server.Control("leave", new { identity = "alice", action = "DISCONNECT", reason = "PARTICIPANT_REMOVED" });
            Assert.IsTrue(ra.WaitFor("disconnected:4:10", Wait), ra.Joined);
            Assert.AreEqual((int)ConnectionError.ServerLeave, (int)a.LastError);
            Finish();
        }

        [TestMethod]
        public void DroppedWebSocketResumes()
        {
            string name = NewRoomName();
            Room a = NewRoom();
            RecordingListener ra = new RecordingListener(a);
            a.Connect(s_server.Url, s_server.Token("alice", name));
            string sid = a.LocalParticipant.Sid;
            s_server.Control("drop", new { identity = "alice" });
            Assert.IsTrue(ra.WaitFor("reconnected", Wait), ra.Joined);
            Assert.AreEqual(sid, a.LocalParticipant.Sid);
            Finish();
        }

        [TestMethod]
        public void BadTokenAndUnauthorizedFailWithTheServersReason()
        {
            string name = NewRoomName();
            Room a = NewRoom();
            ConnectException ex = ConnectFails(a, TokenHelper.Create(s_server.ApiKey, "not-the-secret-not-the-secret-00", "alice", name));
            Assert.AreEqual((int)ConnectionError.BadToken, (int)ex.Error, ex.Message);
            Assert.IsTrue(ex.Message.Contains("401") && ex.Message.Contains("invalid token"), ex.Message);

            ex = ConnectFails(a, TokenHelper.Create(s_server.ApiKey, s_server.ApiSecret, "alice", name, roomJoin: false));
            Assert.AreEqual((int)ConnectionError.Unauthorized, (int)ex.Error, ex.Message);
            Assert.IsTrue(ex.Message.Contains("roomJoin"), ex.Message);

            ex = ConnectFails(a, TokenHelper.Create(s_server.ApiKey, s_server.ApiSecret, "alice", name, ttlSeconds: -120));
            Assert.AreEqual((int)ConnectionError.BadToken, (int)ex.Error, ex.Message);
            Assert.AreEqual((int)ConnectionState.Disconnected, (int)a.ConnectionState);
            Finish();
        }

        [TestMethod]
        public void UnreachableServerFailsConnect()
        {
            // A port nobody listens on: bind and close one.
            System.Net.Sockets.TcpListener l = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
            l.Start();
            int port = ((System.Net.IPEndPoint)l.LocalEndpoint).Port;
            l.Stop();
            Room a = NewRoom();
            ConnectException ex = ConnectFails(a, s_server.Token("alice", "x"), "ws://127.0.0.1:" + port);
            Assert.AreEqual((int)ConnectionError.Unreachable, (int)ex.Error, ex.Message);
            Finish();
        }

        [TestMethod]
        public void FallsBackToV0WhenV1AnswersNotFound()
        {
            string name = NewRoomName();
            s_server.Control("v1-404", new { enabled = true });
            Room a = NewRoom();
            RecordingListener ra = new RecordingListener(a);
            a.Connect(s_server.Url, s_server.Token("alice", name));
            Assert.AreEqual((int)ConnectionState.Connected, (int)a.ConnectionState);
            JsonNode p = s_server.Participant(name, "alice");
            Assert.AreEqual(false, (bool)p["v1"], "joined on /rtc");

            // A resume stays on v0.
            string sid = a.LocalParticipant.Sid;
            s_server.Control("drop", new { identity = "alice" });
            Assert.IsTrue(ra.WaitFor("reconnected", Wait), ra.Joined);
            Assert.AreEqual(sid, a.LocalParticipant.Sid);
            Finish();
        }

        [TestMethod]
        public void ServerDownThenBackoffThenRetryCapThenDisconnected()
        {
            using (LocalServer own = LocalServer.Start())
            {
                RoomOptions o = Options();
                o.MaxReconnectAttempts = 4;
                o.ReconnectBaseDelayMs = 200;
                o.ReconnectMaxDelayMs = 800;
                Room a = NewRoom(o);
                RecordingListener ra = new RecordingListener(a);
                a.Connect(own.Url, own.Token("alice", "down"));
                Stopwatch sw = Stopwatch.StartNew();
                own.Control("restart", new { downMs = 60000 });
                Assert.IsTrue(ra.WaitFor("reconnecting", Wait), ra.Joined);
                Assert.IsTrue(ra.WaitFor("disconnected:7:9", 20000), ra.Joined);
                long took = sw.ElapsedMilliseconds;
                Assert.AreEqual((int)ConnectionError.MaxRetriesReached, (int)a.LastError);
                Assert.IsTrue(a.LastErrorMessage.Contains("4 attempts"), a.LastErrorMessage);

                // Three backoff waits of at least half their step: 100 + 200 + 400 ms.
                Assert.IsTrue(took >= 700, "gave up after " + took + " ms: no backoff?");
                Assert.AreEqual((int)ConnectionState.Disconnected, (int)a.ConnectionState);
                Finish();
            }
        }

        internal static ConnectException ConnectFails(Room room, string token, string url = null)
        {
            try
            {
                room.Connect(url ?? s_server.Url, token);
            }
            catch (ConnectException e)
            {
                return e;
            }

            Assert.IsTrue(false, "Connect should have failed");
            return null;
        }
    }
}
