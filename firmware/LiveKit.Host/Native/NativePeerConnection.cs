//
// Copyright (c) LiveKit for nanoFramework contributors. Licensed under the Apache License 2.0.
//

using System;
using System.Runtime.InteropServices;
using System.Text;
using System.Threading;

namespace LiveKit.Rtc.Native
{
    /// <summary>
    /// <see cref="IPeerConnection"/> over liblk_rtc.so (P/Invoke). The notify callback comes on
    /// the native peer connection's thread and only forwards to the configured
    /// <see cref="PeerConnectionNotify"/>; every other call follows lk_rtc.h's contract.
    /// Destroy is idempotent and refused (<see cref="RtcResult.State"/>) on the native thread.
    /// </summary>
    internal sealed unsafe class NativePeerConnection : IPeerConnection
    {
        private const int SdpCapacity = 16384;

        private readonly LkRtcNative.NotifyFn _notifyFn;
        private readonly PeerConnectionNotify _notify;
        private readonly object _lock = new object();
        private IntPtr _pc;
        private int _inNotify;
        private int _notifyThreadId = -1;

        private NativePeerConnection(PeerConnectionNotify notify)
        {
            _notify = notify;
            _notifyFn = OnNotify;
        }

        /// <summary>Creates the native peer connection; null with a negative result on failure.</summary>
        public static NativePeerConnection Create(PeerConnectionConfig config, IntPtr certificate, out int result)
        {
            LkRtcNative.EnsureResolver();
            NativePeerConnection pc = new NativePeerConnection(config.Notify);
            IntPtr[] iceArray = ToPointers(config.IceServers, out GCHandle[] icePins);
            IntPtr[] bindArray = ToPointers(config.BindAddresses, out GCHandle[] bindPins);
            GCHandle iceHandle = GCHandle.Alloc(iceArray, GCHandleType.Pinned);
            GCHandle bindHandle = GCHandle.Alloc(bindArray, GCHandleType.Pinned);
            try
            {
                LkRtcNative.Config c = new LkRtcNative.Config();
                c.IceServers = iceArray.Length == 0 ? IntPtr.Zero : iceHandle.AddrOfPinnedObject();
                c.IceServerCount = (UIntPtr)(uint)iceArray.Length;
                c.BindAddrs = bindArray.Length == 0 ? IntPtr.Zero : bindHandle.AddrOfPinnedObject();
                c.BindAddrCount = (UIntPtr)(uint)bindArray.Length;
                c.LoopbackOnly = config.LoopbackOnly ? 1 : 0;
                c.MaxMessageSize = (uint)config.MaxMessageSize;
                c.EventQueueCapacity = (UIntPtr)(uint)config.EventQueueCapacity;
                c.Certificate = certificate;
                c.Notify = Marshal.GetFunctionPointerForDelegate(pc._notifyFn);
                c.User = IntPtr.Zero;
                result = LkRtcNative.lk_rtc_create(ref c, out IntPtr handle);
                if (result < 0)
                {
                    return null;
                }

                pc._pc = handle;
                return pc;
            }
            finally
            {
                iceHandle.Free();
                bindHandle.Free();
                Free(icePins);
                Free(bindPins);
            }
        }

        private static IntPtr[] ToPointers(string[] strings, out GCHandle[] pins)
        {
            int n = strings == null ? 0 : strings.Length;
            IntPtr[] ptrs = new IntPtr[n];
            pins = new GCHandle[n];
            for (int i = 0; i < n; i++)
            {
                pins[i] = GCHandle.Alloc(Utf8Z.Encode(strings[i]), GCHandleType.Pinned);
                ptrs[i] = pins[i].AddrOfPinnedObject();
            }

            return ptrs;
        }

        private static void Free(GCHandle[] pins)
        {
            foreach (GCHandle h in pins)
            {
                if (h.IsAllocated)
                {
                    h.Free();
                }
            }
        }

        private void OnNotify(IntPtr pc, IntPtr user)
        {
            _notifyThreadId = Environment.CurrentManagedThreadId;
            Interlocked.Increment(ref _inNotify);
            try
            {
                PeerConnectionNotify n = _notify;
                if (n != null)
                {
                    n(this);
                }
            }
            catch (Exception)
            {
                // An exception must never unwind into native code.
            }
            finally
            {
                Interlocked.Decrement(ref _inNotify);
            }
        }

        private IntPtr Handle
        {
            get
            {
                lock (_lock)
                {
                    return _pc;
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
            IntPtr pc = Handle;
            if (pc == IntPtr.Zero)
            {
                result = RtcResult.Closed;
                return null;
            }

            byte[] buffer = new byte[SdpCapacity];
            fixed (byte* p = buffer)
            {
                result = offer
                    ? LkRtcNative.lk_rtc_create_offer(pc, p, (UIntPtr)(uint)buffer.Length)
                    : LkRtcNative.lk_rtc_create_answer(pc, p, (UIntPtr)(uint)buffer.Length);
            }

            if (result < 0)
            {
                return null;
            }

            return Encoding.UTF8.GetString(buffer, 0, result);
        }

        public int SetLocalDescription(RtcSdpType type, string sdp)
        {
            return WithString(sdp, (pc, p) => LkRtcNative.lk_rtc_set_local_description(pc, (int)type, p));
        }

        public int SetRemoteDescription(RtcSdpType type, string sdp)
        {
            return WithString(sdp, (pc, p) => LkRtcNative.lk_rtc_set_remote_description(pc, (int)type, p));
        }

        public int AddRemoteCandidate(string mid, string candidate)
        {
            IntPtr pc = Handle;
            if (pc == IntPtr.Zero)
            {
                return RtcResult.Closed;
            }

            byte[] m = Utf8Z.Encode(mid);
            byte[] c = Utf8Z.Encode(candidate == null ? string.Empty : candidate);
            fixed (byte* pm = m)
            fixed (byte* pcand = c)
            {
                return LkRtcNative.lk_rtc_add_remote_candidate(pc, pm, pcand);
            }
        }

        public int CreateDataChannel(string label, bool ordered, int maxRetransmits)
        {
            IntPtr pc = Handle;
            if (pc == IntPtr.Zero)
            {
                return RtcResult.Closed;
            }

            byte[] l = Utf8Z.Encode(label);
            fixed (byte* pl = l)
            {
                int r = LkRtcNative.lk_rtc_create_data_channel(pc, pl, ordered ? 1 : 0, maxRetransmits, out ushort id);
                return r < 0 ? r : id;
            }
        }

        public int Send(int channelId, bool binary, byte[] data, int offset, int length)
        {
            IntPtr pc = Handle;
            if (pc == IntPtr.Zero)
            {
                return RtcResult.Closed;
            }

            if (data == null || offset < 0 || length < 0 || offset + length > data.Length)
            {
                return RtcResult.InvalidArgument;
            }

            fixed (byte* p = data)
            {
                return LkRtcNative.lk_rtc_send(pc, (ushort)channelId, binary ? 1 : 0, p + offset, (UIntPtr)(uint)length);
            }
        }

        public int AddAudioTrack(RtcDirection direction)
        {
            IntPtr pc = Handle;
            return pc == IntPtr.Zero ? RtcResult.Closed : LkRtcNative.lk_rtc_add_audio_track(pc, (int)direction);
        }

        public int RestartIce()
        {
            IntPtr pc = Handle;
            return pc == IntPtr.Zero ? RtcResult.Closed : LkRtcNative.lk_rtc_restart_ice(pc);
        }

        public int PollEvent(RtcEvent ev, byte[] buffer)
        {
            IntPtr pc = Handle;
            if (pc == IntPtr.Zero)
            {
                return RtcResult.Again;
            }

            LkRtcNative.Event e;
            int r;
            fixed (byte* p = buffer)
            {
                r = LkRtcNative.lk_rtc_poll_event(pc, &e, p, (UIntPtr)(uint)(buffer == null ? 0 : buffer.Length));
            }

            if (r == RtcResult.Ok || r == RtcResult.BufferTooSmall)
            {
                ev.Clear();
                ev.Type = (RtcEventType)e.Type;
                ev.State = e.State;
                ev.Error = e.Error;
                ev.ChannelId = e.ChannelId;
                ev.Binary = e.Binary != 0;
                ev.RemoteOpened = e.RemoteOpened != 0;
                ev.Length = (int)e.Len;
                int n = 0;
                while (n < 16 && e.Mid[n] != 0)
                {
                    n++;
                }

                byte[] mid = new byte[n];
                for (int i = 0; i < n; i++)
                {
                    mid[i] = e.Mid[i];
                }

                ev.Mid = n == 0 ? null : Encoding.UTF8.GetString(mid);
            }

            return r;
        }

        public RtcConnectionState ConnectionState
        {
            get
            {
                IntPtr pc = Handle;
                if (pc == IntPtr.Zero)
                {
                    return RtcConnectionState.Closed;
                }

                int conn;
                LkRtcNative.lk_rtc_get_state(pc, &conn, null, null);
                return (RtcConnectionState)conn;
            }
        }

        public int Close()
        {
            IntPtr pc = Handle;
            return pc == IntPtr.Zero ? RtcResult.Ok : LkRtcNative.lk_rtc_close(pc);
        }

        public int Destroy()
        {
            if (Volatile.Read(ref _inNotify) > 0 && Environment.CurrentManagedThreadId == _notifyThreadId)
            {
                return RtcResult.State;
            }

            IntPtr pc;
            lock (_lock)
            {
                pc = _pc;
                _pc = IntPtr.Zero;
            }

            if (pc == IntPtr.Zero)
            {
                return RtcResult.Ok;
            }

            int r = LkRtcNative.lk_rtc_destroy(pc);
            GC.KeepAlive(_notifyFn);
            return r;
        }

        private delegate int StringCall(IntPtr pc, byte* text);

        private int WithString(string s, StringCall call)
        {
            IntPtr pc = Handle;
            if (pc == IntPtr.Zero)
            {
                return RtcResult.Closed;
            }

            if (s == null)
            {
                return RtcResult.InvalidArgument;
            }

            byte[] bytes = Utf8Z.Encode(s);
            fixed (byte* p = bytes)
            {
                return call(pc, p);
            }
        }
    }
}
