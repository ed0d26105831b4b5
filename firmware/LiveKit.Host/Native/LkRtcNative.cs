//
// Copyright (c) LiveKit for nanoFramework contributors. Licensed under the Apache License 2.0.
//

using System;
using System.IO;
using System.Reflection;
using System.Runtime.InteropServices;

namespace LiveKit.Rtc.Native
{
    /// <summary>
    /// P/Invoke declarations of native-interop/include/lk_rtc.h for the host twin, and the
    /// resolver that finds liblk_rtc.so: LK_RTC_LIBRARY when set, else build/native/ of the
    /// repository above the running assembly, else the loader's own search.
    /// </summary>
    internal static unsafe class LkRtcNative
    {
        public const string Library = "lk_rtc";

        [StructLayout(LayoutKind.Sequential)]
        public struct Config
        {
            public IntPtr IceServers;
            public UIntPtr IceServerCount;
            public IntPtr BindAddrs;
            public UIntPtr BindAddrCount;
            public int LoopbackOnly;
            public uint MaxMessageSize;
            public UIntPtr EventQueueCapacity;
            public IntPtr Certificate;
            public IntPtr Notify;
            public IntPtr User;
        }

        [StructLayout(LayoutKind.Sequential)]
        public struct Event
        {
            public int Type;
            public int State;
            public int Error;
            public ushort ChannelId;
            public byte Binary;
            public byte RemoteOpened;
            public fixed byte Mid[16];
            public UIntPtr Len;
        }

        [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
        public delegate void NotifyFn(IntPtr pc, IntPtr user);

        static LkRtcNative()
        {
            NativeLibrary.SetDllImportResolver(typeof(LkRtcNative).Assembly, Resolve);
        }

        /// <summary>Forces the static constructor (and so the resolver) to run.</summary>
        public static void EnsureResolver()
        {
        }

        private static IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? path)
        {
            if (name != Library)
            {
                return IntPtr.Zero;
            }

            string explicitPath = Environment.GetEnvironmentVariable("LK_RTC_LIBRARY");
            if (!string.IsNullOrEmpty(explicitPath))
            {
                return NativeLibrary.Load(explicitPath);
            }

            string dir = AppContext.BaseDirectory;
            for (int i = 0; i < 10 && dir != null; i++)
            {
                string candidate = Path.Combine(dir, "build", "native", "liblk_rtc.so");
                if (File.Exists(candidate))
                {
                    return NativeLibrary.Load(candidate);
                }

                dir = Path.GetDirectoryName(dir.TrimEnd(Path.DirectorySeparatorChar));
            }

            return IntPtr.Zero;
        }

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        public static extern int lk_rtc_create(ref Config config, out IntPtr pc);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        public static extern int lk_rtc_close(IntPtr pc);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        public static extern int lk_rtc_destroy(IntPtr pc);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        public static extern int lk_rtc_certificate_create(out IntPtr cert);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        public static extern void lk_rtc_certificate_destroy(IntPtr cert);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        public static extern int lk_rtc_create_offer(IntPtr pc, byte* sdp, UIntPtr cap);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        public static extern int lk_rtc_create_answer(IntPtr pc, byte* sdp, UIntPtr cap);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        public static extern int lk_rtc_set_local_description(IntPtr pc, int type, byte* sdp);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        public static extern int lk_rtc_set_remote_description(IntPtr pc, int type, byte* sdp);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        public static extern int lk_rtc_restart_ice(IntPtr pc);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        public static extern int lk_rtc_add_remote_candidate(IntPtr pc, byte* mid, byte* candidate);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        public static extern int lk_rtc_create_data_channel(IntPtr pc, byte* label, int ordered, int maxRetransmits, out ushort channelId);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        public static extern int lk_rtc_send(IntPtr pc, ushort channelId, int binary, byte* data, UIntPtr len);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        public static extern int lk_rtc_add_audio_track(IntPtr pc, int direction);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        public static extern int lk_rtc_poll_event(IntPtr pc, Event* ev, byte* buf, UIntPtr cap);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        public static extern int lk_rtc_get_state(IntPtr pc, int* conn, int* ice, int* dtls);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        public static extern IntPtr lk_strerror(int err);
    }
}
