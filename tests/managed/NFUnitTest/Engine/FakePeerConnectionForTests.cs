//
// Copyright (c) LiveKit for nanoFramework contributors. Licensed under the Apache License 2.0.
//

using System.Collections;
using System.Text;
using LiveKit.Rtc;

namespace NFUnitTest
{
    /// <summary>
    /// A test double of the native peer connection (no ICE, DTLS or SCTP): it produces a
    /// placeholder SDP, reports "connected" and opens the channels when the remote answer is
    /// set (or, with <see cref="ConnectOnLocalDescription"/>, when the local one is), records
    /// what is sent, and can be told to fail. Until the native binding of issue 8 exists, every
    /// test that needs a connected peer connection uses this double.
    /// </summary>
    public sealed class FakePeerConnectionForTests : IPeerConnection
    {
        private readonly object _lock = new object();
        private readonly ArrayList _events = new ArrayList();
        private readonly PeerConnectionNotify _notify;
        private RtcConnectionState _state = RtcConnectionState.New;
        private int _offers;

        /// <summary>Creates the double with the engine's notify callback.</summary>
        public FakePeerConnectionForTests(PeerConnectionConfig config, bool connectOnLocalDescription)
        {
            _notify = config.Notify;
            ConnectOnLocalDescription = connectOnLocalDescription;
            Sent = new ArrayList();
            Channels = new ArrayList();
            RemoteCandidates = new ArrayList();
        }

        /// <summary>Report connected on the local description (no answer needed).</summary>
        public bool ConnectOnLocalDescription { get; set; }

        /// <summary>Messages sent: byte[] copies, in order, on any channel.</summary>
        public ArrayList Sent { get; private set; }

        /// <summary>Labels of the channels created.</summary>
        public ArrayList Channels { get; private set; }

        /// <summary>Remote candidates added.</summary>
        public ArrayList RemoteCandidates { get; private set; }

        /// <summary>Offers created.</summary>
        public int Offers
        {
            get
            {
                lock (_lock)
                {
                    return _offers;
                }
            }
        }

        /// <summary>True once Destroy was called.</summary>
        public bool Destroyed { get; private set; }

        /// <summary>The remote description last set.</summary>
        public string RemoteSdp { get; private set; }

        /// <inheritdoc/>
        public RtcConnectionState ConnectionState
        {
            get
            {
                lock (_lock)
                {
                    return _state;
                }
            }
        }

        /// <inheritdoc/>
        public string CreateOffer(out int result)
        {
            lock (_lock)
            {
                _offers++;
            }

            result = RtcResult.Ok;
            return "v=0 offer-double";
        }

        /// <inheritdoc/>
        public string CreateAnswer(out int result)
        {
            result = RtcResult.Ok;
            return "v=0 answer-double";
        }

        /// <inheritdoc/>
        public int SetLocalDescription(RtcSdpType type, string sdp)
        {
            Push(RtcEventType.LocalCandidate, 0, "candidate:1 1 udp 2122260223 127.0.0.1 50000 typ host", -1);
            if (ConnectOnLocalDescription)
            {
                Connect();
            }

            return RtcResult.Ok;
        }

        /// <inheritdoc/>
        public int SetRemoteDescription(RtcSdpType type, string sdp)
        {
            RemoteSdp = sdp;
            if (type == RtcSdpType.Answer)
            {
                Connect();
            }

            return RtcResult.Ok;
        }

        /// <inheritdoc/>
        public int AddRemoteCandidate(string mid, string candidate)
        {
            lock (_lock)
            {
                RemoteCandidates.Add(candidate);
            }

            return RtcResult.Ok;
        }

        /// <inheritdoc/>
        public int CreateDataChannel(string label, bool ordered, int maxRetransmits)
        {
            lock (_lock)
            {
                Channels.Add(label);
                return Channels.Count * 2;
            }
        }

        /// <inheritdoc/>
        public int Send(int channelId, bool binary, byte[] data, int offset, int length)
        {
            byte[] copy = new byte[length];
            System.Array.Copy(data, offset, copy, 0, length);
            lock (_lock)
            {
                Sent.Add(copy);
            }

            return RtcResult.Ok;
        }

        /// <inheritdoc/>
        public int AddAudioTrack(RtcDirection direction)
        {
            return 0;
        }

        /// <inheritdoc/>
        public int RestartIce()
        {
            return RtcResult.Ok;
        }

        /// <inheritdoc/>
        public int PollEvent(RtcEvent ev, byte[] buffer)
        {
            lock (_lock)
            {
                if (_events.Count == 0)
                {
                    return RtcResult.Again;
                }

                object[] e = (object[])_events[0];
                byte[] payload = (byte[])e[2];
                ev.Type = (RtcEventType)e[0];
                ev.State = (int)e[1];
                ev.ChannelId = (int)e[3];
                ev.Length = payload == null ? 0 : payload.Length;
                ev.Binary = true;
                ev.Mid = "0";
                if (payload != null && payload.Length > buffer.Length)
                {
                    return RtcResult.BufferTooSmall;
                }

                if (payload != null)
                {
                    System.Array.Copy(payload, buffer, payload.Length);
                }

                _events.RemoveAt(0);
                return RtcResult.Ok;
            }
        }

        /// <inheritdoc/>
        public int Close()
        {
            lock (_lock)
            {
                _state = RtcConnectionState.Closed;
            }

            return RtcResult.Ok;
        }

        /// <inheritdoc/>
        public int Destroy()
        {
            Destroyed = true;
            return RtcResult.Ok;
        }

        /// <summary>Reports the connection failed (ICE or DTLS failure).</summary>
        public void Fail()
        {
            lock (_lock)
            {
                _state = RtcConnectionState.Failed;
            }

            Push(RtcEventType.ConnectionState, (int)RtcConnectionState.Failed, (byte[])null, -1);
        }

        /// <summary>Delivers a message on the reliable channel as if the peer sent it.</summary>
        public void Receive(byte[] packet)
        {
            Push(RtcEventType.Message, 0, packet, 2);
        }

        private void Connect()
        {
            lock (_lock)
            {
                if (_state == RtcConnectionState.Connected)
                {
                    return;
                }

                _state = RtcConnectionState.Connected;
            }

            Push(RtcEventType.ConnectionState, (int)RtcConnectionState.Connected, (byte[])null, -1);
            Push(RtcEventType.ChannelOpen, 0, "_reliable", 2);
            Push(RtcEventType.ChannelOpen, 0, "_lossy", 4);
        }

        private void Push(RtcEventType type, int state, string text, int channel)
        {
            Push(type, state, text == null ? null : Encoding.UTF8.GetBytes(text), channel);
        }

        private void Push(RtcEventType type, int state, byte[] payload, int channel)
        {
            lock (_lock)
            {
                _events.Add(new object[] { type, state, payload, channel < 0 ? 0 : channel });
            }

            PeerConnectionNotify n = _notify;
            if (n != null)
            {
                n(this);
            }
        }
    }
}
