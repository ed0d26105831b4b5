//
// Copyright (c) LiveKit for nanoFramework contributors. Licensed under the Apache License 2.0.
//

using System.Collections;
using System.Threading;
using LiveKit.Protocol;
using LiveKit.Signal;

namespace NFUnitTest
{
    /// <summary>
    /// A test double of the signaling network (an <see cref="ISignalTransport"/>) that plays a
    /// scripted LiveKit server: it answers joins with a JoinResponse, resumes with a
    /// ReconnectResponse, pings with pongs and offers with answers, and lets a test refuse
    /// connections, answer validate, drop sockets and inject any message. No sockets, no
    /// sleeps: everything happens on the calling threads.
    /// </summary>
    public sealed class ScriptedSignalServerDouble : ISignalTransport
    {
        private readonly object _lock = new object();
        private readonly ArrayList _sockets = new ArrayList();
        private readonly ArrayList _joins = new ArrayList();
        private readonly ManualResetEvent _releaseConnect = new ManualResetEvent(false);
        private int _participantCounter;

        /// <summary>Creates the double with the behaviour of a healthy server.</summary>
        public ScriptedSignalServerDouble()
        {
            AutoJoin = true;
            AnswerPongs = true;
            AnswerOffers = true;
            PingIntervalS = 5;
            PingTimeoutS = 15;
            ValidateStatus = 200;
            ValidateBody = "success";
            Identity = "device";
            RoomName = "room";
            Changed = new AutoResetEvent(false);
            Others = new ParticipantInfo[0];
        }

        /// <summary>Pulsed on every connect, request, close (tests wait on it).</summary>
        public AutoResetEvent Changed { get; private set; }

        /// <summary>Send a JoinResponse (or ReconnectResponse) right after a connect.</summary>
        public bool AutoJoin { get; set; }

        /// <summary>Answer ping_req with pong_resp.</summary>
        public bool AnswerPongs { get; set; }

        /// <summary>Answer offers with an answer.</summary>
        public bool AnswerOffers { get; set; }

        /// <summary>Answer a resume with leave(RECONNECT) instead of a ReconnectResponse.</summary>
        public bool RefuseResume { get; set; }

        /// <summary>Subtracted from the echoed ping timestamp: the client then measures this much rtt.</summary>
        public long PongSkewMs { get; set; }

        /// <summary>ReconnectResponse.last_message_seq.</summary>
        public uint LastMessageSeq { get; set; }

        /// <summary>JoinResponse.ping_interval (s).</summary>
        public int PingIntervalS { get; set; }

        /// <summary>JoinResponse.ping_timeout (s).</summary>
        public int PingTimeoutS { get; set; }

        /// <summary>Connections to refuse before accepting again (-1: refuse all).</summary>
        public int RefuseConnects { get; set; }

        /// <summary>Refuse connections to /rtc/v1 (v0 still works).</summary>
        public bool V1NotFound { get; set; }

        /// <summary>Connect blocks until aborted or <see cref="ReleaseConnect"/>.</summary>
        public bool BlockConnect { get; set; }

        /// <summary>What validate answers when a connection is refused.</summary>
        public int ValidateStatus { get; set; }

        /// <summary>The body validate answers.</summary>
        public string ValidateBody { get; set; }

        /// <summary>The identity in the JoinResponse.</summary>
        public string Identity { get; set; }

        /// <summary>The room name in the JoinResponse.</summary>
        public string RoomName { get; set; }

        /// <summary>JoinResponse.other_participants.</summary>
        public ParticipantInfo[] Others { get; set; }

        /// <summary>Validate URLs requested, in order.</summary>
        public ArrayList ValidateUrls { get; } = new ArrayList();

        /// <summary>Connect attempts so far.</summary>
        public int ConnectAttempts { get; private set; }

        /// <summary>Lets blocked connects proceed.</summary>
        public void ReleaseConnect()
        {
            _releaseConnect.Set();
        }

        /// <summary>Every socket created, in order.</summary>
        public ScriptedWebSocketDouble[] Sockets
        {
            get
            {
                lock (_lock)
                {
                    ScriptedWebSocketDouble[] a = new ScriptedWebSocketDouble[_sockets.Count];
                    for (int i = 0; i < a.Length; i++)
                    {
                        a[i] = (ScriptedWebSocketDouble)_sockets[i];
                    }

                    return a;
                }
            }
        }

        /// <summary>The last socket created, or null.</summary>
        public ScriptedWebSocketDouble Last
        {
            get
            {
                lock (_lock)
                {
                    return _sockets.Count == 0 ? null : (ScriptedWebSocketDouble)_sockets[_sockets.Count - 1];
                }
            }
        }

        /// <summary>The JoinRequests of successful connects, decoded from their URLs (v1) or rebuilt from the query (v0).</summary>
        public JoinRequest[] Joins
        {
            get
            {
                lock (_lock)
                {
                    JoinRequest[] a = new JoinRequest[_joins.Count];
                    for (int i = 0; i < a.Length; i++)
                    {
                        a[i] = (JoinRequest)_joins[i];
                    }

                    return a;
                }
            }
        }

        /// <inheritdoc/>
        public IWebSocket CreateWebSocket()
        {
            ScriptedWebSocketDouble s = new ScriptedWebSocketDouble(this);
            lock (_lock)
            {
                _sockets.Add(s);
            }

            return s;
        }

        /// <inheritdoc/>
        public IHttpRequest CreateHttpRequest()
        {
            return new ValidateDouble(this);
        }

        /// <summary>Decodes the JoinRequest in a /rtc/v1 URL, or builds one from a /rtc (v0) query.</summary>
        public static JoinRequest ParseJoin(string url)
        {
            int at = url.IndexOf("join_request=");
            if (at >= 0)
            {
                string value = url.Substring(at + 13);
                int amp = value.IndexOf('&');
                if (amp >= 0)
                {
                    value = value.Substring(0, amp);
                }

                while (value.IndexOf("%3D") >= 0)
                {
                    int p = value.IndexOf("%3D");
                    value = value.Substring(0, p) + "=" + value.Substring(p + 3);
                }

                WrappedJoinRequest w = WrappedJoinRequest.Decode(Base64Url.Decode(value));
                return JoinRequest.Decode(w.JoinRequest);
            }

            JoinRequest jr = new JoinRequest();
            jr.Reconnect = url.IndexOf("reconnect=1") >= 0;
            int sid = url.IndexOf("&sid=");
            if (sid >= 0)
            {
                string v = url.Substring(sid + 5);
                int amp = v.IndexOf('&');
                jr.ParticipantSid = amp >= 0 ? v.Substring(0, amp) : v;
            }

            return jr;
        }

        internal bool BeforeConnect(ScriptedWebSocketDouble socket, ManualResetEvent aborted, int timeoutMs)
        {
            lock (_lock)
            {
                ConnectAttempts++;
            }

            Changed.Set();
            if (BlockConnect)
            {
                int which = WaitHandle.WaitAny(new WaitHandle[] { aborted, _releaseConnect }, timeoutMs, false);
                if (which != 1)
                {
                    return false;
                }
            }

            if (V1NotFound && socket.Url.IndexOf("/rtc/v1") >= 0)
            {
                return false;
            }

            lock (_lock)
            {
                if (RefuseConnects != 0)
                {
                    if (RefuseConnects > 0)
                    {
                        RefuseConnects--;
                    }

                    return false;
                }
            }

            return true;
        }

        internal void AfterConnect(ScriptedWebSocketDouble socket)
        {
            JoinRequest jr = ParseJoin(socket.Url);
            lock (_lock)
            {
                _joins.Add(jr);
            }

            Changed.Set();
            if (!AutoJoin)
            {
                return;
            }

            SignalResponse res = new SignalResponse();
            if (jr.Reconnect)
            {
                if (RefuseResume)
                {
                    LeaveRequest leave = new LeaveRequest();
                    leave.CanReconnect = true;
                    leave.Action = LeaveRequestAction.Reconnect;
                    leave.Reason = DisconnectReason.StateMismatch;
                    res.Leave = leave;
                }
                else
                {
                    ReconnectResponse rr = new ReconnectResponse();
                    rr.LastMessageSeq = LastMessageSeq;
                    res.Reconnect = rr;
                }
            }
            else
            {
                res.Join = MakeJoinResponse();
            }

            socket.Deliver(res);
        }

        /// <summary>A JoinResponse as this script's server would send it.</summary>
        public JoinResponse MakeJoinResponse()
        {
            int n;
            lock (_lock)
            {
                n = ++_participantCounter;
            }

            JoinResponse join = new JoinResponse();
            LiveKit.Protocol.Room room = new LiveKit.Protocol.Room();
            room.Sid = "RM_test";
            room.Name = RoomName;
            join.Room = room;
            ParticipantInfo me = new ParticipantInfo();
            me.Sid = "PA_" + n.ToString();
            me.Identity = Identity;
            me.State = ParticipantInfoState.Joined;
            me.Version = 1;
            join.Participant = me;
            join.OtherParticipants = Others;
            join.PingInterval = PingIntervalS;
            join.PingTimeout = PingTimeoutS;
            join.ServerVersion = "double";
            return join;
        }

        internal void OnRequest(ScriptedWebSocketDouble socket, SignalRequest req)
        {
            Changed.Set();
            if (req.MessageCase == SignalRequestMessageCase.PingReq && AnswerPongs)
            {
                SignalResponse res = new SignalResponse();
                Pong pong = new Pong();
                pong.LastPingTimestamp = req.PingReq.Timestamp - PongSkewMs;
                pong.Timestamp = 1;
                res.PongResp = pong;
                socket.Deliver(res);
            }
            else if (req.MessageCase == SignalRequestMessageCase.Offer && AnswerOffers)
            {
                SignalResponse res = new SignalResponse();
                SessionDescription answer = new SessionDescription();
                answer.Type = "answer";
                answer.Sdp = "v=0 answer-double";
                res.Answer = answer;
                socket.Deliver(res);
            }
        }

        internal void OnClosedByClient(ScriptedWebSocketDouble socket)
        {
            Changed.Set();
        }

        internal int Validate(string url, out string body)
        {
            lock (_lock)
            {
                ValidateUrls.Add(url);
            }

            if (V1NotFound && url.IndexOf("/rtc/v1/validate") >= 0)
            {
                body = "404 page not found";
                return 404;
            }

            body = ValidateBody;
            return ValidateStatus;
        }

        private sealed class ValidateDouble : IHttpRequest
        {
            private readonly ScriptedSignalServerDouble _server;

            public ValidateDouble(ScriptedSignalServerDouble server)
            {
                _server = server;
            }

            public int Get(string url, string token, int timeoutMs, out string body)
            {
                return _server.Validate(url, out body);
            }

            public void Abort()
            {
            }
        }
    }
}
