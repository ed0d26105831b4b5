//
// Copyright (c) LiveKit for nanoFramework contributors. Licensed under the Apache License 2.0.
//

using System;
using System.Collections;
using System.Threading;
using LiveKit.Protocol;
using LiveKit.Rtc;
using LiveKit.Signal;

namespace LiveKit.Engine
{
    /// <summary>
    /// The connection engine of one room: one bounded queue, one worker thread
    /// ("LiveKit.Engine") that owns every piece of session state, and explicit states
    /// (Disconnected, Connecting, Connected, Reconnecting). It joins, keeps the signal alive,
    /// drives the peer connection, resumes or rejoins with backoff, follows the server's leave
    /// actions, and tears down in the order the design prescribes.
    /// </summary>
    /// <remarks>
    /// <para>Threads. The application's threads only post to the queue (commands) or set its
    /// flags (Disconnect, Stop). The WebSocket's receive thread only posts network events. The
    /// peer connection's thread only sets a flag and wakes the worker. Everything else — every
    /// send, every state change, every listener call — happens on the worker, which therefore
    /// needs no lock for its own state. Listener calls (and so the room's public events) are
    /// made on the worker with no lock held.</para>
    /// <para>Time. Deadlines (join answer, peer connection, backoff, keepalive) are
    /// <see cref="MonotonicClock"/> values; the worker waits on the queue until the earliest
    /// one. There is no sleep anywhere.</para>
    /// <para>Teardown. <see cref="Stop"/> sets the queue's stop flag (never lost to a full
    /// queue) and aborts a blocking connect; the worker sends leave if a session is open,
    /// closes the WebSocket (joining its receive thread), destroys the peer connections, and
    /// sets the done-event as its very last act. The owner waits for that event with a
    /// timeout and reports a timeout. Called on the worker itself (from an event handler),
    /// Stop only sets the flag: the worker finishes the current handler and then stops.</para>
    /// </remarks>
    internal sealed class RtcEngine
    {
        private const int MaxWaitMs = 30000;
        private const int PendingRequestLimit = 32;

        private readonly RoomOptions _options;
        private readonly IEngineListener _listener;
        private readonly EngineQueue _queue;
        private readonly SignalClient _signal;
        private readonly ManualResetEvent _done = new ManualResetEvent(false);
        private readonly ManualResetEvent _idle = new ManualResetEvent(true);
        private readonly Random _random = new Random();
        private readonly Keepalive _keepalive = new Keepalive();
        private readonly ReliableSendBuffer _resend;
        private readonly ArrayList _pendingRequests = new ArrayList();
        private readonly RtcEvent _rtcEvent = new RtcEvent();
        private readonly object _stateLock = new object();
        private Thread _worker;
        private byte[] _rtcBuffer = new byte[4096];
        private int _pcPending;
        private int _disconnectEpoch;

        // Worker-owned session state.
        private ConnectionState _state = ConnectionState.Disconnected;
        private Phase _phase = Phase.Idle;
        private long _deadline = long.MaxValue;
        private int _attempt;
        private bool _rejoinNext;
        private string _wsBase;
        private string _token;
        private bool _v0;
        private int _generation = -1;
        private JoinResponse _join;
        private string _participantSid;
        private PeerTransport _publisher;
        private PeerTransport _subscriber;
        private uint _reliableSequence;
        private ConnectWaiter _waiter;
        private ConnectionError _lastError;
        private string _lastErrorMessage;
        private DisconnectReason _lastReason;
        private int _signalConnects;

        /// <summary>Creates the engine and starts its worker.</summary>
        public RtcEngine(RoomOptions options, ISignalTransport transport, IEngineListener listener)
        {
            _options = options;
            _listener = listener;
            _queue = new EngineQueue(options.QueueCapacity, options.QueueCommandReserve);
            _signal = new SignalClient(transport, _queue);
            _resend = new ReliableSendBuffer(options.ResendBufferPackets, options.ResendBufferBytes);
            _worker = LibraryThreads.Start("Engine", Run);
        }

        private enum Phase
        {
            Idle,
            Joining,
            Negotiating,
            Active,
            Resuming,
            Waiting
        }

        /// <summary>The current state (any thread).</summary>
        public ConnectionState State
        {
            get
            {
                lock (_stateLock)
                {
                    return _state;
                }
            }
        }

        /// <summary>Why the room last became Disconnected.</summary>
        public ConnectionError LastError
        {
            get
            {
                lock (_stateLock)
                {
                    return _lastError;
                }
            }
        }

        /// <summary>The details of <see cref="LastError"/> (the server's reason, an HTTP status).</summary>
        public string LastErrorMessage
        {
            get
            {
                lock (_stateLock)
                {
                    return _lastErrorMessage;
                }
            }
        }

        /// <summary>The disconnect reason of the last Disconnected.</summary>
        public DisconnectReason LastDisconnectReason
        {
            get
            {
                lock (_stateLock)
                {
                    return _lastReason;
                }
            }
        }

        /// <summary>The token used for the next (re)connection; refresh_token replaces it.</summary>
        public string Token
        {
            get
            {
                lock (_stateLock)
                {
                    return _token;
                }
            }
        }

        /// <summary>True on the worker thread (inside an event handler).</summary>
        public bool OnWorkerThread
        {
            get { return Thread.CurrentThread == _worker; }
        }

        /// <summary>True once the worker has finished.</summary>
        public bool Stopped
        {
            get { return _done.WaitOne(0, false); }
        }

        /// <summary>The queue (tests look at it).</summary>
        internal EngineQueue Queue
        {
            get { return _queue; }
        }

        /// <summary>The resend buffer (tests look at it).</summary>
        internal ReliableSendBuffer ResendBuffer
        {
            get { return _resend; }
        }

        /// <summary>Signal connections opened so far (tests).</summary>
        internal int SignalConnects
        {
            get { return _signalConnects; }
        }

        /// <summary>The keepalive's last measured round-trip time (ms).</summary>
        internal long LastRttMs
        {
            get { return _keepalive.LastRttMs; }
        }

        // ------------------------------------------------------------------ commands (any thread)

        /// <summary>Posts Connect; the waiter is completed by the worker. False when the queue is full.</summary>
        public bool PostConnect(string url, string token, ConnectWaiter waiter)
        {
            EngineEvent ev = new EngineEvent(EngineEventKind.Connect);
            ev.Text1 = url;
            ev.Text2 = token;
            ev.Object = waiter;
            lock (_stateLock)
            {
                ev.Number = _disconnectEpoch;
            }

            return _queue.TryPostCommand(ev);
        }

        /// <summary>
        /// Asks the worker to leave the room (a flag: never lost), and makes a blocking connect
        /// give up. Earlier Connect commands still queued are cancelled.
        /// </summary>
        public void RequestDisconnect()
        {
            lock (_stateLock)
            {
                _disconnectEpoch++;
            }

            _queue.RequestDisconnect();
            if (!OnWorkerThread)
            {
                _signal.AbortConnecting();
            }
        }

        /// <summary>
        /// Posts a DataPacket for the reliable (numbered, kept for resends) or the lossy channel.
        /// False when the queue is full: the caller reports it; nothing is sent.
        /// </summary>
        public bool PostData(DataPacket packet, bool reliable)
        {
            EngineEvent ev = new EngineEvent(EngineEventKind.PublishData);
            ev.Object = packet;
            ev.Number = reliable ? 0 : 1; // 0 (the default) is reliable
            return _queue.TryPostCommand(ev);
        }

        /// <summary>Posts a command carrying a signal request (update_metadata). False when the queue is full.</summary>
        public bool PostRequest(EngineEventKind kind, object message)
        {
            EngineEvent ev = new EngineEvent(kind);
            ev.Object = message;
            return _queue.TryPostCommand(ev);
        }

        /// <summary>
        /// Stops the worker: flag, wake, abort a blocking connect. Off the worker thread it then
        /// waits for the done-event up to <paramref name="timeoutMs"/> and returns false if it
        /// did not come (the caller reports it). On the worker thread it returns true at once:
        /// the stop happens when the current handler returns.
        /// </summary>
        public bool Stop(int timeoutMs)
        {
            lock (_stateLock)
            {
                _disconnectEpoch++;
            }

            _queue.RequestStop();
            if (OnWorkerThread)
            {
                return true;
            }

            _signal.AbortConnecting();
            long start = MonotonicClock.NowMs;
            if (!_done.WaitOne(timeoutMs, false))
            {
                return false;
            }

            // The done-event is the worker's last act; joining the thread as well means that
            // when Stop returns no thread of this room is left, not even one about to exit.
            long left = timeoutMs - (MonotonicClock.NowMs - start);
            return _worker.Join(left > 0 ? (int)left : 0);
        }

        /// <summary>Waits until the state is Disconnected or the worker stopped; false on timeout.</summary>
        public bool WaitDisconnected(int timeoutMs)
        {
            return WaitHandle.WaitAny(new WaitHandle[] { _idle, _done }, timeoutMs, false) != WaitHandle.WaitTimeout;
        }

        // ------------------------------------------------------------------ worker

        private void Run()
        {
            try
            {
                while (!_queue.StopRequested)
                {
                    try
                    {
                        Turn();
                    }
                    catch (Exception ex)
                    {
                        // A bug or a hostile message: log it, keep the worker alive; the session
                        // resynchronises through the normal loss handling.
                        LiveKitLog.Write(LogLevel.Error, "engine: " + ex.ToString());
                        if (_phase != Phase.Idle && _phase != Phase.Waiting)
                        {
                            SafeSignalLost(ConnectionError.ProtocolError, "internal error: " + ex.Message);
                        }
                    }
                }
            }
            finally
            {
                try
                {
                    if (_state != ConnectionState.Disconnected || _phase != Phase.Idle)
                    {
                        Leave(DisconnectReason.ClientInitiated, ConnectionError.Cancelled, "disposed");
                    }
                }
                catch (Exception ex)
                {
                    LiveKitLog.Write(LogLevel.Error, "engine teardown: " + ex.ToString());
                }

                DrainQueueOnStop();
                _done.Set();
            }
        }

        private void SafeSignalLost(ConnectionError error, string message)
        {
            try
            {
                OnSignalLost(error, message);
            }
            catch (Exception ex)
            {
                LiveKitLog.Write(LogLevel.Error, "engine: " + ex.ToString());
            }
        }

        private void DrainQueueOnStop()
        {
            while (true)
            {
                EngineEvent ev = _queue.Take(0);
                if (ev == null)
                {
                    break;
                }

                ConnectWaiter w = ev.Object as ConnectWaiter;
                if (w != null)
                {
                    w.Complete(false, ConnectionError.Cancelled, "disposed");
                }
            }
        }

        private void Turn()
        {
            if (_queue.TakeDisconnectRequest())
            {
                if (_state != ConnectionState.Disconnected || _phase != Phase.Idle)
                {
                    Leave(DisconnectReason.ClientInitiated, ConnectionError.Cancelled, "disconnected by the application");
                }
            }

            if (_queue.StopRequested)
            {
                return;
            }

            int overflow = _signal.TakeOverflow();
            if (overflow >= 0 && overflow == _generation && _phase != Phase.Idle && _phase != Phase.Waiting)
            {
                OnSignalLost(ConnectionError.ProtocolError, "signal messages overflowed the engine queue");
            }

            if (Interlocked.Exchange(ref _pcPending, 0) != 0)
            {
                DrainPeerConnection(_publisher);
                DrainPeerConnection(_subscriber);
            }

            RunDeadlines();
            if (_queue.StopRequested)
            {
                return;
            }

            EngineEvent ev = _queue.Take(WaitMs());
            if (ev != null)
            {
                Handle(ev);
            }
        }

        private int WaitMs()
        {
            long next = _deadline;
            long k = _keepalive.NextDeadline;
            if (k < next)
            {
                next = k;
            }

            if (next == long.MaxValue)
            {
                return MaxWaitMs;
            }

            long wait = next - MonotonicClock.NowMs;
            if (wait <= 0)
            {
                return 0;
            }

            return wait > MaxWaitMs ? MaxWaitMs : (int)wait;
        }

        private void Handle(EngineEvent ev)
        {
            switch (ev.Kind)
            {
                case EngineEventKind.Connect:
                    HandleConnect(ev);
                    break;
                case EngineEventKind.UpdateMetadata:
                    SendOrHold(RequestFor(ev));
                    break;
                case EngineEventKind.PublishData:
                    if (ev.Number == 1)
                    {
                        PublishLossy((DataPacket)ev.Object);
                    }
                    else
                    {
                        PublishReliable((DataPacket)ev.Object);
                    }

                    break;
                case EngineEventKind.SignalMessage:
                    if (ev.Generation == _generation)
                    {
                        OnSignalMessage(ev.Data, ev.Length);
                    }

                    break;
                case EngineEventKind.SignalClosed:
                    if (ev.Generation == _generation && _phase != Phase.Idle && _phase != Phase.Waiting)
                    {
                        OnSignalLost(ConnectionError.Unreachable, "signal connection closed (" + ev.Number.ToString() + " " + ev.Text1 + ")");
                    }

                    break;
                default:
                    break;
            }
        }

        private static SignalRequest RequestFor(EngineEvent ev)
        {
            SignalRequest req = new SignalRequest();
            req.UpdateMetadata = (UpdateParticipantMetadata)ev.Object;
            return req;
        }

        // ------------------------------------------------------------------ connect

        private void HandleConnect(EngineEvent ev)
        {
            ConnectWaiter waiter = (ConnectWaiter)ev.Object;
            int epoch;
            lock (_stateLock)
            {
                epoch = _disconnectEpoch;
            }

            if (ev.Number != epoch)
            {
                // A Disconnect or Dispose came after this Connect was posted.
                if (waiter != null)
                {
                    waiter.Complete(false, ConnectionError.Cancelled, "disconnected before the connection started");
                }

                return;
            }

            if (_state != ConnectionState.Disconnected)
            {
                if (waiter != null)
                {
                    waiter.Complete(false, ConnectionError.Cancelled, "already connecting or connected");
                }

                return;
            }

            // A disconnect flag still pending here was raised before this Connect was posted
            // (the epochs match): the room is already Disconnected, so it has nothing left to do.
            _queue.TakeDisconnectRequest();
            _signal.ResetAbort();
            if (EpochChanged(epoch))
            {
                if (waiter != null)
                {
                    waiter.Complete(false, ConnectionError.Cancelled, "disconnected before the connection started");
                }

                return;
            }

            _waiter = waiter;
            _wsBase = SignalUrls.WebSocketBase(ev.Text1);
            lock (_stateLock)
            {
                _token = ev.Text2;
                _lastError = ConnectionError.None;
                _lastErrorMessage = null;
            }

            _v0 = false;
            _attempt = 0;
            _rejoinNext = false;
            _participantSid = null;
            _join = null;
            SetState(ConnectionState.Connecting, ConnectionError.None);
            StartJoin();
        }

        private bool EpochChanged(int epoch)
        {
            lock (_stateLock)
            {
                return epoch != _disconnectEpoch;
            }
        }

        private JoinRequest BuildJoin(bool reconnect)
        {
            JoinRequest jr = new JoinRequest();
            ClientInfo ci = new ClientInfo();
            ci.Sdk = ClientInfoSdk.Dotnet;
            ci.Version = SdkInfo.Version;
            ci.Protocol = SdkInfo.Protocol;
            ci.ClientProtocol = SdkInfo.ClientProtocol;
            ci.Os = SdkInfo.OperatingSystem;
            ci.OsVersion = PlatformServices.OsVersion;
            ci.DeviceModel = PlatformServices.DeviceModel;
            jr.ClientInfo = ci;
            ConnectionSettings cs = new ConnectionSettings();
            cs.AutoSubscribe = _options.AutoSubscribe;
            jr.ConnectionSettings = cs;
            if (reconnect)
            {
                jr.Reconnect = true;
                jr.ReconnectReason = ReconnectReason.RrSignalDisconnected;
                jr.ParticipantSid = _participantSid;
            }

            return jr;
        }

        /// <summary>Opens the signal connection for a join or a resume; false when it failed (already handled).</summary>
        private bool OpenSignal(bool resume)
        {
            if (_queue.StopRequested || _queue.DisconnectPending)
            {
                AttemptFailed(ConnectionError.Cancelled, "stopped before connecting");
                return false;
            }

            JoinRequest jr = BuildJoin(resume);
            _signalConnects++;
            SignalConnectResult r = _signal.Connect(_wsBase, Token, jr, _v0, _options.JoinTimeoutMs);
            if (r.Error != ConnectionError.None && r.TryV0 && !_v0 && !_queue.StopRequested)
            {
                LiveKitLog.Write(LogLevel.Info, "signal: /rtc/v1 not found, falling back to /rtc (v0)");
                _v0 = true;
                _signalConnects++;
                r = _signal.Connect(_wsBase, Token, jr, true, _options.JoinTimeoutMs);
            }

            if (r.Error == ConnectionError.None)
            {
                _generation = _signal.Generation;
                _deadline = MonotonicClock.NowMs + _options.JoinTimeoutMs;
                return true;
            }

            string message = r.Message;
            if (r.HttpStatus > 0)
            {
                message = "HTTP " + r.HttpStatus.ToString() + ": " + r.Message;
            }

            AttemptFailed(r.Error, message);
            return false;
        }

        private void StartJoin()
        {
            DestroyPeerConnections();
            _keepalive.Stop();
            _resend.Clear();
            _reliableSequence = 0;
            if (OpenSignal(false))
            {
                _phase = Phase.Joining;
            }
        }

        private void StartResume()
        {
            if (_rejoinNext || _participantSid == null || _join == null)
            {
                _rejoinNext = true;
                StartJoin();
                return;
            }

            _keepalive.Stop();
            if (OpenSignal(true))
            {
                _phase = Phase.Resuming;
            }
        }

        /// <summary>One attempt failed: fail the Connect, or back off and try again, or give up.</summary>
        private void AttemptFailed(ConnectionError error, string message)
        {
            _signal.Close();
            _keepalive.Stop();
            if (error == ConnectionError.Cancelled || _queue.StopRequested)
            {
                Finish(DisconnectReason.ClientInitiated, ConnectionError.Cancelled, message);
                return;
            }

            if (_state == ConnectionState.Connecting)
            {
                Finish(DisconnectReason.JoinFailure, error, message);
                return;
            }

            if (error == ConnectionError.BadToken || error == ConnectionError.Unauthorized)
            {
                Finish(DisconnectReason.JoinFailure, error, message);
                return;
            }

            LiveKitLog.Write(LogLevel.Warning, "reconnect attempt " + (_attempt + 1).ToString() + " failed: " + ErrorName(error) + " " + message);
            _rejoinNext = true;
            ScheduleRetry(error, message);
        }

        private void ScheduleRetry(ConnectionError error, string message)
        {
            if (_attempt >= _options.MaxReconnectAttempts)
            {
                Finish(DisconnectReason.JoinFailure, ConnectionError.MaxRetriesReached,
                    "gave up after " + _attempt.ToString() + " attempts; last: " + ErrorName(error) + (message == null ? string.Empty : " " + message));
                return;
            }

            int delay = Backoff.DelayMs(_attempt, _options.ReconnectBaseDelayMs, _options.ReconnectMaxDelayMs, _random);
            _attempt++;
            _phase = Phase.Waiting;
            _deadline = MonotonicClock.NowMs + delay;
        }

        /// <summary>The error's name (enum ToString gives the number on nanoFramework 1.x).</summary>
        internal static string ErrorName(ConnectionError e)
        {
            switch (e)
            {
                case ConnectionError.None:
                    return "None";
                case ConnectionError.Unreachable:
                    return "Unreachable";
                case ConnectionError.BadToken:
                    return "BadToken";
                case ConnectionError.Unauthorized:
                    return "Unauthorized";
                case ConnectionError.NotFound:
                    return "NotFound";
                case ConnectionError.ServerError:
                    return "ServerError";
                case ConnectionError.Timeout:
                    return "Timeout";
                case ConnectionError.ProtocolError:
                    return "ProtocolError";
                case ConnectionError.PeerConnectionFailed:
                    return "PeerConnectionFailed";
                case ConnectionError.MaxRetriesReached:
                    return "MaxRetriesReached";
                case ConnectionError.ServerLeave:
                    return "ServerLeave";
                case ConnectionError.Cancelled:
                    return "Cancelled";
                default:
                    return ((int)e).ToString();
            }
        }

        // ------------------------------------------------------------------ loss, leave, finish

        /// <summary>The signal (or the transport) was lost.</summary>
        private void OnSignalLost(ConnectionError error, string message)
        {
            _signal.Close();
            _keepalive.Stop();
            if (_state == ConnectionState.Connecting)
            {
                Finish(DisconnectReason.JoinFailure, error, message);
                return;
            }

            if (_state == ConnectionState.Reconnecting)
            {
                if (_phase == Phase.Resuming)
                {
                    _rejoinNext = true;
                }

                ScheduleRetry(error, message);
                return;
            }

            if (_state == ConnectionState.Connected)
            {
                BeginReconnecting(false, message);
            }
        }

        private void BeginReconnecting(bool fullRejoin, string why)
        {
            LiveKitLog.Write(LogLevel.Info, "reconnecting (" + (fullRejoin ? "rejoin" : "resume") + "): " + why);
            _signal.Close();
            _keepalive.Stop();
            _attempt = 0;
            _rejoinNext = fullRejoin || _options.MaxReconnectAttempts <= 0;
            if (_options.MaxReconnectAttempts <= 0)
            {
                Finish(DisconnectReason.SignalClose, ConnectionError.MaxRetriesReached, "reconnection disabled; " + why);
                return;
            }

            if (_state != ConnectionState.Reconnecting)
            {
                SetState(ConnectionState.Reconnecting, ConnectionError.None);
                _listener.OnReconnecting();
            }

            _attempt = 1;
            StartResume();
        }

        /// <summary>Sends leave if a signal connection is open, then ends the session.</summary>
        private void Leave(DisconnectReason reason, ConnectionError error, string message)
        {
            if (_signal.IsOpen && (_phase == Phase.Active || _phase == Phase.Negotiating || _phase == Phase.Joining || _phase == Phase.Resuming))
            {
                SignalRequest req = new SignalRequest();
                LeaveRequest leave = new LeaveRequest();
                leave.Reason = DisconnectReason.ClientInitiated;
                leave.Action = LeaveRequestAction.Disconnect;
                req.Leave = leave;
                _signal.Send(req);
            }

            ConnectionError e = _state == ConnectionState.Connected ? ConnectionError.None : error;
            Finish(reason, e, message);
        }

        /// <summary>Ends the session: close, destroy, Disconnected, events, waiter.</summary>
        private void Finish(DisconnectReason reason, ConnectionError error, string message)
        {
            _signal.Close();
            _keepalive.Stop();
            DestroyPeerConnections();
            _phase = Phase.Idle;
            _deadline = long.MaxValue;
            _pendingRequests.Clear();
            _generation = -1;
            lock (_stateLock)
            {
                _lastError = error;
                _lastErrorMessage = message;
                _lastReason = reason;
            }

            ConnectWaiter w = _waiter;
            _waiter = null;
            if (_state != ConnectionState.Disconnected)
            {
                SetState(ConnectionState.Disconnected, error);
                _listener.OnDisconnected(reason, error, message);
            }

            // Last: the caller of Connect sees the room already Disconnected.
            if (w != null)
            {
                w.Complete(false, error == ConnectionError.None ? ConnectionError.Cancelled : error, message);
            }
        }

        private void SetState(ConnectionState state, ConnectionError error)
        {
            lock (_stateLock)
            {
                if (_state == state)
                {
                    return;
                }

                _state = state;
                if (state == ConnectionState.Disconnected)
                {
                    _idle.Set();
                }
                else
                {
                    _idle.Reset();
                }
            }

            _listener.OnConnectionStateChanged(state, error);
        }

        // ------------------------------------------------------------------ deadlines

        private void RunDeadlines()
        {
            long now = MonotonicClock.NowMs;
            if (_keepalive.Running)
            {
                if (_keepalive.TimedOut(now))
                {
                    OnSignalLost(ConnectionError.Timeout, "no message from the server for " + _keepalive.TimeoutMs.ToString() + " ms (ping timeout)");
                    return;
                }

                if (_keepalive.PingDue(now))
                {
                    SignalRequest req = new SignalRequest();
                    Ping ping = new Ping();
                    ping.Timestamp = now;
                    ping.Rtt = _keepalive.LastRttMs;
                    req.PingReq = ping;
                    _signal.Send(req);
                }
            }

            if (now < _deadline)
            {
                return;
            }

            _deadline = long.MaxValue;
            switch (_phase)
            {
                case Phase.Joining:
                    AttemptFailed(ConnectionError.Timeout, "no join response within " + _options.JoinTimeoutMs.ToString() + " ms");
                    break;
                case Phase.Resuming:
                    _rejoinNext = true;
                    AttemptFailed(ConnectionError.Timeout, "no reconnect response within " + _options.JoinTimeoutMs.ToString() + " ms");
                    break;
                case Phase.Negotiating:
                    _rejoinNext = true;
                    AttemptFailed(ConnectionError.PeerConnectionFailed, "the peer connection did not connect within " + _options.PeerConnectionTimeoutMs.ToString() + " ms");
                    break;
                case Phase.Waiting:
                    StartResume();
                    break;
                default:
                    break;
            }
        }

        // ------------------------------------------------------------------ signal messages

        private void OnSignalMessage(byte[] data, int length)
        {
            SignalResponse res;
            try
            {
                res = SignalResponse.Decode(data, 0, length);
            }
            catch (ProtocolException ex)
            {
                LiveKitLog.Write(LogLevel.Warning, "signal: undecodable message: " + ex.Message);
                return;
            }

            _keepalive.OnReceived(MonotonicClock.NowMs);
            switch (res.MessageCase)
            {
                case SignalResponseMessageCase.Join:
                    OnJoinResponse(res.Join);
                    break;
                case SignalResponseMessageCase.Reconnect:
                    OnReconnectResponse(res.Reconnect);
                    break;
                case SignalResponseMessageCase.Leave:
                    OnServerLeave(res.Leave);
                    break;
                case SignalResponseMessageCase.Answer:
                    OnAnswer(res.Answer);
                    break;
                case SignalResponseMessageCase.Offer:
                    OnOffer(res.Offer);
                    break;
                case SignalResponseMessageCase.Trickle:
                    OnTrickle(res.Trickle);
                    break;
                case SignalResponseMessageCase.PongResp:
                    _keepalive.OnPong(res.PongResp.LastPingTimestamp, MonotonicClock.NowMs);
                    break;
                case SignalResponseMessageCase.RefreshToken:
                    lock (_stateLock)
                    {
                        _token = res.RefreshToken;
                    }

                    break;
                case SignalResponseMessageCase.MediaSectionsRequirement:
                    OnMediaSections(res.MediaSectionsRequirement);
                    break;
                case SignalResponseMessageCase.Update:
                case SignalResponseMessageCase.RoomUpdate:
                case SignalResponseMessageCase.SpeakersChanged:
                case SignalResponseMessageCase.TrackPublished:
                case SignalResponseMessageCase.TrackUnpublished:
                case SignalResponseMessageCase.RequestResponse:
                case SignalResponseMessageCase.Mute:
                    if (_join != null)
                    {
                        _listener.OnSignalResponse(res);
                    }

                    break;
                default:
                    break;
            }
        }

        private void OnJoinResponse(JoinResponse join)
        {
            if (_phase != Phase.Joining)
            {
                return;
            }

            if (join.Participant == null || join.Participant.Sid == null || join.Participant.Sid.Length == 0)
            {
                AttemptFailed(ConnectionError.ProtocolError, "join response without participant");
                return;
            }

            bool rejoin = _state == ConnectionState.Reconnecting;
            _join = join;
            _participantSid = join.Participant.Sid;
            _keepalive.Start(join.PingInterval, join.PingTimeout, MonotonicClock.NowMs);
            _listener.OnJoined(join, rejoin);
            if (_phase != Phase.Joining || _state == ConnectionState.Disconnected)
            {
                // A handler disconnected.
                return;
            }

            if (_options.PeerConnectionFactory == null)
            {
                TransportConnected();
                return;
            }

            _phase = Phase.Negotiating;
            _deadline = MonotonicClock.NowMs + _options.PeerConnectionTimeoutMs;
            if (!CreatePeerConnections(join))
            {
                return;
            }

            // v0 too: the publisher carries our _reliable/_lossy channels, so it is offered at
            // once (as with fast_publish) and Connected waits for its reliable channel; data
            // published right after Connect has somewhere to go.
            SendOffer(_publisher);
        }

        private void OnReconnectResponse(ReconnectResponse reconnect)
        {
            if (_phase != Phase.Resuming)
            {
                return;
            }

            _keepalive.Start(_join.PingInterval, _join.PingTimeout, MonotonicClock.NowMs);

            // sync_state: what we had negotiated, so the server can check it kept the same.
            SignalRequest req = new SignalRequest();
            SyncState sync = new SyncState();
            if (_publisher != null && _publisher.LocalSdp != null)
            {
                SessionDescription offer = new SessionDescription();
                offer.Type = "offer";
                offer.Sdp = _publisher.LocalSdp;
                sync.Offer = offer;
            }

            if (_subscriber != null && _subscriber.LocalSdp != null)
            {
                SessionDescription answer = new SessionDescription();
                answer.Type = "answer";
                answer.Sdp = _subscriber.LocalSdp;
                sync.Answer = answer;
            }

            req.SyncState = sync;
            _signal.Send(req);

            if (_publisher != null)
            {
                // Restart ICE on the publisher with a fresh offer (new credentials; DTLS and
                // SCTP continue), as LiveKit's SDKs do on a resume: it revives a transport whose
                // path died, and costs one round of checks when it did not. v0: the server
                // restarts the subscriber with its own offer.
                if (_publisher.LocalSdp != null)
                {
                    int r = _publisher.Pc.RestartIce();
                    if (r < 0)
                    {
                        LiveKitLog.Write(LogLevel.Warning, "peer connection: ICE restart refused (" + r.ToString() + ")");
                    }
                }

                SendOffer(_publisher);
                ResendReliable(reconnect.LastMessageSeq);
            }

            PeerTransport primary = Primary();
            if (primary == null || primary.State == RtcConnectionState.Connected)
            {
                TransportConnected();
            }
            else
            {
                _phase = Phase.Negotiating;
                _deadline = MonotonicClock.NowMs + _options.PeerConnectionTimeoutMs;
            }
        }

        private void OnServerLeave(LeaveRequest leave)
        {
            LiveKitLog.Write(LogLevel.Info, "server leave: action " + ((int)leave.Action).ToString() + " reason " + ((int)leave.Reason).ToString());
            if (leave.Action == LeaveRequestAction.Resume && _state == ConnectionState.Connected)
            {
                BeginReconnecting(false, "server asked to resume");
                return;
            }

            if (leave.Action == LeaveRequestAction.Reconnect || (leave.Action == LeaveRequestAction.Resume && _state == ConnectionState.Reconnecting))
            {
                if (_state == ConnectionState.Connected)
                {
                    BeginReconnecting(true, "server asked to reconnect");
                    return;
                }

                if (_state == ConnectionState.Reconnecting)
                {
                    // The server refused the resume: rejoin in full, now.
                    _signal.Close();
                    _rejoinNext = true;
                    StartResume();
                    return;
                }
            }

            Finish(leave.Reason, ConnectionError.ServerLeave, "server sent leave (reason " + ((int)leave.Reason).ToString() + ")");
        }

        private void TransportConnected()
        {
            _phase = Phase.Active;
            _deadline = long.MaxValue;
            _attempt = 0;
            _rejoinNext = false;
            ConnectionState before = _state;
            SetState(ConnectionState.Connected, ConnectionError.None);
            FlushPending();
            if (before == ConnectionState.Connecting)
            {
                ConnectWaiter w = _waiter;
                _waiter = null;
                if (w != null)
                {
                    w.Complete(true, ConnectionError.None, null);
                }
            }
            else if (before == ConnectionState.Reconnecting)
            {
                _listener.OnReconnected();
            }
        }

        private void SendOrHold(SignalRequest req)
        {
            if (_phase == Phase.Active && _signal.Send(req))
            {
                return;
            }

            if (_phase == Phase.Idle)
            {
                LiveKitLog.Write(LogLevel.Warning, "request dropped: not connected");
                return;
            }

            if (_pendingRequests.Count >= PendingRequestLimit)
            {
                _pendingRequests.RemoveAt(0);
                LiveKitLog.Write(LogLevel.Warning, "pending request dropped: more than " + PendingRequestLimit.ToString() + " while reconnecting");
            }

            _pendingRequests.Add(req);
        }

        private void FlushPending()
        {
            for (int i = 0; i < _pendingRequests.Count; i++)
            {
                _signal.Send((SignalRequest)_pendingRequests[i]);
            }

            _pendingRequests.Clear();
        }

        // ------------------------------------------------------------------ peer connections

        /// <summary>
        /// The room is Connected only once data can flow: the publisher's _reliable and _lossy
        /// channels are open whenever the publisher has been offered.
        /// </summary>
        private bool ChannelsReady()
        {
            return _publisher == null || _publisher.LocalSdp == null || (_publisher.ReliableOpen && _publisher.LossyOpen);
        }

        /// <summary>A channel opened: the room becomes Connected when that was the last thing missing.</summary>
        private void ConnectIfReady()
        {
            PeerTransport primary = Primary();
            if (_phase == Phase.Negotiating && primary != null && primary.State == RtcConnectionState.Connected && ChannelsReady())
            {
                TransportConnected();
            }
        }

        private PeerTransport Primary()
        {
            if (_v0 && _join != null && _join.SubscriberPrimary && _subscriber != null)
            {
                return _subscriber;
            }

            return _publisher;
        }

        private bool CreatePeerConnections(JoinResponse join)
        {
            _publisher = CreateTransport(join, SignalTarget.Publisher);
            if (_publisher == null)
            {
                return false;
            }

            int rel = _publisher.Pc.CreateDataChannel(PeerTransport.ReliableLabel, true, -1);
            int lossy = _publisher.Pc.CreateDataChannel(PeerTransport.LossyLabel, false, 0);
            _publisher.ReliableChannel = rel;
            _publisher.LossyChannel = lossy;
            if (!_v0)
            {
                // v1: one peer connection carries both directions; offer to receive audio (an
                // agent's voice) from the start, as LiveKit's SDKs do.
                _publisher.Pc.AddAudioTrack(RtcDirection.ReceiveOnly);
            }

            if (_v0)
            {
                _subscriber = CreateTransport(join, SignalTarget.Subscriber);
                if (_subscriber == null)
                {
                    return false;
                }
            }

            return true;
        }

        private PeerTransport CreateTransport(JoinResponse join, SignalTarget target)
        {
            PeerConnectionConfig config = new PeerConnectionConfig();
            config.LoopbackOnly = _options.LoopbackOnly;
            config.Notify = new PeerConnectionNotify(OnPeerConnectionNotify);
            config.IceServers = StunUrls(join.IceServers);
            int result;
            IPeerConnection pc = null;
            try
            {
                pc = _options.PeerConnectionFactory.Create(config, out result);
            }
            catch (Exception ex)
            {
                result = RtcResult.InvalidArgument;
                LiveKitLog.Write(LogLevel.Error, "peer connection: create threw " + ex.Message);
            }

            if (pc == null)
            {
                _rejoinNext = true;
                AttemptFailed(ConnectionError.PeerConnectionFailed, "peer connection could not be created (" + result.ToString() + ")");
                return null;
            }

            return new PeerTransport(pc, target);
        }

        private static string[] StunUrls(ICEServer[] servers)
        {
            ArrayList urls = new ArrayList();
            if (servers != null)
            {
                for (int i = 0; i < servers.Length; i++)
                {
                    string[] u = servers[i].Urls;
                    for (int k = 0; u != null && k < u.Length; k++)
                    {
                        if (u[k] != null && u[k].Length > 5 && u[k].Substring(0, 5) == "stun:")
                        {
                            urls.Add(u[k]);
                        }
                    }
                }
            }

            string[] result = new string[urls.Count];
            for (int i = 0; i < urls.Count; i++)
            {
                result[i] = (string)urls[i];
            }

            return result;
        }

        private void OnPeerConnectionNotify(IPeerConnection pc)
        {
            Interlocked.Exchange(ref _pcPending, 1);
            _queue.Wake();
        }

        private void SendOffer(PeerTransport t)
        {
            int result;
            string sdp = t.Pc.CreateOffer(out result);
            if (sdp == null || result < 0)
            {
                AttemptFailedOrLost(ConnectionError.PeerConnectionFailed, "create offer failed (" + result.ToString() + ")");
                return;
            }

            result = t.Pc.SetLocalDescription(RtcSdpType.Offer, sdp);
            if (result < 0)
            {
                AttemptFailedOrLost(ConnectionError.PeerConnectionFailed, "set local offer failed (" + result.ToString() + ")");
                return;
            }

            t.LocalSdp = sdp;
            t.LocalType = RtcSdpType.Offer;
            SignalRequest req = new SignalRequest();
            SessionDescription d = new SessionDescription();
            d.Type = "offer";
            d.Sdp = sdp;
            req.Offer = d;
            _signal.Send(req);
        }

        private void AttemptFailedOrLost(ConnectionError error, string message)
        {
            if (_phase == Phase.Active)
            {
                OnSignalLost(error, message);
            }
            else
            {
                _rejoinNext = true;
                AttemptFailed(error, message);
            }
        }

        private void OnAnswer(SessionDescription answer)
        {
            if (_publisher == null || answer == null)
            {
                return;
            }

            int r = _publisher.Pc.SetRemoteDescription(RtcSdpType.Answer, answer.Sdp);
            if (r < 0)
            {
                LiveKitLog.Write(LogLevel.Warning, "peer connection: remote answer rejected (" + r.ToString() + ")");
            }
        }

        private void OnOffer(SessionDescription offer)
        {
            // v0: the server offers the subscriber peer connection.
            PeerTransport t = _subscriber;
            if (t == null || offer == null)
            {
                return;
            }

            int r = t.Pc.SetRemoteDescription(RtcSdpType.Offer, offer.Sdp);
            if (r < 0)
            {
                LiveKitLog.Write(LogLevel.Warning, "peer connection: remote offer rejected (" + r.ToString() + ")");
                return;
            }

            int result;
            string sdp = t.Pc.CreateAnswer(out result);
            if (sdp == null || result < 0 || t.Pc.SetLocalDescription(RtcSdpType.Answer, sdp) < 0)
            {
                LiveKitLog.Write(LogLevel.Warning, "peer connection: answer failed (" + result.ToString() + ")");
                return;
            }

            t.LocalSdp = sdp;
            t.LocalType = RtcSdpType.Answer;
            SignalRequest req = new SignalRequest();
            SessionDescription d = new SessionDescription();
            d.Type = "answer";
            d.Sdp = sdp;
            req.Answer = d;
            _signal.Send(req);
        }

        private void OnTrickle(TrickleRequest trickle)
        {
            PeerTransport t = trickle.Target == SignalTarget.Subscriber ? _subscriber : _publisher;
            if (t == null)
            {
                return;
            }

            string json = trickle.CandidateInit;
            string candidate = CandidateJson.GetString(json, "candidate");
            string mid = CandidateJson.GetString(json, "sdpMid");
            t.Pc.AddRemoteCandidate(mid, candidate);
        }

        private void OnMediaSections(MediaSectionsRequirement req)
        {
            if (_publisher == null || req == null)
            {
                return;
            }

            for (uint i = 0; i < req.NumAudios; i++)
            {
                _publisher.Pc.AddAudioTrack(RtcDirection.ReceiveOnly);
            }

            SendOffer(_publisher);
        }

        private void DrainPeerConnection(PeerTransport t)
        {
            if (t == null)
            {
                return;
            }

            for (int guard = 0; guard < 1024; guard++)
            {
                _rtcEvent.Clear();
                int r = t.Pc.PollEvent(_rtcEvent, _rtcBuffer);
                if (r == RtcResult.BufferTooSmall)
                {
                    _rtcBuffer = new byte[_rtcEvent.Length + 1];
                    continue;
                }

                if (r != RtcResult.Ok)
                {
                    return;
                }

                OnPeerEvent(t, _rtcEvent);
                if (t != _publisher && t != _subscriber)
                {
                    // The session was torn down by this event.
                    return;
                }
            }

            // Still more: come back after the other work of this turn.
            Interlocked.Exchange(ref _pcPending, 1);
        }

        private void OnPeerEvent(PeerTransport t, RtcEvent ev)
        {
            switch (ev.Type)
            {
                case RtcEventType.LocalCandidate:
                    {
                        string cand = System.Text.Encoding.UTF8.GetString(_rtcBuffer, 0, ev.Length);
                        SignalRequest req = new SignalRequest();
                        TrickleRequest tr = new TrickleRequest();
                        tr.CandidateInit = CandidateJson.Build(cand, ev.Mid, 0);
                        tr.Target = t.Target;
                        req.Trickle = tr;
                        _signal.Send(req);
                        break;
                    }

                case RtcEventType.ConnectionState:
                    OnPeerState(t, (RtcConnectionState)ev.State);
                    break;
                case RtcEventType.ChannelOpen:
                    {
                        string label = System.Text.Encoding.UTF8.GetString(_rtcBuffer, 0, ev.Length);
                        if (label == PeerTransport.ReliableLabel && !ev.RemoteOpened)
                        {
                            t.ReliableChannel = ev.ChannelId;
                            t.ReliableOpen = true;
                            ConnectIfReady();
                        }
                        else if (label == PeerTransport.LossyLabel && !ev.RemoteOpened)
                        {
                            t.LossyChannel = ev.ChannelId;
                            t.LossyOpen = true;
                            ConnectIfReady();
                        }
                        else if (label == PeerTransport.LossyLabel)
                        {
                            // v0: the server sends on its own channels of the subscriber PC.
                            t.RemoteLossyChannel = ev.ChannelId;
                        }

                        break;
                    }

                case RtcEventType.Message:
                    OnChannelMessage(t, ev);
                    break;
                default:
                    break;
            }
        }

        private void OnPeerState(PeerTransport t, RtcConnectionState state)
        {
            t.State = state;
            if (t != Primary() && state != RtcConnectionState.Failed)
            {
                return;
            }

            if (state == RtcConnectionState.Connected && _phase == Phase.Negotiating && ChannelsReady())
            {
                TransportConnected();
            }
            else if (state == RtcConnectionState.Failed)
            {
                if (_phase == Phase.Active)
                {
                    OnSignalLost(ConnectionError.PeerConnectionFailed, "peer connection failed");
                }
                else if (_phase == Phase.Negotiating)
                {
                    AttemptFailedOrLost(ConnectionError.PeerConnectionFailed, "peer connection failed");
                }
            }
        }

        private void OnChannelMessage(PeerTransport t, RtcEvent ev)
        {
            if (!ev.Binary)
            {
                return;
            }

            DataPacket packet;
            try
            {
                packet = DataPacket.Decode(_rtcBuffer, 0, ev.Length);
            }
            catch (ProtocolException)
            {
                return;
            }

            bool lossy = ev.ChannelId == t.LossyChannel || ev.ChannelId == t.RemoteLossyChannel;
            _listener.OnDataPacket(packet, !lossy);
        }

        /// <summary>Numbers, keeps and sends a reliable packet (worker).</summary>
        private void PublishReliable(DataPacket packet)
        {
            _reliableSequence++;
            packet.Sequence = _reliableSequence;
            byte[] bytes = packet.ToByteArray();
            _resend.Add(_reliableSequence, bytes);
            if (_phase == Phase.Active && _publisher != null && _publisher.ReliableChannel >= 0)
            {
                _publisher.Pc.Send(_publisher.ReliableChannel, true, bytes, 0, bytes.Length);
            }
        }

        /// <summary>Sends a lossy packet now or never: no number, no resend (worker).</summary>
        private void PublishLossy(DataPacket packet)
        {
            if (_phase == Phase.Active && _publisher != null && _publisher.LossyChannel >= 0)
            {
                byte[] bytes = packet.ToByteArray();
                _publisher.Pc.Send(_publisher.LossyChannel, true, bytes, 0, bytes.Length);
            }
        }

        private void ResendReliable(uint lastMessageSeq)
        {
            bool complete;
            ArrayList packets = _resend.After(lastMessageSeq, out complete);
            if (!complete)
            {
                LiveKitLog.Write(LogLevel.Warning, "resume: some reliable packets after " + lastMessageSeq.ToString() + " were no longer buffered");
            }

            _resend.AcknowledgeUpTo(lastMessageSeq);
            if (_publisher == null || _publisher.ReliableChannel < 0)
            {
                return;
            }

            for (int i = 0; i < packets.Count; i++)
            {
                byte[] p = (byte[])packets[i];
                _publisher.Pc.Send(_publisher.ReliableChannel, true, p, 0, p.Length);
            }
        }

        private void DestroyPeerConnections()
        {
            DestroyTransport(_publisher);
            DestroyTransport(_subscriber);
            _publisher = null;
            _subscriber = null;
            Interlocked.Exchange(ref _pcPending, 0);
        }

        private static void DestroyTransport(PeerTransport t)
        {
            if (t == null)
            {
                return;
            }

            try
            {
                t.Pc.Close();
                int r = t.Pc.Destroy();
                if (r < 0)
                {
                    LiveKitLog.Write(LogLevel.Error, "peer connection: destroy returned " + r.ToString());
                }
            }
            catch (Exception ex)
            {
                LiveKitLog.Write(LogLevel.Error, "peer connection: destroy threw " + ex.Message);
            }
        }
    }
}
