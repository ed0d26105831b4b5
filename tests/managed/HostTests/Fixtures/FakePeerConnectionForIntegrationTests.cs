//
// Copyright (c) LiveKit for nanoFramework contributors. Licensed under the Apache License 2.0.
//

using System.Collections.Concurrent;
using System.Threading;
using LiveKit.Rtc;

namespace LiveKit.IntegrationTests
{
    /// <summary>
    /// A double of the native peer connection for the integration tests: it has no ICE, DTLS or
    /// SCTP, offers a placeholder SDP that the server cannot use, and reports "connected" and
    /// its _reliable and _lossy channels open as soon as its local description is set. It lets the engine reach Connected through the
    /// real server's signaling until the native binding (issue 8) replaces it; every test
    /// that uses it is listed in docs/engine.md as one to move to the real peer connection.
    /// </summary>
    public sealed class FakePeerConnectionForIntegrationTests : IPeerConnection
    {
        private readonly ConcurrentQueue<object[]> _events = new ConcurrentQueue<object[]>();
        private readonly PeerConnectionNotify _notify;
        private int _state;

        /// <summary>Creates the double.</summary>
        public FakePeerConnectionForIntegrationTests(PeerConnectionConfig config)
        {
            _notify = config.Notify;
        }

        /// <summary>Peer connections alive (created and not destroyed) in this process.</summary>
        public static int Alive;

        /// <inheritdoc/>
        public RtcConnectionState ConnectionState => (RtcConnectionState)Volatile.Read(ref _state);

        /// <inheritdoc/>
        public string CreateOffer(out int result)
        {
            result = RtcResult.Ok;
            return "v=0\r\no=- 0 0 IN IP4 127.0.0.1\r\ns=fake-peer-connection-for-tests\r\nt=0 0\r\n";
        }

        /// <inheritdoc/>
        public string CreateAnswer(out int result)
        {
            return CreateOffer(out result);
        }

        /// <inheritdoc/>
        public int SetLocalDescription(RtcSdpType type, string sdp)
        {
            if (Interlocked.Exchange(ref _state, (int)RtcConnectionState.Connected) != (int)RtcConnectionState.Connected)
            {
                _events.Enqueue(new object[] { RtcEventType.ConnectionState, (int)RtcConnectionState.Connected, null, 0 });
                _events.Enqueue(new object[] { RtcEventType.ChannelOpen, 0, "_reliable", 0 });
                _events.Enqueue(new object[] { RtcEventType.ChannelOpen, 0, "_lossy", 2 });
                _notify?.Invoke(this);
            }

            return RtcResult.Ok;
        }

        /// <inheritdoc/>
        public int SetRemoteDescription(RtcSdpType type, string sdp) => RtcResult.Ok;

        /// <inheritdoc/>
        public int AddRemoteCandidate(string mid, string candidate) => RtcResult.Ok;

        /// <inheritdoc/>
        public int CreateDataChannel(string label, bool ordered, int maxRetransmits) => label == "_reliable" ? 0 : 2;

        /// <inheritdoc/>
        public int Send(int channelId, bool binary, byte[] data, int offset, int length) => RtcResult.Ok;

        /// <inheritdoc/>
        public int AddAudioTrack(RtcDirection direction) => 0;

        /// <inheritdoc/>
        public int RestartIce() => RtcResult.Ok;

        /// <inheritdoc/>
        public int PollEvent(RtcEvent ev, byte[] buffer)
        {
            if (!_events.TryPeek(out object[] e))
            {
                return RtcResult.Again;
            }

            byte[] payload = e[2] == null ? null : System.Text.Encoding.UTF8.GetBytes((string)e[2]);
            ev.Type = (RtcEventType)e[0];
            ev.State = (int)e[1];
            ev.ChannelId = (int)e[3];
            ev.Length = payload == null ? 0 : payload.Length;
            if (payload != null && payload.Length > buffer.Length)
            {
                return RtcResult.BufferTooSmall;
            }

            payload?.CopyTo(buffer, 0);
            _events.TryDequeue(out _);
            return RtcResult.Ok;
        }

        /// <inheritdoc/>
        public int Close()
        {
            Volatile.Write(ref _state, (int)RtcConnectionState.Closed);
            return RtcResult.Ok;
        }

        /// <inheritdoc/>
        public int Destroy()
        {
            Interlocked.Decrement(ref Alive);
            return RtcResult.Ok;
        }

        /// <summary>The factory.</summary>
        public sealed class Factory : IPeerConnectionFactory
        {
            /// <inheritdoc/>
            public IPeerConnection Create(PeerConnectionConfig config, out int result)
            {
                Interlocked.Increment(ref Alive);
                result = RtcResult.Ok;
                return new FakePeerConnectionForIntegrationTests(config);
            }
        }
    }
}
