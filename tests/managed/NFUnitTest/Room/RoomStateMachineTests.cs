//
// Copyright (c) LiveKit for nanoFramework contributors. Licensed under the Apache License 2.0.
//

using System;
using System.Collections;
using System.Threading;
using LiveKit;
using LiveKit.Engine;
using LiveKit.Protocol;
using nanoFramework.TestFramework;
using Room = LiveKit.Room;

namespace NFUnitTest
{
    /// <summary>
    /// The engine's state machine through the public Room, against the scripted signaling
    /// double and the peer-connection double: join, leave, keepalive, resume, rejoin, backoff,
    /// server leave actions, errors, and every teardown path.
    /// </summary>
    [TestClass]
    public class RoomStateMachineTests
    {
        private const int Wait = 5000;

        private static RoomOptions Options(ScriptedSignalServerDouble server, FakePeerConnectionFactoryForTests pcs)
        {
            RoomOptions o = new RoomOptions();
            o.Transport = server;
            o.PeerConnectionFactory = pcs;
            o.JoinTimeoutMs = 2000;
            o.PeerConnectionTimeoutMs = 2000;
            o.ConnectTimeoutMs = 10000;
            o.ReconnectBaseDelayMs = 10;
            o.ReconnectMaxDelayMs = 40;
            o.MaxReconnectAttempts = 3;
            return o;
        }

        private static readonly ArrayList s_rooms = new ArrayList();

        /// <summary>Creates a room, first disposing any a failed test left behind.</summary>
        private static Room NewRoom(RoomOptions o)
        {
            for (int i = 0; i < s_rooms.Count; i++)
            {
                ((Room)s_rooms[i]).Dispose();
            }

            s_rooms.Clear();
            Room room = new Room(o);
            s_rooms.Add(room);
            return room;
        }

        private static void AssertNoLibraryThreads()
        {
            bool none = TestWait.Until(() => LibraryThreads.LiveCount == 0, Wait, null);
            Assert.IsTrue(none, "library threads still alive: " + LibraryThreads.LiveNames());
        }

        private static SignalResponse Leave(LeaveRequestAction action, DisconnectReason reason)
        {
            SignalResponse r = new SignalResponse();
            LeaveRequest l = new LeaveRequest();
            l.Action = action;
            l.Reason = reason;
            l.CanReconnect = action != LeaveRequestAction.Disconnect;
            r.Leave = l;
            return r;
        }

        private static ParticipantInfo Info(string sid, string identity, uint version)
        {
            ParticipantInfo p = new ParticipantInfo();
            p.Sid = sid;
            p.Identity = identity;
            p.Version = version;
            p.State = ParticipantInfoState.Active;
            return p;
        }

        private static SignalResponse Update(ParticipantInfo p)
        {
            SignalResponse r = new SignalResponse();
            ParticipantUpdate u = new ParticipantUpdate();
            u.Participants = new ParticipantInfo[] { p };
            r.Update = u;
            return r;
        }

        [TestMethod]
        public void ConnectReachesConnectedThroughThePeerConnection()
        {
            ScriptedSignalServerDouble server = new ScriptedSignalServerDouble();
            FakePeerConnectionFactoryForTests pcs = new FakePeerConnectionFactoryForTests();
            Room room = NewRoom(Options(server, pcs));
            RoomEventRecorder rec = new RoomEventRecorder(room);
            room.Connect("ws://double", "tok");
            Assert.AreEqual((int)ConnectionState.Connected, (int)room.ConnectionState);
            Assert.AreEqual("Bearer tok", server.Last.Authorization);
            Assert.IsTrue(server.Last.Url.IndexOf("ws://double/rtc/v1?join_request=") == 0);
            JoinRequest jr = server.Joins[0];
            Assert.AreEqual(17, jr.ClientInfo.Protocol);
            Assert.AreEqual(SdkInfo.ClientProtocol, jr.ClientInfo.ClientProtocol);
            Assert.AreEqual(SdkInfo.Version, jr.ClientInfo.Version);
            Assert.IsFalse(jr.ClientInfo.DeviceModel == null || jr.ClientInfo.DeviceModel.Length == 0);
            Assert.IsFalse(jr.Reconnect);
            Assert.AreEqual(1, server.Last.CountSent(SignalRequestMessageCase.Offer));
            Assert.AreEqual(1, server.Last.CountSent(SignalRequestMessageCase.Trickle), "the local candidate is trickled");
            Assert.AreEqual("PA_1", room.LocalParticipant.Sid);
            Assert.AreEqual("device", room.LocalParticipant.Identity);
            Assert.AreEqual("room", room.Name);
            Assert.AreEqual("state:connecting|state:connected", rec.Joined);
            Assert.AreEqual(1, rec.ThreadIds.Count, "events come on one thread");
            Assert.IsFalse((int)rec.ThreadIds[0] == Thread.CurrentThread.ManagedThreadId, "and not on the caller's");
            room.Dispose();
            Assert.IsTrue(pcs.Last.Destroyed);
            AssertNoLibraryThreads();
        }

        [TestMethod]
        public void DisconnectSendsLeaveBeforeClosing()
        {
            ScriptedSignalServerDouble server = new ScriptedSignalServerDouble();
            FakePeerConnectionFactoryForTests pcs = new FakePeerConnectionFactoryForTests();
            Room room = NewRoom(Options(server, pcs));
            RoomEventRecorder rec = new RoomEventRecorder(room);
            room.Connect("ws://double", "tok");
            ScriptedWebSocketDouble ws = server.Last;
            room.Disconnect();
            Assert.AreEqual((int)ConnectionState.Disconnected, (int)room.ConnectionState);
            SignalRequest[] sent = ws.SentSnapshot();
            SignalRequest last = sent[sent.Length - 1];
            Assert.AreEqual((int)SignalRequestMessageCase.Leave, (int)last.MessageCase, "leave is the last thing sent");
            Assert.AreEqual((int)DisconnectReason.ClientInitiated, (int)last.Leave.Reason);
            Assert.AreEqual((int)LeaveRequestAction.Disconnect, (int)last.Leave.Action);
            Assert.IsTrue(ws.ClosedByClient);
            Assert.IsTrue(pcs.Last.Destroyed);

            // The event is raised on the engine thread right after the state changed.
            Assert.IsTrue(rec.WaitFor("disconnected:1:0", 5000), rec.Joined);
            Assert.AreEqual((int)ConnectionError.None, (int)room.LastError);

            // The room can connect again after a disconnect, and disconnecting twice is harmless.
            room.Disconnect();
            room.Connect("ws://double", "tok");
            Assert.AreEqual((int)ConnectionState.Connected, (int)room.ConnectionState);
            room.Dispose();
            room.Dispose();
            Assert.AreEqual(2, server.Last.CountSent(SignalRequestMessageCase.Leave) + ws.CountSent(SignalRequestMessageCase.Leave));
            AssertNoLibraryThreads();
        }

        [TestMethod]
        public void PingTimeoutLeadsToResume()
        {
            ScriptedSignalServerDouble server = new ScriptedSignalServerDouble();
            server.PingIntervalS = 1;
            server.PingTimeoutS = 2;
            server.AnswerPongs = false;
            FakePeerConnectionFactoryForTests pcs = new FakePeerConnectionFactoryForTests();
            Room room = NewRoom(Options(server, pcs));
            RoomEventRecorder rec = new RoomEventRecorder(room);
            room.Connect("ws://double", "tok");
            ScriptedWebSocketDouble first = server.Last;
            Assert.IsTrue(rec.WaitFor("reconnected", 6000), rec.Joined);
            Assert.IsTrue(first.CountSent(SignalRequestMessageCase.PingReq) >= 2, "ping_req every interval");
            Assert.IsTrue(first.ClosedByClient);
            JoinRequest resume = server.Joins[1];
            Assert.IsTrue(resume.Reconnect);
            Assert.AreEqual("PA_1", resume.ParticipantSid);
            Assert.AreEqual(1, server.Last.CountSent(SignalRequestMessageCase.SyncState));
            Assert.AreEqual(2, pcs.Last.Offers, "the resume restarts ICE with a new offer");
            Assert.AreEqual(1, pcs.Created.Length, "a resume keeps the peer connection");
            Assert.AreEqual("state:connecting|state:connected|state:reconnecting|reconnecting|state:connected|reconnected", rec.Joined);
            room.Dispose();
            AssertNoLibraryThreads();
        }

        [TestMethod]
        public void AnsweredPingsKeepTheConnection()
        {
            ScriptedSignalServerDouble server = new ScriptedSignalServerDouble();
            server.PingIntervalS = 1;
            server.PingTimeoutS = 2;
            FakePeerConnectionFactoryForTests pcs = new FakePeerConnectionFactoryForTests();
            Room room = NewRoom(Options(server, pcs));
            RoomEventRecorder rec = new RoomEventRecorder(room);
            room.Connect("ws://double", "tok");
            bool pinged = TestWait.Until(() => server.Last.CountSent(SignalRequestMessageCase.PingReq) >= 4, 6000, server.Changed);
            Assert.IsTrue(pinged);
            Assert.IsFalse(rec.Has("reconnecting"), rec.Joined);
            room.Dispose();
            AssertNoLibraryThreads();
        }

        [TestMethod]
        public void EventsAreRaisedWithNoLibraryLockHeld()
        {
            // If the room or the engine held a lock while raising, another thread reading the
            // room from inside the handler would block until the handler returned: it would
            // never finish while the handler waits for it.
            ScriptedSignalServerDouble server = new ScriptedSignalServerDouble();
            FakePeerConnectionFactoryForTests pcs = new FakePeerConnectionFactoryForTests();
            Room room = NewRoom(Options(server, pcs));
            int handlers = 0;
            int readsDone = 0;
            ConnectionStateChangedEventHandler onState = (s, e) =>
            {
                handlers++;
                if (ReadFromAnotherThread(room))
                {
                    readsDone++;
                }
            };
            ParticipantEventHandler onJoin = (s, e) =>
            {
                handlers++;
                if (ReadFromAnotherThread(room))
                {
                    readsDone++;
                }
            };
            room.ConnectionStateChanged += onState;
            room.ParticipantConnected += onJoin;
            room.Connect("ws://double", "tok");
            server.Last.Deliver(Update(Info("PA_c", "carol", 1)));
            // A handler counts itself before its read: wait for the reads, which a held lock
            // would keep from ever completing (each read gives up after its own bound).
            Assert.IsTrue(TestWait.Until(() => readsDone == 3, Wait, null), "every read from another thread completed inside the handler");
            Assert.AreEqual(3, handlers);
            room.Dispose();
            AssertNoLibraryThreads();
        }

        private static bool ReadFromAnotherThread(Room room)
        {
            ManualResetEvent done = new ManualResetEvent(false);
            Thread t = new Thread(() =>
            {
                object x = room.RemoteParticipants;
                x = room.ConnectionState;
                x = room.LastError;
                x = room.Metadata;
                x = room.LocalParticipant.Attributes;
                x = room.ActiveSpeakers;
                done.Set();
            });
            t.Start();
            bool ok = done.WaitOne(2000, false);
            t.Join();
            return ok;
        }

        [TestMethod]
        public void AnyMessageKeepsTheSignalAliveWithoutPongs()
        {
            ScriptedSignalServerDouble server = new ScriptedSignalServerDouble();
            server.PingIntervalS = 1;
            server.PingTimeoutS = 2;
            server.AnswerPongs = false;
            FakePeerConnectionFactoryForTests pcs = new FakePeerConnectionFactoryForTests();
            Room room = NewRoom(Options(server, pcs));
            RoomEventRecorder rec = new RoomEventRecorder(room);
            room.Connect("ws://double", "tok");
            ScriptedWebSocketDouble ws = server.Last;

            // 3.5 s of room updates every 250 ms and no pong at all: the 2 s timeout never expires.
            DateTime end = DateTime.UtcNow.AddMilliseconds(3500);
            ManualResetEvent never = new ManualResetEvent(false);
            int n = 0;
            while (DateTime.UtcNow < end)
            {
                SignalResponse ru = new SignalResponse();
                RoomUpdate u = new RoomUpdate();
                LiveKit.Protocol.Room r = new LiveKit.Protocol.Room();
                r.Metadata = "tick" + (n++).ToString();
                u.Room = r;
                ru.RoomUpdate = u;
                ws.Deliver(ru);
                never.WaitOne(250, false);
            }

            Assert.IsFalse(rec.Has("reconnecting"), rec.Joined);
            Assert.AreEqual(1, server.Joins.Length);

            // Silence: now it does.
            Assert.IsTrue(rec.WaitFor("reconnecting", 4000), rec.Joined);
            room.Dispose();
            AssertNoLibraryThreads();
        }

        [TestMethod]
        public void ATeardownTimeoutIsReportedNotHidden()
        {
            ScriptedSignalServerDouble server = new ScriptedSignalServerDouble();
            FakePeerConnectionFactoryForTests pcs = new FakePeerConnectionFactoryForTests();
            RoomOptions o = Options(server, pcs);
            o.TeardownTimeoutMs = 300;
            Room room = NewRoom(o);
            ManualResetEvent gate = new ManualResetEvent(false);
            ManualResetEvent inHandler = new ManualResetEvent(false);
            room.RoomMetadataChanged += (s, e) =>
            {
                inHandler.Set();
                gate.WaitOne();
            };
            room.Connect("ws://double", "tok");
            SignalResponse ru = new SignalResponse();
            RoomUpdate u = new RoomUpdate();
            LiveKit.Protocol.Room r = new LiveKit.Protocol.Room();
            r.Metadata = "block";
            u.Room = r;
            ru.RoomUpdate = u;
            server.Last.Deliver(ru);
            Assert.IsTrue(inHandler.WaitOne(Wait, false));

            string logged = null;
            LogHandler previous = LiveKitLog.Handler;
            LiveKitLog.Handler = (level, message) =>
            {
                if (level == LogLevel.Error)
                {
                    logged = message;
                }
            };
            try
            {
                DateTime start = DateTime.UtcNow;
                room.Dispose();
                double took = (DateTime.UtcNow - start).TotalMilliseconds;
                Assert.IsTrue(took >= 250 && took < 3000, "Dispose waited its timeout: " + took.ToString());
                Assert.IsTrue(room.TeardownTimedOut, "the timeout is reported by the room");
                Assert.IsNotNull(logged, "and logged as an error");
                Assert.IsTrue(logged.IndexOf("Dispose") >= 0, logged);
            }
            finally
            {
                LiveKitLog.Handler = previous;
                gate.Set();
            }

            // Once the handler returns the engine finishes its teardown (leave first) and stops.
            Assert.IsTrue(TestWait.Until(() => room.Engine.Stopped, Wait, null));
            Assert.AreEqual(1, server.Last.CountSent(SignalRequestMessageCase.Leave));
            room.Dispose();
            AssertNoLibraryThreads();
        }

        [TestMethod]
        public void ConnectRightAfterAnExtraDisconnectConnects()
        {
            // A Disconnect on a disconnected room leaves a flag the worker may not have taken
            // yet; the Connect that follows must not be cancelled by it.
            ScriptedSignalServerDouble server = new ScriptedSignalServerDouble();
            FakePeerConnectionFactoryForTests pcs = new FakePeerConnectionFactoryForTests();
            Room room = NewRoom(Options(server, pcs));
            for (int i = 0; i < 50; i++)
            {
                room.Disconnect();
                room.Disconnect();
                room.Connect("ws://double", "tok");
                Assert.AreEqual((int)ConnectionState.Connected, (int)room.ConnectionState);
            }

            room.Dispose();
            AssertNoLibraryThreads();
        }

        [TestMethod]
        public void PingReqCarriesTheLastMeasuredRtt()
        {
            ScriptedSignalServerDouble server = new ScriptedSignalServerDouble();
            server.PingIntervalS = 1;
            server.PongSkewMs = 40;
            FakePeerConnectionFactoryForTests pcs = new FakePeerConnectionFactoryForTests();
            Room room = NewRoom(Options(server, pcs));
            room.Connect("ws://double", "tok");
            ScriptedWebSocketDouble ws = server.Last;
            Assert.IsTrue(TestWait.Until(() => ws.CountSent(SignalRequestMessageCase.PingReq) >= 2, 4000, server.Changed));
            SignalRequest[] sent = ws.SentSnapshot();
            long firstRtt = -1;
            long secondRtt = -1;
            for (int i = 0; i < sent.Length; i++)
            {
                if (sent[i].MessageCase == SignalRequestMessageCase.PingReq)
                {
                    if (firstRtt < 0)
                    {
                        firstRtt = sent[i].PingReq.Rtt;
                    }
                    else if (secondRtt < 0)
                    {
                        secondRtt = sent[i].PingReq.Rtt;
                    }
                }
            }

            Assert.AreEqual(0L, firstRtt, "no rtt before the first pong");
            Assert.IsTrue(secondRtt >= 40 && secondRtt < 1000, "second ping_req carries the measured rtt: " + secondRtt.ToString());
            Assert.IsTrue(room.Engine.LastRttMs >= 40);
            room.Dispose();
            AssertNoLibraryThreads();
        }

        [TestMethod]
        public void DroppedSignalResumesAndResendsUnacknowledgedReliablePackets()
        {
            ScriptedSignalServerDouble server = new ScriptedSignalServerDouble();
            server.LastMessageSeq = 3;
            FakePeerConnectionFactoryForTests pcs = new FakePeerConnectionFactoryForTests();
            Room room = NewRoom(Options(server, pcs));
            RoomEventRecorder rec = new RoomEventRecorder(room);
            room.Connect("ws://double", "tok");
            for (int i = 1; i <= 5; i++)
            {
                DataPacket p = new DataPacket();
                UserPacket u = new UserPacket();
                u.Payload = new byte[] { (byte)i };
                p.User = u;
                room.PostRequest(EngineEventKind.PublishData, p);
            }

            FakePeerConnectionForTests pc = pcs.Last;
            Assert.IsTrue(TestWait.Until(() => pc.Sent.Count == 5, Wait, null));
            server.Last.Drop();
            Assert.IsTrue(rec.WaitFor("reconnected", Wait), rec.Joined);
            Assert.IsTrue(TestWait.Until(() => pc.Sent.Count == 7, Wait, null), "packets 4 and 5 are sent again");
            DataPacket r4 = DataPacket.Decode((byte[])pc.Sent[5]);
            DataPacket r5 = DataPacket.Decode((byte[])pc.Sent[6]);
            Assert.AreEqual(4u, r4.Sequence);
            Assert.AreEqual(5u, r5.Sequence);
            Assert.AreEqual((byte)4, r4.User.Payload[0]);
            Assert.AreEqual(2, room.Engine.ResendBuffer.Count, "acknowledged packets are dropped");
            room.Dispose();
            AssertNoLibraryThreads();
        }

        [TestMethod]
        public void ServerLeaveActions()
        {
            ScriptedSignalServerDouble server = new ScriptedSignalServerDouble();
            FakePeerConnectionFactoryForTests pcs = new FakePeerConnectionFactoryForTests();
            Room room = NewRoom(Options(server, pcs));
            RoomEventRecorder rec = new RoomEventRecorder(room);
            room.Connect("ws://double", "tok");

            server.Last.Deliver(Leave(LeaveRequestAction.Resume, DisconnectReason.UnknownReason));
            Assert.IsTrue(rec.WaitFor("reconnected", Wait), rec.Joined);
            Assert.IsTrue(server.Joins[1].Reconnect, "RESUME resumes");
            Assert.AreEqual(1, pcs.Created.Length);

            server.Last.Deliver(Leave(LeaveRequestAction.Reconnect, DisconnectReason.Migration));
            Assert.IsTrue(TestWait.Until(() => rec.Count("reconnected") == 2, Wait, rec.Changed), rec.Joined);
            Assert.IsFalse(server.Joins[2].Reconnect, "RECONNECT rejoins in full");
            Assert.AreEqual("PA_2", room.LocalParticipant.Sid, "a new participant");
            Assert.AreEqual(2, pcs.Created.Length, "with a new peer connection");
            Assert.IsTrue(pcs.Created[0].Destroyed);

            int connects = server.ConnectAttempts;
            server.Last.Deliver(Leave(LeaveRequestAction.Disconnect, DisconnectReason.RoomDeleted));
            Assert.IsTrue(rec.WaitFor("disconnected:5:10", Wait), rec.Joined);
            Assert.AreEqual((int)ConnectionError.ServerLeave, (int)room.LastError);
            Assert.AreEqual((int)DisconnectReason.RoomDeleted, (int)room.LastDisconnectReason);
            Assert.AreEqual(connects, server.ConnectAttempts, "DISCONNECT does not reconnect");
            room.Dispose();
            AssertNoLibraryThreads();
        }

        [TestMethod]
        public void RefusedResumeFallsBackToFullRejoin()
        {
            ScriptedSignalServerDouble server = new ScriptedSignalServerDouble();
            server.RefuseResume = true;
            FakePeerConnectionFactoryForTests pcs = new FakePeerConnectionFactoryForTests();
            Room room = NewRoom(Options(server, pcs));
            RoomEventRecorder rec = new RoomEventRecorder(room);
            room.Connect("ws://double", "tok");
            server.Last.Drop();
            Assert.IsTrue(rec.WaitFor("reconnected", Wait), rec.Joined);
            JoinRequest[] joins = server.Joins;
            Assert.AreEqual(3, joins.Length);
            Assert.IsTrue(joins[1].Reconnect);
            Assert.IsFalse(joins[2].Reconnect);
            room.Dispose();
            AssertNoLibraryThreads();
        }

        [TestMethod]
        public void BackoffThenRetryCapThenDisconnected()
        {
            ScriptedSignalServerDouble server = new ScriptedSignalServerDouble();
            FakePeerConnectionFactoryForTests pcs = new FakePeerConnectionFactoryForTests();
            Room room = NewRoom(Options(server, pcs));
            RoomEventRecorder rec = new RoomEventRecorder(room);
            room.Connect("ws://double", "tok");
            server.RefuseConnects = -1;
            server.ValidateStatus = -1;
            server.Last.Drop();
            Assert.IsTrue(rec.WaitFor("disconnected:7:9", Wait), rec.Joined);
            Assert.AreEqual((int)ConnectionError.MaxRetriesReached, (int)room.LastError);
            Assert.AreEqual(1 + 3, server.ConnectAttempts, "the first join and three attempts");
            Assert.IsTrue(room.LastErrorMessage.IndexOf("Unreachable") >= 0 || room.LastErrorMessage.IndexOf("1") >= 0, room.LastErrorMessage);
            room.Dispose();
            AssertNoLibraryThreads();
        }

        [TestMethod]
        public void BadTokenUnauthorizedAndUnreachableFailConnectWithTheirReason()
        {
            ScriptedSignalServerDouble server = new ScriptedSignalServerDouble();
            server.RefuseConnects = -1;
            FakePeerConnectionFactoryForTests pcs = new FakePeerConnectionFactoryForTests();
            Room room = NewRoom(Options(server, pcs));
            server.ValidateStatus = 401;
            server.ValidateBody = "invalid token: signature is invalid";
            ConnectException ex = ConnectFails(room);
            Assert.AreEqual((int)ConnectionError.BadToken, (int)ex.Error);
            Assert.IsTrue(ex.Message.IndexOf("signature is invalid") >= 0, ex.Message);
            Assert.AreEqual(1, server.ConnectAttempts, "no retry on a bad token");
            Assert.AreEqual((int)ConnectionState.Disconnected, (int)room.ConnectionState);

            server.ValidateBody = "no permissions to access the room";
            Assert.AreEqual((int)ConnectionError.Unauthorized, (int)ConnectFails(room).Error);
            server.ValidateStatus = -1;
            Assert.AreEqual((int)ConnectionError.Unreachable, (int)ConnectFails(room).Error);
            server.ValidateStatus = 500;
            server.ValidateBody = "boom";
            ex = ConnectFails(room);
            Assert.AreEqual((int)ConnectionError.ServerError, (int)ex.Error);
            Assert.IsTrue(ex.Message.IndexOf("500") >= 0);
            room.Dispose();
            AssertNoLibraryThreads();
        }

        private static ConnectException ConnectFails(Room room)
        {
            try
            {
                room.Connect("ws://double", "tok");
            }
            catch (ConnectException e)
            {
                return e;
            }

            Assert.IsTrue(false, "Connect should have failed");
            return null;
        }

        [TestMethod]
        public void FallsBackToV0WhenV1IsNotFound()
        {
            ScriptedSignalServerDouble server = new ScriptedSignalServerDouble();
            server.V1NotFound = true;
            FakePeerConnectionFactoryForTests pcs = new FakePeerConnectionFactoryForTests();
            Room room = NewRoom(Options(server, pcs));
            RoomEventRecorder rec = new RoomEventRecorder(room);
            room.Connect("ws://double", "tok");
            Assert.AreEqual((int)ConnectionState.Connected, (int)room.ConnectionState);
            Assert.IsTrue(((string)server.ValidateUrls[0]).IndexOf("/rtc/v1/validate") > 0);
            Assert.IsTrue(server.Last.Url.IndexOf("ws://double/rtc?") == 0, server.Last.Url);
            Assert.IsTrue(server.Last.Url.IndexOf("protocol=17") > 0);
            Assert.AreEqual(2, pcs.Created.Length, "v0 has a publisher and a subscriber peer connection");

            // Later reconnections stay on v0.
            server.Last.Drop();
            Assert.IsTrue(rec.WaitFor("reconnected", Wait), rec.Joined);
            Assert.IsTrue(server.Last.Url.IndexOf("ws://double/rtc?") == 0 && server.Last.Url.IndexOf("reconnect=1&sid=PA_1") > 0, server.Last.Url);
            room.Dispose();
            AssertNoLibraryThreads();
        }

        [TestMethod]
        public void DisposeFromAnEventHandlerDoesNotSelfJoin()
        {
            ScriptedSignalServerDouble server = new ScriptedSignalServerDouble();
            FakePeerConnectionFactoryForTests pcs = new FakePeerConnectionFactoryForTests();
            Room room = NewRoom(Options(server, pcs));
            ManualResetEvent returned = new ManualResetEvent(false);
            room.ConnectionStateChanged += (s, e) =>
            {
                if (e.State == ConnectionState.Connected)
                {
                    room.Dispose();
                    room.Disconnect();
                    returned.Set();
                }
            };
            room.Connect("ws://double", "tok");
            Assert.IsTrue(returned.WaitOne(Wait, false), "Dispose returned inside the handler");
            Assert.IsTrue(TestWait.Until(() => room.Engine.Stopped, Wait, null));
            Assert.AreEqual(1, server.Last.CountSent(SignalRequestMessageCase.Leave), "leave still sent");
            Assert.IsFalse(room.TeardownTimedOut);
            room.Dispose();
            AssertNoLibraryThreads();
        }

        [TestMethod]
        public void DisposeWhileConnectingReturnsPromptly()
        {
            ScriptedSignalServerDouble server = new ScriptedSignalServerDouble();
            server.BlockConnect = true;
            FakePeerConnectionFactoryForTests pcs = new FakePeerConnectionFactoryForTests();
            RoomOptions o = Options(server, pcs);
            o.JoinTimeoutMs = 30000;
            Room room = NewRoom(o);
            ConnectionError seen = ConnectionError.None;
            Thread t = new Thread(() =>
            {
                try
                {
                    room.Connect("ws://double", "tok");
                }
                catch (ConnectException e)
                {
                    seen = e.Error;
                }
            });
            t.Start();
            Assert.IsTrue(TestWait.Until(() => server.ConnectAttempts == 1, Wait, server.Changed));
            DateTime start = DateTime.UtcNow;
            room.Dispose();
            TimeSpan took = DateTime.UtcNow - start;
            Assert.IsTrue(took.TotalMilliseconds < 2000, "Dispose took " + took.TotalMilliseconds.ToString());
            Assert.IsTrue(t.Join(Wait));
            Assert.AreEqual((int)ConnectionError.Cancelled, (int)seen);
            Assert.IsFalse(room.TeardownTimedOut);
            AssertNoLibraryThreads();
        }

        [TestMethod]
        public void DisconnectWhileConnectingCancelsTheConnect()
        {
            ScriptedSignalServerDouble server = new ScriptedSignalServerDouble();
            server.BlockConnect = true;
            FakePeerConnectionFactoryForTests pcs = new FakePeerConnectionFactoryForTests();
            RoomOptions o = Options(server, pcs);
            o.JoinTimeoutMs = 30000;
            Room room = NewRoom(o);
            ConnectionError seen = ConnectionError.None;
            Thread t = new Thread(() =>
            {
                try
                {
                    room.Connect("ws://double", "tok");
                }
                catch (ConnectException e)
                {
                    seen = e.Error;
                }
            });
            t.Start();
            Assert.IsTrue(TestWait.Until(() => server.ConnectAttempts == 1, Wait, server.Changed));
            room.Disconnect();
            Assert.IsTrue(t.Join(Wait));
            Assert.AreEqual((int)ConnectionError.Cancelled, (int)seen);
            Assert.AreEqual((int)ConnectionState.Disconnected, (int)room.ConnectionState);

            // And the room still works afterwards.
            server.BlockConnect = false;
            room.Connect("ws://double", "tok");
            Assert.AreEqual((int)ConnectionState.Connected, (int)room.ConnectionState);
            room.Dispose();
            AssertNoLibraryThreads();
        }

        [TestMethod]
        public void ConcurrentDisconnectAndDisposeDuringReconnectingAreSafe()
        {
            ScriptedSignalServerDouble server = new ScriptedSignalServerDouble();
            FakePeerConnectionFactoryForTests pcs = new FakePeerConnectionFactoryForTests();
            RoomOptions o = Options(server, pcs);
            o.MaxReconnectAttempts = 1000;
            Room room = NewRoom(o);
            RoomEventRecorder rec = new RoomEventRecorder(room);
            room.Connect("ws://double", "tok");
            server.RefuseConnects = -1;
            server.ValidateStatus = -1;
            server.Last.Drop();
            Assert.IsTrue(rec.WaitFor("reconnecting", Wait));
            int errors = 0;
            Thread[] threads = new Thread[6];
            for (int i = 0; i < threads.Length; i++)
            {
                bool dispose = (i % 2) == 0;
                threads[i] = new Thread(() =>
                {
                    try
                    {
                        if (dispose)
                        {
                            room.Dispose();
                        }
                        else
                        {
                            room.Disconnect();
                        }
                    }
                    catch (Exception)
                    {
                        Interlocked.Increment(ref errors);
                    }
                });
            }

            for (int i = 0; i < threads.Length; i++)
            {
                threads[i].Start();
            }

            for (int i = 0; i < threads.Length; i++)
            {
                Assert.IsTrue(threads[i].Join(Wait), "every call returns");
            }

            Assert.AreEqual(0, errors);
            Assert.IsTrue(room.Engine.Stopped);
            Assert.AreEqual((int)ConnectionState.Disconnected, (int)room.ConnectionState);
            Assert.AreEqual(1, rec.Count("state:disconnected"));
            AssertNoLibraryThreads();
        }

        [TestMethod]
        public void AFullQueueRefusesCommandsLoudlyButNeverLosesDisconnectOrStop()
        {
            ScriptedSignalServerDouble server = new ScriptedSignalServerDouble();
            FakePeerConnectionFactoryForTests pcs = new FakePeerConnectionFactoryForTests();
            RoomOptions o = Options(server, pcs);
            o.QueueCapacity = 8;
            o.QueueCommandReserve = 3;
            Room room = NewRoom(o);
            ManualResetEvent gate = new ManualResetEvent(false);
            ManualResetEvent inHandler = new ManualResetEvent(false);
            room.ParticipantNameChanged += (s, e) =>
            {
                inHandler.Set();
                gate.WaitOne();
            };
            room.Connect("ws://double", "tok");
            ScriptedWebSocketDouble ws = server.Last;

            // Block the worker inside a handler.
            ParticipantInfo me = Info("PA_1", "device", 2);
            me.Name = "renamed";
            ws.Deliver(Update(me));
            Assert.IsTrue(inHandler.WaitOne(Wait, false));

            // Network events fill their share, then are refused (and counted).
            for (int i = 0; i < 10; i++)
            {
                ws.Deliver(Update(Info("PA_x" + i.ToString(), "x" + i.ToString(), 1)));
            }

            Assert.AreEqual(5, room.Engine.Queue.Count);
            Assert.IsTrue(room.Engine.Queue.NetworkRefused >= 5);

            // Commands use the reserve, then are refused with an exception, not dropped.
            int accepted = 0;
            bool refused = false;
            for (int i = 0; i < 10 && !refused; i++)
            {
                try
                {
                    room.LocalParticipant.SetMetadata("m" + i.ToString());
                    accepted++;
                }
                catch (InvalidOperationException)
                {
                    refused = true;
                }
            }

            Assert.AreEqual(3, accepted);
            Assert.IsTrue(refused);

            // Disconnect and Dispose from other threads while the queue is full.
            Thread d = new Thread(() => room.Disconnect());
            d.Start();
            Thread x = new Thread(() => room.Dispose());
            x.Start();
            gate.Set();
            Assert.IsTrue(d.Join(Wait));
            Assert.IsTrue(x.Join(Wait));
            Assert.IsTrue(room.Engine.Stopped);
            Assert.AreEqual((int)ConnectionState.Disconnected, (int)room.ConnectionState);
            Assert.IsTrue(ws.CountSent(SignalRequestMessageCase.Leave) == 1 || server.Last.CountSent(SignalRequestMessageCase.Leave) == 1, "leave sent");
            AssertNoLibraryThreads();
        }

        [TestMethod]
        public void ParticipantUpdatesApplyOnlyWhenNewer()
        {
            ScriptedSignalServerDouble server = new ScriptedSignalServerDouble();
            ParticipantInfo b = Info("PA_b", "bob", 1);
            b.Metadata = "m1";
            server.Others = new ParticipantInfo[] { b };
            FakePeerConnectionFactoryForTests pcs = new FakePeerConnectionFactoryForTests();
            Room room = NewRoom(Options(server, pcs));
            RoomEventRecorder rec = new RoomEventRecorder(room);
            room.Connect("ws://double", "tok");
            RemoteParticipant bob = (RemoteParticipant)room.RemoteParticipants["bob"];
            Assert.IsNotNull(bob);
            Assert.AreEqual("m1", bob.Metadata);
            ScriptedWebSocketDouble ws = server.Last;

            ParticipantInfo v3 = Info("PA_b", "bob", 3);
            v3.Metadata = "m3";
            ws.Deliver(Update(v3));
            Assert.IsTrue(rec.WaitFor("metadata:bob=m3", Wait), rec.Joined);

            ParticipantInfo v2 = Info("PA_b", "bob", 2);
            v2.Metadata = "stale";
            ws.Deliver(Update(v2));
            ParticipantInfo v4 = Info("PA_b", "bob", 4);
            v4.Metadata = "m3";
            v4.Name = "Bob";
            Hashtable attrs = new Hashtable();
            attrs["mood"] = "good";
            v4.Attributes = attrs;
            TrackInfo track = new TrackInfo();
            track.Sid = "TR_1";
            track.Type = TrackType.Audio;
            v4.Tracks = new TrackInfo[] { track };
            ws.Deliver(Update(v4));
            Assert.IsTrue(rec.WaitFor("published:TR_1", Wait), rec.Joined);
            Assert.AreEqual("m3", bob.Metadata, "the stale version 2 was ignored");
            Assert.IsFalse(rec.Has("metadata:bob=stale"));
            Assert.IsTrue(rec.WaitFor("name:bob=Bob", Wait), rec.Joined);
            Assert.IsTrue(rec.WaitFor("attributes:bob:1", Wait), rec.Joined);
            Assert.AreEqual("good", (string)bob.Attributes["mood"]);

            ParticipantInfo v5 = Info("PA_b", "bob", 5);
            v5.Metadata = "m3";
            v5.Name = "Bob";
            v5.Attributes = attrs;
            ws.Deliver(Update(v5));
            Assert.IsTrue(rec.WaitFor("unpublished:TR_1", Wait), rec.Joined);

            ws.Deliver(Update(Info("PA_c", "carol", 1)));
            Assert.IsTrue(rec.WaitFor("joined:carol", Wait), rec.Joined);
            ParticipantInfo gone = Info("PA_b", "bob", 6);
            gone.State = ParticipantInfoState.Disconnected;
            ws.Deliver(Update(gone));
            Assert.IsTrue(rec.WaitFor("left:bob", Wait), rec.Joined);
            Assert.IsNull(room.RemoteParticipants["bob"]);
            Assert.IsNotNull(room.RemoteParticipants["carol"]);
            room.Dispose();
            AssertNoLibraryThreads();
        }

        [TestMethod]
        public void LocalChangesGoOutAsUpdateMetadataAndComeBackAsEvents()
        {
            ScriptedSignalServerDouble server = new ScriptedSignalServerDouble();
            FakePeerConnectionFactoryForTests pcs = new FakePeerConnectionFactoryForTests();
            Room room = NewRoom(Options(server, pcs));
            RoomEventRecorder rec = new RoomEventRecorder(room);
            room.Connect("ws://double", "tok");
            ScriptedWebSocketDouble ws = server.Last;
            room.LocalParticipant.SetMetadata("hello");
            Hashtable a = new Hashtable();
            a["k"] = "v";
            room.LocalParticipant.SetAttributes(a);
            room.LocalParticipant.SetName("Dev");
            Assert.IsTrue(TestWait.Until(() => ws.CountSent(SignalRequestMessageCase.UpdateMetadata) == 3, Wait, server.Changed));
            SignalRequest[] sent = ws.SentSnapshot();
            int seen = 0;
            for (int i = 0; i < sent.Length; i++)
            {
                if (sent[i].MessageCase == SignalRequestMessageCase.UpdateMetadata)
                {
                    UpdateParticipantMetadata u = sent[i].UpdateMetadata;
                    if (seen == 0)
                    {
                        Assert.AreEqual("hello", u.Metadata);
                    }
                    else if (seen == 1)
                    {
                        Assert.AreEqual("v", (string)u.Attributes["k"]);
                    }
                    else
                    {
                        Assert.AreEqual("Dev", u.Name);
                    }

                    seen++;
                }
            }

            ParticipantInfo me = Info("PA_1", "device", 2);
            me.Metadata = "hello";
            ws.Deliver(Update(me));
            Assert.IsTrue(rec.WaitFor("metadata:device=hello", Wait), rec.Joined);
            Assert.AreEqual("hello", room.LocalParticipant.Metadata);
            room.Dispose();
            AssertNoLibraryThreads();
        }

        [TestMethod]
        public void RoomMetadataAndActiveSpeakers()
        {
            ScriptedSignalServerDouble server = new ScriptedSignalServerDouble();
            server.Others = new ParticipantInfo[] { Info("PA_b", "bob", 1) };
            FakePeerConnectionFactoryForTests pcs = new FakePeerConnectionFactoryForTests();
            Room room = NewRoom(Options(server, pcs));
            RoomEventRecorder rec = new RoomEventRecorder(room);
            room.Connect("ws://double", "tok");
            SignalResponse ru = new SignalResponse();
            RoomUpdate u = new RoomUpdate();
            LiveKit.Protocol.Room r = new LiveKit.Protocol.Room();
            r.Sid = "RM_test";
            r.Metadata = "topic";
            u.Room = r;
            ru.RoomUpdate = u;
            server.Last.Deliver(ru);
            Assert.IsTrue(rec.WaitFor("roommetadata:topic", Wait), rec.Joined);
            Assert.AreEqual("topic", room.Metadata);

            SignalResponse sc = new SignalResponse();
            SpeakersChanged ch = new SpeakersChanged();
            SpeakerInfo s1 = new SpeakerInfo();
            s1.Sid = "PA_b";
            s1.Level = 0.5f;
            s1.Active = true;
            SpeakerInfo s2 = new SpeakerInfo();
            s2.Sid = "PA_1";
            s2.Level = 0.9f;
            s2.Active = true;
            ch.Speakers = new SpeakerInfo[] { s1, s2 };
            sc.SpeakersChanged = ch;
            server.Last.Deliver(sc);
            Assert.IsTrue(rec.WaitFor("speakers:2", Wait), rec.Joined);
            Participant[] active = room.ActiveSpeakers;
            Assert.AreEqual("device", active[0].Identity, "loudest first");
            Assert.AreEqual("bob", active[1].Identity);
            room.Dispose();
            AssertNoLibraryThreads();
        }

        [TestMethod]
        public void RefreshedTokenIsUsedForTheNextConnection()
        {
            ScriptedSignalServerDouble server = new ScriptedSignalServerDouble();
            FakePeerConnectionFactoryForTests pcs = new FakePeerConnectionFactoryForTests();
            Room room = NewRoom(Options(server, pcs));
            RoomEventRecorder rec = new RoomEventRecorder(room);
            room.Connect("ws://double", "tok");
            SignalResponse rt = new SignalResponse();
            rt.RefreshToken = "tok2";
            server.Last.Deliver(rt);
            Assert.IsTrue(TestWait.Until(() => room.Token == "tok2", Wait, null));
            server.Last.Drop();
            Assert.IsTrue(rec.WaitFor("reconnected", Wait), rec.Joined);
            Assert.AreEqual("Bearer tok2", server.Last.Authorization);
            room.Dispose();
            AssertNoLibraryThreads();
        }

        [TestMethod]
        public void PeerConnectionFailureResumes()
        {
            ScriptedSignalServerDouble server = new ScriptedSignalServerDouble();
            FakePeerConnectionFactoryForTests pcs = new FakePeerConnectionFactoryForTests();
            Room room = NewRoom(Options(server, pcs));
            RoomEventRecorder rec = new RoomEventRecorder(room);
            room.Connect("ws://double", "tok");
            pcs.Last.Fail();
            Assert.IsTrue(rec.WaitFor("reconnecting", Wait), rec.Joined);
            room.Dispose();
            AssertNoLibraryThreads();
        }

        [TestMethod]
        public void PeerConnectionThatNeverConnectsFailsTheConnect()
        {
            ScriptedSignalServerDouble server = new ScriptedSignalServerDouble();
            server.AnswerOffers = false;
            FakePeerConnectionFactoryForTests pcs = new FakePeerConnectionFactoryForTests();
            RoomOptions o = Options(server, pcs);
            o.PeerConnectionTimeoutMs = 300;
            Room room = NewRoom(o);
            ConnectException ex = ConnectFails(room);
            Assert.AreEqual((int)ConnectionError.PeerConnectionFailed, (int)ex.Error);
            Assert.IsTrue(pcs.Last.Destroyed);
            room.Dispose();
            AssertNoLibraryThreads();
        }

        [TestMethod]
        public void JoinTimeoutFailsTheConnect()
        {
            ScriptedSignalServerDouble server = new ScriptedSignalServerDouble();
            server.AutoJoin = false;
            FakePeerConnectionFactoryForTests pcs = new FakePeerConnectionFactoryForTests();
            RoomOptions o = Options(server, pcs);
            o.JoinTimeoutMs = 300;
            Room room = NewRoom(o);
            Assert.AreEqual((int)ConnectionError.Timeout, (int)ConnectFails(room).Error);
            Assert.IsTrue(server.Last.ClosedByClient);
            room.Dispose();
            AssertNoLibraryThreads();
        }

        [TestMethod]
        public void FirstMessageLeaveFailsTheJoinWithItsReason()
        {
            ScriptedSignalServerDouble server = new ScriptedSignalServerDouble();
            server.AutoJoin = false;
            FakePeerConnectionFactoryForTests pcs = new FakePeerConnectionFactoryForTests();
            Room room = NewRoom(Options(server, pcs));
            Thread t = new Thread(() =>
            {
                TestWait.Until(() => server.Last != null && server.Last.IsOpen, Wait, server.Changed);
                server.Last.Deliver(Leave(LeaveRequestAction.Disconnect, DisconnectReason.DuplicateIdentity));
            });
            t.Start();
            ConnectException ex = ConnectFails(room);
            t.Join();
            Assert.AreEqual((int)ConnectionError.ServerLeave, (int)ex.Error);
            Assert.AreEqual((int)DisconnectReason.DuplicateIdentity, (int)room.LastDisconnectReason);
            room.Dispose();
            AssertNoLibraryThreads();
        }

        [TestMethod]
        public void SignalingOnlyWithoutAPeerConnectionFactory()
        {
            ScriptedSignalServerDouble server = new ScriptedSignalServerDouble();
            RoomOptions o = Options(server, null);
            Room room = NewRoom(o);
            room.Connect("ws://double", "tok");
            Assert.AreEqual((int)ConnectionState.Connected, (int)room.ConnectionState);
            Assert.AreEqual(0, server.Last.CountSent(SignalRequestMessageCase.Offer));
            room.Dispose();
            AssertNoLibraryThreads();
        }
    }
}
