//
// Copyright (c) LiveKit for nanoFramework contributors. Licensed under the Apache License 2.0.
//

using System.Text;
using LiveKit.Rtc;

namespace LiveKit.Samples.HostDemo
{
    /// <summary>
    /// A peer connection factory with a stopwatch on it: marks when the peer connection was
    /// created, when ICE and DTLS connected, when the connection state became connected, and when each
    /// data channel opened, as the engine drains the events. It only watches.
    /// </summary>
    public sealed class TimingPeerConnectionFactory : IPeerConnectionFactory
    {
        private readonly IPeerConnectionFactory _inner;
        private readonly Timeline _timeline;

        /// <summary>Wraps <paramref name="inner"/>.</summary>
        public TimingPeerConnectionFactory(IPeerConnectionFactory inner, Timeline timeline)
        {
            _inner = inner;
            _timeline = timeline;
        }

        /// <inheritdoc/>
        public IPeerConnection Create(PeerConnectionConfig config, out int result)
        {
            IPeerConnection pc = _inner.Create(config, out result);
            if (pc == null)
            {
                return null;
            }

            _timeline.Mark("pc-created");
            return new Watched(pc, _timeline);
        }

        private sealed class Watched : IPeerConnection
        {
            // lk_rtc.h: LK_RTC_ICE_CONNECTED, LK_RTC_ICE_COMPLETED, LK_RTC_DTLS_CONNECTED.
            private const int IceConnected = 2;
            private const int IceCompleted = 3;
            private const int DtlsConnected = 2;

            private readonly IPeerConnection _pc;
            private readonly Timeline _timeline;

            public Watched(IPeerConnection pc, Timeline timeline)
            {
                _pc = pc;
                _timeline = timeline;
            }

            public RtcConnectionState ConnectionState => _pc.ConnectionState;

            public int PollEvent(RtcEvent ev, byte[] buffer)
            {
                int r = _pc.PollEvent(ev, buffer);
                if (r == RtcResult.Ok)
                {
                    if (ev.Type == RtcEventType.ConnectionState && ev.State == (int)RtcConnectionState.Connected)
                    {
                        _timeline.Mark("pc-connected");
                    }
                    else if (ev.Type == RtcEventType.IceState && (ev.State == IceConnected || ev.State == IceCompleted))
                    {
                        _timeline.Mark("ice-connected");
                    }
                    else if (ev.Type == RtcEventType.DtlsState && ev.State == DtlsConnected)
                    {
                        _timeline.Mark("dtls-connected");
                    }
                    else if (ev.Type == RtcEventType.ChannelOpen)
                    {
                        _timeline.Mark("open " + Encoding.UTF8.GetString(buffer, 0, ev.Length));
                    }
                }

                return r;
            }

            public string CreateOffer(out int result) => _pc.CreateOffer(out result);

            public string CreateAnswer(out int result) => _pc.CreateAnswer(out result);

            public int SetLocalDescription(RtcSdpType type, string sdp) => _pc.SetLocalDescription(type, sdp);

            public int SetRemoteDescription(RtcSdpType type, string sdp) => _pc.SetRemoteDescription(type, sdp);

            public int AddRemoteCandidate(string mid, string candidate) => _pc.AddRemoteCandidate(mid, candidate);

            public int CreateDataChannel(string label, bool ordered, int maxRetransmits) => _pc.CreateDataChannel(label, ordered, maxRetransmits);

            public int Send(int channelId, bool binary, byte[] data, int offset, int length) => _pc.Send(channelId, binary, data, offset, length);

            public int AddAudioTrack(RtcDirection direction) => _pc.AddAudioTrack(direction);

            public int RestartIce() => _pc.RestartIce();

            public int Close() => _pc.Close();

            public int Destroy() => _pc.Destroy();
        }
    }
}
