//
// Copyright (c) LiveKit for nanoFramework contributors. Licensed under the Apache License 2.0.
//

using System;
using System.Collections;
using LiveKit.Data;
using LiveKit.Engine;
using LiveKit.Protocol;
using LiveKit.Signal;

namespace LiveKit
{
    /// <summary>
    /// A LiveKit room: connect with a URL and a token, see the other participants, change this
    /// participant's metadata, name and attributes, and follow the connection through its
    /// states (LiveKit's Room).
    /// </summary>
    /// <remarks>
    /// <para>Threads: every event is raised on the room's engine thread ("LiveKit.Engine"), one
    /// at a time, never while a lock of the library is held. A handler may call any method of
    /// the room, including <see cref="Disconnect"/> and <see cref="Dispose"/>: from a handler
    /// they do not wait (the engine finishes the handler first), and <see cref="Connect"/>
    /// only starts the connection.</para>
    /// <para>Lifetime: <see cref="Dispose"/> sends leave if connected, stops the engine and
    /// waits for it up to <see cref="RoomOptions.TeardownTimeoutMs"/>; a longer wait is logged
    /// as an error and shown by <see cref="TeardownTimedOut"/>. Dispose and Disconnect may be
    /// called any number of times, from any thread, in any state.</para>
    /// </remarks>
    public sealed class Room : IDisposable, IEngineListener
    {
        private readonly RoomOptions _options;
        private readonly RtcEngine _engine;
        private readonly object _lock = new object();
        private readonly Hashtable _bySid = new Hashtable();
        private readonly Hashtable _byIdentity = new Hashtable();
        private readonly LocalParticipant _local;
        private readonly DataLayer _data;
        private Participant[] _activeSpeakers = new Participant[0];
        private string _sid = string.Empty;
        private string _name = string.Empty;
        private string _metadata = string.Empty;
        private string _serverVersion = string.Empty;
        private int _disposed;
        private bool _teardownTimedOut;

        /// <summary>Creates a room with default options.</summary>
        public Room()
            : this(new RoomOptions())
        {
        }

        /// <summary>Creates a room; its engine thread starts now and ends with <see cref="Dispose"/>.</summary>
        public Room(RoomOptions options)
        {
            _options = options == null ? new RoomOptions() : options;
            _local = new LocalParticipant(this);
            ISignalTransport transport = _options.Transport != null ? _options.Transport : PlatformServices.CreateDefaultTransport();
            _engine = new RtcEngine(_options, transport, this);
            _data = new DataLayer(new RoomDataTransport(this));
            _data.EnableChatStreams();
        }

        /// <summary>
        /// Raised for every data packet another participant published to this one
        /// (<see cref="LocalParticipant.PublishData"/> on their side).
        /// </summary>
        public event DataReceivedEventHandler DataReceived
        {
            add { _data.DataReceived += value; }
            remove { _data.DataReceived -= value; }
        }

        /// <summary>Raised for every chat message (a ChatMessage packet or a text stream on lk.chat).</summary>
        public event ChatMessageReceivedEventHandler ChatMessageReceived
        {
            add { _data.ChatMessageReceived += value; }
            remove { _data.ChatMessageReceived -= value; }
        }

        /// <summary>
        /// Receives every complete incoming text stream on <paramref name="topic"/> (one handler
        /// per topic; a second registration throws InvalidOperationException).
        /// </summary>
        public void RegisterTextStreamHandler(string topic, TextStreamHandler handler)
        {
            _data.Streams.RegisterTextStreamHandler(topic, handler);
        }

        /// <summary>Stops receiving text streams on <paramref name="topic"/>.</summary>
        public void UnregisterTextStreamHandler(string topic)
        {
            _data.Streams.UnregisterTextStreamHandler(topic);
        }

        /// <summary>Receives every complete incoming byte stream on <paramref name="topic"/>.</summary>
        public void RegisterByteStreamHandler(string topic, ByteStreamHandler handler)
        {
            _data.Streams.RegisterByteStreamHandler(topic, handler);
        }

        /// <summary>Stops receiving byte streams on <paramref name="topic"/>.</summary>
        public void UnregisterByteStreamHandler(string topic)
        {
            _data.Streams.UnregisterByteStreamHandler(topic);
        }

        /// <summary>The largest incoming data stream kept, in bytes (default 1 MiB).</summary>
        public int MaxIncomingStreamBytes
        {
            get { return _data.Streams.MaxStreamBytes; }
            set { _data.Streams.MaxStreamBytes = value; }
        }

        internal DataLayer Data
        {
            get { return _data; }
        }

        internal RemoteParticipant FindRemote(string identity)
        {
            if (identity == null)
            {
                return null;
            }

            lock (_lock)
            {
                return (RemoteParticipant)_byIdentity[identity];
            }
        }

        /// <summary>Raised on every state change.</summary>
        public event ConnectionStateChangedEventHandler ConnectionStateChanged;

        /// <summary>Raised when the connection was lost and reconnection starts.</summary>
        public event EventHandler Reconnecting;

        /// <summary>Raised when the room resumed or rejoined after <see cref="Reconnecting"/>.</summary>
        public event EventHandler Reconnected;

        /// <summary>Raised when the room ends (after a successful or failed connection).</summary>
        public event DisconnectedEventHandler Disconnected;

        /// <summary>Raised when another participant joins.</summary>
        public event ParticipantEventHandler ParticipantConnected;

        /// <summary>Raised when another participant leaves.</summary>
        public event ParticipantEventHandler ParticipantDisconnected;

        /// <summary>Raised when a participant's metadata changed (the local one too).</summary>
        public event ParticipantMetadataChangedEventHandler ParticipantMetadataChanged;

        /// <summary>Raised when a participant's name changed (the local one too).</summary>
        public event ParticipantNameChangedEventHandler ParticipantNameChanged;

        /// <summary>Raised when a participant's attributes changed (the local one too).</summary>
        public event ParticipantAttributesChangedEventHandler ParticipantAttributesChanged;

        /// <summary>Raised when another participant published a track.</summary>
        public event TrackEventHandler TrackPublished;

        /// <summary>Raised when another participant unpublished a track.</summary>
        public event TrackEventHandler TrackUnpublished;

        /// <summary>Raised when the set of active speakers changed.</summary>
        public event ActiveSpeakersChangedEventHandler ActiveSpeakersChanged;

        /// <summary>Raised when the room's metadata changed.</summary>
        public event RoomMetadataChangedEventHandler RoomMetadataChanged;

        /// <summary>The connection state.</summary>
        public ConnectionState ConnectionState
        {
            get { return _engine.State; }
        }

        /// <summary>Why the room last became Disconnected (None after a normal disconnect).</summary>
        public ConnectionError LastError
        {
            get { return _engine.LastError; }
        }

        /// <summary>Details of <see cref="LastError"/>: the server's reason, an HTTP status.</summary>
        public string LastErrorMessage
        {
            get { return _engine.LastErrorMessage; }
        }

        /// <summary>LiveKit's reason for the last disconnect.</summary>
        public DisconnectReason LastDisconnectReason
        {
            get { return _engine.LastDisconnectReason; }
        }

        /// <summary>True when a Dispose or Disconnect waited longer than the teardown timeout (reported as an error log too).</summary>
        public bool TeardownTimedOut
        {
            get
            {
                lock (_lock)
                {
                    return _teardownTimedOut;
                }
            }
        }

        /// <summary>The room sid (RM_...), empty before the first join.</summary>
        public string Sid
        {
            get
            {
                lock (_lock)
                {
                    return _sid;
                }
            }
        }

        /// <summary>The room name.</summary>
        public string Name
        {
            get
            {
                lock (_lock)
                {
                    return _name;
                }
            }
        }

        /// <summary>The room metadata.</summary>
        public string Metadata
        {
            get
            {
                lock (_lock)
                {
                    return _metadata;
                }
            }
        }

        /// <summary>The server version from the join.</summary>
        public string ServerVersion
        {
            get
            {
                lock (_lock)
                {
                    return _serverVersion;
                }
            }
        }

        /// <summary>This device in the room.</summary>
        public LocalParticipant LocalParticipant
        {
            get { return _local; }
        }

        /// <summary>The other participants by identity (a copy: identity to <see cref="RemoteParticipant"/>).</summary>
        public Hashtable RemoteParticipants
        {
            get
            {
                lock (_lock)
                {
                    return Participant.CopyTable(_byIdentity);
                }
            }
        }

        /// <summary>The participants speaking now, loudest first.</summary>
        public Participant[] ActiveSpeakers
        {
            get
            {
                lock (_lock)
                {
                    return _activeSpeakers;
                }
            }
        }

        /// <summary>The current token (replaced when the server refreshes it).</summary>
        public string Token
        {
            get { return _engine.Token; }
        }

        /// <summary>The engine (tests).</summary>
        internal RtcEngine Engine
        {
            get { return _engine; }
        }

        /// <summary>
        /// Joins the room at <paramref name="url"/> (ws://, wss://, http:// or https://) with an
        /// access token, and returns when the room is connected. Throws
        /// <see cref="ConnectException"/> with the reason when it cannot (bad token, not
        /// allowed, unreachable, timeout...). Called from an event handler it only starts the
        /// connection and returns at once; follow <see cref="ConnectionStateChanged"/>.
        /// </summary>
        public void Connect(string url, string token)
        {
            if (url == null || token == null)
            {
                throw new ArgumentNullException();
            }

            ThrowIfDisposed();
            if (_engine.State != ConnectionState.Disconnected)
            {
                throw new InvalidOperationException("already connecting or connected");
            }

            ConnectWaiter waiter = new ConnectWaiter();
            if (!_engine.PostConnect(url, token, waiter))
            {
                throw new InvalidOperationException("the engine queue is full");
            }

            if (_engine.OnWorkerThread)
            {
                return;
            }

            if (!waiter.Done.WaitOne(_options.ConnectTimeoutMs, false))
            {
                _engine.RequestDisconnect();
                throw new ConnectException(ConnectionError.Timeout, "not connected within " + _options.ConnectTimeoutMs.ToString() + " ms");
            }

            if (!waiter.Connected)
            {
                throw new ConnectException(waiter.Error, waiter.Message);
            }
        }

        /// <summary>
        /// Leaves the room: sends leave (CLIENT_INITIATED), closes the connection and waits until
        /// the room is Disconnected (not from an event handler: there it returns at once).
        /// Safe in any state, any number of times.
        /// </summary>
        public void Disconnect()
        {
            if (_engine.Stopped)
            {
                return;
            }

            _engine.RequestDisconnect();
            if (_engine.OnWorkerThread)
            {
                return;
            }

            if (!_engine.WaitDisconnected(_options.TeardownTimeoutMs))
            {
                ReportTeardownTimeout("Disconnect");
            }
        }

        /// <summary>
        /// Leaves the room if connected and stops the engine thread, waiting for it (bounded by
        /// <see cref="RoomOptions.TeardownTimeoutMs"/>; a timeout is logged and reported by
        /// <see cref="TeardownTimedOut"/>). From an event handler it does not wait: the engine
        /// stops when the handler returns. Idempotent and thread-safe.
        /// </summary>
        public void Dispose()
        {
            System.Threading.Interlocked.Exchange(ref _disposed, 1);
            if (!_engine.Stop(_options.TeardownTimeoutMs))
            {
                ReportTeardownTimeout("Dispose");
            }
        }

        internal void PostRequest(EngineEventKind kind, object message)
        {
            ThrowIfDisposed();
            if (!_engine.PostRequest(kind, message))
            {
                throw new InvalidOperationException("the engine queue is full");
            }
        }

        private void ThrowIfDisposed()
        {
            if (_disposed != 0)
            {
                throw new ObjectDisposedException("Room");
            }
        }

        private void ReportTeardownTimeout(string what)
        {
            lock (_lock)
            {
                _teardownTimedOut = true;
            }

            LiveKitLog.Write(LogLevel.Error, "Room." + what + ": the engine did not finish within " + _options.TeardownTimeoutMs.ToString() + " ms");
        }

        // ------------------------------------------------------------------ engine listener (worker thread)

        void IEngineListener.OnConnectionStateChanged(ConnectionState state, ConnectionError error)
        {
            ConnectionStateChangedEventHandler h = ConnectionStateChanged;
            if (h != null)
            {
                Raise(h, new ConnectionStateChangedEventArgs(state, error));
            }
        }

        void IEngineListener.OnReconnecting()
        {
            EventHandler h = Reconnecting;
            if (h != null)
            {
                try
                {
                    h(this, EventArgs.Empty);
                }
                catch (Exception ex)
                {
                    HandlerFailed(ex);
                }
            }
        }

        void IEngineListener.OnReconnected()
        {
            EventHandler h = Reconnected;
            if (h != null)
            {
                try
                {
                    h(this, EventArgs.Empty);
                }
                catch (Exception ex)
                {
                    HandlerFailed(ex);
                }
            }
        }

        void IEngineListener.OnDisconnected(DisconnectReason reason, ConnectionError error, string message)
        {
            lock (_lock)
            {
                _activeSpeakers = new Participant[0];
                _bySid.Clear();
                _byIdentity.Clear();
            }

            _data.HandleDisconnected();
            DisconnectedEventHandler h = Disconnected;
            if (h != null)
            {
                Raise(h, new DisconnectedEventArgs(reason, error, message));
            }
        }

        void IEngineListener.OnJoined(JoinResponse join, bool rejoin)
        {
            ArrayList events = new ArrayList();
            lock (_lock)
            {
                if (join.Room != null)
                {
                    _sid = join.Room.Sid;
                    _name = join.Room.Name;
                    if (rejoin && join.Room.Metadata != _metadata)
                    {
                        events.Add(new RoomMetadataChangedEventArgs(_metadata, join.Room.Metadata));
                    }

                    _metadata = join.Room.Metadata;
                }

                _serverVersion = join.ServerVersion;
            }

            // A full rejoin makes a new local participant: its versions start again.
            _local.HasInfo = false;
            ApplyInfo(_local, join.Participant, rejoin, events, true);

            Hashtable seen = new Hashtable();
            ParticipantInfo[] others = join.OtherParticipants;
            for (int i = 0; others != null && i < others.Length; i++)
            {
                seen[others[i].Sid] = true;
                ApplyRemote(others[i], events, rejoin);
            }

            if (rejoin)
            {
                // Whoever is not in the new join left while we were away.
                ArrayList gone = new ArrayList();
                lock (_lock)
                {
                    foreach (DictionaryEntry e in _bySid)
                    {
                        if (!seen.Contains(e.Key))
                        {
                            gone.Add(e.Value);
                        }
                    }
                }

                for (int i = 0; i < gone.Count; i++)
                {
                    RemoveRemote((RemoteParticipant)gone[i], events);
                }
            }

            RaiseAll(events);
        }

        void IEngineListener.OnSignalResponse(SignalResponse response)
        {
            ArrayList events = new ArrayList();
            switch (response.MessageCase)
            {
                case SignalResponseMessageCase.Update:
                    {
                        ParticipantInfo[] infos = response.Update.Participants;
                        for (int i = 0; infos != null && i < infos.Length; i++)
                        {
                            if (infos[i].Sid == _local.Sid)
                            {
                                ApplyInfo(_local, infos[i], true, events, false);
                            }
                            else
                            {
                                ApplyRemote(infos[i], events, false);
                            }
                        }

                        break;
                    }

                case SignalResponseMessageCase.RoomUpdate:
                    {
                        LiveKit.Protocol.Room r = response.RoomUpdate.Room;
                        if (r != null)
                        {
                            lock (_lock)
                            {
                                if (r.Metadata != _metadata)
                                {
                                    events.Add(new RoomMetadataChangedEventArgs(_metadata, r.Metadata));
                                    _metadata = r.Metadata;
                                }
                            }
                        }

                        break;
                    }

                case SignalResponseMessageCase.SpeakersChanged:
                    OnSpeakers(response.SpeakersChanged.Speakers, events);
                    break;
                case SignalResponseMessageCase.RequestResponse:
                    LiveKitLog.Write(LogLevel.Warning, "server refused request " + response.RequestResponse.RequestId.ToString() + ": " + response.RequestResponse.Message);
                    break;
                default:
                    break;
            }

            RaiseAll(events);
        }

        void IEngineListener.OnDataPacket(DataPacket packet, bool reliable)
        {
            try
            {
                _data.HandlePacket(packet, reliable);
            }
            catch (Exception ex)
            {
                HandlerFailed(ex);
            }
        }

        // ------------------------------------------------------------------ model

        private void ApplyRemote(ParticipantInfo info, ArrayList events, bool force)
        {
            RemoteParticipant p;
            lock (_lock)
            {
                p = (RemoteParticipant)_bySid[info.Sid];
            }

            if (info.State == ParticipantInfoState.Disconnected)
            {
                if (p != null)
                {
                    RemoveRemote(p, events);
                }

                return;
            }

            if (p == null)
            {
                p = new RemoteParticipant();
                ApplyInfo(p, info, false, events, true);
                lock (_lock)
                {
                    _bySid[info.Sid] = p;
                    _byIdentity[info.Identity] = p;
                }

                events.Add(new object[] { "connected", new ParticipantEventArgs(p) });
                Hashtable tracks = p.RawTracks;
                foreach (DictionaryEntry e in tracks)
                {
                    events.Add(new object[] { "published", new TrackEventArgs(p, (TrackPublication)e.Value) });
                }

                return;
            }

            ApplyInfo(p, info, true, events, force);
        }

        private void RemoveRemote(RemoteParticipant p, ArrayList events)
        {
            lock (_lock)
            {
                _bySid.Remove(p.Sid);
                if (_byIdentity[p.Identity] == p)
                {
                    _byIdentity.Remove(p.Identity);
                }
            }

            _data.HandleParticipantLeft(p.Identity);
            events.Add(new object[] { "disconnected", new ParticipantEventArgs(p) });
        }

        /// <summary>Applies a ParticipantInfo when its version is newer (or <paramref name="force"/>); collects the change events.</summary>
        private void ApplyInfo(Participant p, ParticipantInfo info, bool raise, ArrayList events, bool force)
        {
            if (info == null)
            {
                return;
            }

            if (p.HasInfo && !force && info.Version <= p.Version)
            {
                return;
            }

            string oldMetadata = p.Metadata;
            string oldName = p.Name;
            Hashtable oldAttributes = p.Attributes;
            p.Sid = info.Sid;
            p.Identity = info.Identity;
            p.Name = info.Name;
            p.Metadata = info.Metadata;
            p.Kind = info.Kind;
            p.ClientProtocol = info.ClientProtocol;
            p.Version = info.Version;
            bool first = !p.HasInfo;
            p.HasInfo = true;
            Hashtable attributes = info.Attributes == null ? new Hashtable() : info.Attributes;
            p.SetAttributes(attributes);

            RemoteParticipant remote = p as RemoteParticipant;
            Hashtable oldTracks = p.RawTracks;
            Hashtable tracks = new Hashtable();
            TrackInfo[] infos = info.Tracks;
            for (int i = 0; infos != null && i < infos.Length; i++)
            {
                TrackPublication pub = (TrackPublication)oldTracks[infos[i].Sid];
                if (pub == null)
                {
                    pub = new TrackPublication(infos[i]);
                    if (raise && remote != null && !first)
                    {
                        events.Add(new object[] { "published", new TrackEventArgs(remote, pub) });
                    }
                }
                else
                {
                    pub.Update(infos[i]);
                }

                tracks[infos[i].Sid] = pub;
            }

            if (raise && remote != null && !first)
            {
                foreach (DictionaryEntry e in oldTracks)
                {
                    if (!tracks.Contains(e.Key))
                    {
                        events.Add(new object[] { "unpublished", new TrackEventArgs(remote, (TrackPublication)e.Value) });
                    }
                }
            }

            p.SetTracks(tracks);
            if (!raise || first)
            {
                return;
            }

            if (!StringEquals(oldMetadata, p.Metadata))
            {
                events.Add(new ParticipantMetadataChangedEventArgs(p, oldMetadata));
            }

            if (!StringEquals(oldName, p.Name))
            {
                events.Add(new ParticipantNameChangedEventArgs(p, oldName));
            }

            Hashtable changed = new Hashtable();
            foreach (DictionaryEntry e in attributes)
            {
                if (!StringEquals((string)oldAttributes[e.Key], (string)e.Value))
                {
                    changed[e.Key] = e.Value;
                }
            }

            foreach (DictionaryEntry e in oldAttributes)
            {
                if (!attributes.Contains(e.Key))
                {
                    changed[e.Key] = string.Empty;
                }
            }

            if (changed.Count > 0)
            {
                events.Add(new ParticipantAttributesChangedEventArgs(p, changed));
            }
        }

        private void OnSpeakers(SpeakerInfo[] speakers, ArrayList events)
        {
            for (int i = 0; speakers != null && i < speakers.Length; i++)
            {
                Participant p = FindBySid(speakers[i].Sid);
                if (p != null)
                {
                    p.IsSpeaking = speakers[i].Active;
                    p.AudioLevel = speakers[i].Active ? speakers[i].Level : 0;
                }
            }

            ArrayList active = new ArrayList();
            if (_local.IsSpeaking)
            {
                active.Add(_local);
            }

            lock (_lock)
            {
                foreach (DictionaryEntry e in _bySid)
                {
                    if (((Participant)e.Value).IsSpeaking)
                    {
                        active.Add(e.Value);
                    }
                }
            }

            Participant[] sorted = new Participant[active.Count];
            for (int i = 0; i < sorted.Length; i++)
            {
                sorted[i] = (Participant)active[i];
            }

            // Insertion sort by level, loudest first (a handful of speakers).
            for (int i = 1; i < sorted.Length; i++)
            {
                Participant x = sorted[i];
                int k = i - 1;
                while (k >= 0 && sorted[k].AudioLevel < x.AudioLevel)
                {
                    sorted[k + 1] = sorted[k];
                    k--;
                }

                sorted[k + 1] = x;
            }

            lock (_lock)
            {
                _activeSpeakers = sorted;
            }

            events.Add(new ActiveSpeakersChangedEventArgs(sorted));
        }

        private Participant FindBySid(string sid)
        {
            if (sid == _local.Sid)
            {
                return _local;
            }

            lock (_lock)
            {
                return (Participant)_bySid[sid];
            }
        }

        private static bool StringEquals(string a, string b)
        {
            if (a == null)
            {
                a = string.Empty;
            }

            if (b == null)
            {
                b = string.Empty;
            }

            return a == b;
        }

        // ------------------------------------------------------------------ raising (no lock held)

        private void RaiseAll(ArrayList events)
        {
            for (int i = 0; i < events.Count; i++)
            {
                object ev = events[i];
                object[] tagged = ev as object[];
                if (tagged != null)
                {
                    string kind = (string)tagged[0];
                    if (kind == "connected")
                    {
                        Raise(ParticipantConnected, (ParticipantEventArgs)tagged[1]);
                    }
                    else if (kind == "disconnected")
                    {
                        Raise(ParticipantDisconnected, (ParticipantEventArgs)tagged[1]);
                    }
                    else if (kind == "published")
                    {
                        Raise(TrackPublished, (TrackEventArgs)tagged[1]);
                    }
                    else if (kind == "unpublished")
                    {
                        Raise(TrackUnpublished, (TrackEventArgs)tagged[1]);
                    }
                }
                else if (ev is ParticipantMetadataChangedEventArgs)
                {
                    ParticipantMetadataChangedEventHandler h = ParticipantMetadataChanged;
                    if (h != null)
                    {
                        try
                        {
                            h(this, (ParticipantMetadataChangedEventArgs)ev);
                        }
                        catch (Exception ex)
                        {
                            HandlerFailed(ex);
                        }
                    }
                }
                else if (ev is ParticipantNameChangedEventArgs)
                {
                    ParticipantNameChangedEventHandler h = ParticipantNameChanged;
                    if (h != null)
                    {
                        try
                        {
                            h(this, (ParticipantNameChangedEventArgs)ev);
                        }
                        catch (Exception ex)
                        {
                            HandlerFailed(ex);
                        }
                    }
                }
                else if (ev is ParticipantAttributesChangedEventArgs)
                {
                    ParticipantAttributesChangedEventHandler h = ParticipantAttributesChanged;
                    if (h != null)
                    {
                        try
                        {
                            h(this, (ParticipantAttributesChangedEventArgs)ev);
                        }
                        catch (Exception ex)
                        {
                            HandlerFailed(ex);
                        }
                    }
                }
                else if (ev is ActiveSpeakersChangedEventArgs)
                {
                    ActiveSpeakersChangedEventHandler h = ActiveSpeakersChanged;
                    if (h != null)
                    {
                        try
                        {
                            h(this, (ActiveSpeakersChangedEventArgs)ev);
                        }
                        catch (Exception ex)
                        {
                            HandlerFailed(ex);
                        }
                    }
                }
                else if (ev is RoomMetadataChangedEventArgs)
                {
                    RoomMetadataChangedEventHandler h = RoomMetadataChanged;
                    if (h != null)
                    {
                        try
                        {
                            h(this, (RoomMetadataChangedEventArgs)ev);
                        }
                        catch (Exception ex)
                        {
                            HandlerFailed(ex);
                        }
                    }
                }
            }
        }

        private void Raise(ParticipantEventHandler h, ParticipantEventArgs e)
        {
            if (h == null)
            {
                return;
            }

            try
            {
                h(this, e);
            }
            catch (Exception ex)
            {
                HandlerFailed(ex);
            }
        }

        private void Raise(TrackEventHandler h, TrackEventArgs e)
        {
            if (h == null)
            {
                return;
            }

            try
            {
                h(this, e);
            }
            catch (Exception ex)
            {
                HandlerFailed(ex);
            }
        }

        private void Raise(ConnectionStateChangedEventHandler h, ConnectionStateChangedEventArgs e)
        {
            try
            {
                h(this, e);
            }
            catch (Exception ex)
            {
                HandlerFailed(ex);
            }
        }

        private void Raise(DisconnectedEventHandler h, DisconnectedEventArgs e)
        {
            try
            {
                h(this, e);
            }
            catch (Exception ex)
            {
                HandlerFailed(ex);
            }
        }

        private static void HandlerFailed(Exception ex)
        {
            LiveKitLog.Write(LogLevel.Error, "an event handler threw: " + ex.ToString());
        }
    }
}
