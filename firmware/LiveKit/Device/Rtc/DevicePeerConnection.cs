//
// Copyright (c) LiveKit for nanoFramework contributors. Licensed under the Apache License 2.0.
//

using System.Text;
using System.Threading;

namespace LiveKit.Rtc.Device
{
    /// <summary>
    /// <see cref="IPeerConnection"/> on the device: InternalCalls into the native transport
    /// linked into nanoCLR. Notifications arrive through <see cref="DeviceRtcEvents"/> on the
    /// CLR's event thread and are forwarded to the configured <see cref="PeerConnectionNotify"/>.
    /// </summary>
    internal sealed class DevicePeerConnection : IPeerConnection
    {
        private const int SdpCapacity = 8192;
        private const int DestroyAttempts = 50;
        private const int CertificatePollMs = 200;
        private const int CertificateWaitMs = 20000;

        private readonly PeerConnectionNotify _notify;
        private readonly int[] _header = new int[DeviceRtcNative.HeaderSize];
        private readonly byte[] _mid = new byte[16];
        private readonly object _lock = new object();
        private int _handle;

        private DevicePeerConnection(int handle, PeerConnectionNotify notify)
        {
            _handle = handle;
            _notify = notify;
        }

        /// <summary>Creates a peer connection; null and a negative result on failure.</summary>
        public static DevicePeerConnection Create(PeerConnectionConfig config, out int result)
        {
            string ice = Join(config.IceServers);
            string bind = Join(config.BindAddresses);
            int handle = DeviceRtcNative.Create(ice, bind, config.LoopbackOnly, config.MaxMessageSize, config.EventQueueCapacity);

            // The first Create after boot starts the DTLS certificate's generation on a native
            // task (seconds on the S3, which has no ECC hardware) and answers Again until it is
            // ready: poll at CertificatePollMs, within CertificateWaitMs. This runs on the
            // engine's worker, never inside an interop call, so the CLR keeps running.
            for (int waited = 0; handle == RtcResult.Again && waited < CertificateWaitMs; waited += CertificatePollMs)
            {
                Thread.Sleep(CertificatePollMs);
                handle = DeviceRtcNative.Create(ice, bind, config.LoopbackOnly, config.MaxMessageSize, config.EventQueueCapacity);
            }

            if (handle <= 0)
            {
                result = handle < 0 ? handle : RtcResult.InvalidArgument;
                return null;
            }

            DevicePeerConnection pc = new DevicePeerConnection(handle, config.Notify);
            DeviceRtcEvents.Register(handle, pc);
            result = RtcResult.Ok;
            return pc;
        }

        private static string Join(string[] items)
        {
            if (items == null || items.Length == 0)
            {
                return string.Empty;
            }

            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < items.Length; i++)
            {
                if (i > 0)
                {
                    sb.Append('\n');
                }

                sb.Append(items[i]);
            }

            return sb.ToString();
        }

        /// <summary>Called by <see cref="DeviceRtcEvents"/> when the native side signalled.</summary>
        internal void OnNativeEvent()
        {
            PeerConnectionNotify n = _notify;
            if (n != null)
            {
                n(this);
            }
        }

        private int Handle
        {
            get
            {
                lock (_lock)
                {
                    return _handle;
                }
            }
        }

        public string CreateOffer(out int result)
        {
            return Describe(true, out result);
        }

        public string CreateAnswer(out int result)
        {
            return Describe(false, out result);
        }

        private string Describe(bool offer, out int result)
        {
            int h = Handle;
            if (h == 0)
            {
                result = RtcResult.Closed;
                return null;
            }

            byte[] sdp = new byte[SdpCapacity];
            result = offer ? DeviceRtcNative.CreateOffer(h, sdp) : DeviceRtcNative.CreateAnswer(h, sdp);
            return result < 0 ? null : Encoding.UTF8.GetString(sdp, 0, result);
        }

        public int SetLocalDescription(RtcSdpType type, string sdp)
        {
            int h = Handle;
            return h == 0 ? RtcResult.Closed : DeviceRtcNative.SetLocalDescription(h, (int)type, sdp);
        }

        public int SetRemoteDescription(RtcSdpType type, string sdp)
        {
            int h = Handle;
            return h == 0 ? RtcResult.Closed : DeviceRtcNative.SetRemoteDescription(h, (int)type, sdp);
        }

        public int AddRemoteCandidate(string mid, string candidate)
        {
            int h = Handle;
            return h == 0 ? RtcResult.Closed : DeviceRtcNative.AddRemoteCandidate(h, mid == null ? string.Empty : mid, candidate == null ? string.Empty : candidate);
        }

        public int CreateDataChannel(string label, bool ordered, int maxRetransmits)
        {
            int h = Handle;
            return h == 0 ? RtcResult.Closed : DeviceRtcNative.CreateDataChannel(h, label, ordered, maxRetransmits);
        }

        public int Send(int channelId, bool binary, byte[] data, int offset, int length)
        {
            int h = Handle;
            if (h == 0)
            {
                return RtcResult.Closed;
            }

            if (data == null || offset < 0 || length < 0 || offset + length > data.Length)
            {
                return RtcResult.InvalidArgument;
            }

            return DeviceRtcNative.Send(h, channelId, binary, data, offset, length);
        }

        public int AddAudioTrack(RtcDirection direction)
        {
            int h = Handle;
            return h == 0 ? RtcResult.Closed : DeviceRtcNative.AddAudioTrack(h, (int)direction);
        }

        public int RestartIce()
        {
            int h = Handle;
            return h == 0 ? RtcResult.Closed : DeviceRtcNative.RestartIce(h);
        }

        public int PollEvent(RtcEvent ev, byte[] buffer)
        {
            int h = Handle;
            if (h == 0)
            {
                return RtcResult.Again;
            }

            lock (_header)
            {
                int r = DeviceRtcNative.PollEvent(h, _header, _mid, buffer);
                if (r == RtcResult.Ok || r == RtcResult.BufferTooSmall)
                {
                    ev.Clear();
                    ev.Type = (RtcEventType)_header[DeviceRtcNative.HeaderType];
                    ev.State = _header[DeviceRtcNative.HeaderState];
                    ev.Error = _header[DeviceRtcNative.HeaderError];
                    ev.ChannelId = _header[DeviceRtcNative.HeaderChannel];
                    ev.Binary = _header[DeviceRtcNative.HeaderBinary] != 0;
                    ev.RemoteOpened = _header[DeviceRtcNative.HeaderRemoteOpened] != 0;
                    ev.Length = _header[DeviceRtcNative.HeaderLength];
                    int midLength = _header[DeviceRtcNative.HeaderMidLength];
                    ev.Mid = midLength > 0 ? Encoding.UTF8.GetString(_mid, 0, midLength) : null;
                }

                return r;
            }
        }

        public RtcConnectionState ConnectionState
        {
            get
            {
                int h = Handle;
                if (h == 0)
                {
                    return RtcConnectionState.Closed;
                }

                int s = DeviceRtcNative.GetConnectionState(h);
                return s < 0 ? RtcConnectionState.Closed : (RtcConnectionState)s;
            }
        }

        public int Close()
        {
            int h = Handle;
            return h == 0 ? RtcResult.Ok : DeviceRtcNative.Close(h);
        }

        public int Destroy()
        {
            int h = Handle;
            if (h == 0)
            {
                return RtcResult.Ok;
            }

            // The native destroy waits a bounded time for the task's done-semaphore and says
            // Timeout rather than stalling the CLR; the task is still ending, so ask again.
            int r = RtcResult.Timeout;
            for (int i = 0; i < DestroyAttempts && r == RtcResult.Timeout; i++)
            {
                r = DeviceRtcNative.Destroy(h);
            }

            if (r == RtcResult.Ok)
            {
                lock (_lock)
                {
                    _handle = 0;
                }

                DeviceRtcEvents.Unregister(h);
            }

            return r;
        }
    }
}
