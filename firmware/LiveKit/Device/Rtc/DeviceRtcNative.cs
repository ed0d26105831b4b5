//
// Copyright (c) LiveKit for nanoFramework contributors. Licensed under the Apache License 2.0.
//

using System.Runtime.CompilerServices;

namespace LiveKit.Rtc.Device
{
    /// <summary>
    /// The InternalCall entry points of the native transport in nanoCLR (native-interop/nanoclr).
    /// One method per lk_rtc.h function. Every call returns at once (none blocks the CLR's one
    /// task: the peer connection's own FreeRTOS task does the network work). Results come back
    /// as return values and in caller-allocated arrays: nanoFramework does not marshal out/ref
    /// parameters back. Peer connections are named by small positive handles, never pointers.
    /// The order and signatures of these methods are part of the native checksum: change them
    /// only together with the C++ side.
    /// </summary>
    internal static class DeviceRtcNative
    {
        /// <summary>Event header slots filled by <see cref="PollEvent"/>.</summary>
        public const int HeaderType = 0;
        public const int HeaderState = 1;
        public const int HeaderError = 2;
        public const int HeaderChannel = 3;
        public const int HeaderBinary = 4;
        public const int HeaderRemoteOpened = 5;
        public const int HeaderLength = 6;
        public const int HeaderMidLength = 7;
        public const int HeaderSize = 8;

        /// <summary>
        /// lk_rtc_create with the shared certificate: ICE servers and bind addresses separated by
        /// newlines (empty: none). Returns a handle (&gt; 0) or a negative LK_ERR_*. Events of the
        /// new peer connection are signalled through the "LiveKitRtc" native event with data1 =
        /// the handle.
        /// </summary>
        [MethodImpl(MethodImplOptions.InternalCall)]
        public static extern int Create(string iceServers, string bindAddresses, bool loopbackOnly, int maxMessageSize, int eventQueueCapacity);

        /// <summary>lk_rtc_create_offer into sdp; the length or a negative LK_ERR_*.</summary>
        [MethodImpl(MethodImplOptions.InternalCall)]
        public static extern int CreateOffer(int handle, byte[] sdp);

        /// <summary>lk_rtc_create_answer into sdp; the length or a negative LK_ERR_*.</summary>
        [MethodImpl(MethodImplOptions.InternalCall)]
        public static extern int CreateAnswer(int handle, byte[] sdp);

        [MethodImpl(MethodImplOptions.InternalCall)]
        public static extern int SetLocalDescription(int handle, int type, string sdp);

        [MethodImpl(MethodImplOptions.InternalCall)]
        public static extern int SetRemoteDescription(int handle, int type, string sdp);

        /// <summary>lk_rtc_add_remote_candidate; empty candidate: end of candidates.</summary>
        [MethodImpl(MethodImplOptions.InternalCall)]
        public static extern int AddRemoteCandidate(int handle, string mid, string candidate);

        /// <summary>lk_rtc_create_data_channel: the provisional channel id or a negative LK_ERR_*.</summary>
        [MethodImpl(MethodImplOptions.InternalCall)]
        public static extern int CreateDataChannel(int handle, string label, bool ordered, int maxRetransmits);

        /// <summary>lk_rtc_send of data[offset .. offset + length).</summary>
        [MethodImpl(MethodImplOptions.InternalCall)]
        public static extern int Send(int handle, int channelId, bool binary, byte[] data, int offset, int length);

        [MethodImpl(MethodImplOptions.InternalCall)]
        public static extern int AddAudioTrack(int handle, int direction);

        /// <summary>lk_rtc_restart_ice: the next offer carries new ICE credentials.</summary>
        [MethodImpl(MethodImplOptions.InternalCall)]
        public static extern int RestartIce(int handle);

        /// <summary>
        /// lk_rtc_poll_event: fills header (HeaderSize ints), mid (16 bytes) and payload; returns
        /// LK_OK, LK_ERR_AGAIN or LK_ERR_BUFFER_TOO_SMALL (header[HeaderLength] = bytes needed).
        /// </summary>
        [MethodImpl(MethodImplOptions.InternalCall)]
        public static extern int PollEvent(int handle, int[] header, byte[] mid, byte[] payload);

        /// <summary>lk_rtc_get_state: the connection state or a negative LK_ERR_*.</summary>
        [MethodImpl(MethodImplOptions.InternalCall)]
        public static extern int GetConnectionState(int handle);

        [MethodImpl(MethodImplOptions.InternalCall)]
        public static extern int Close(int handle);

        /// <summary>
        /// lk_rtc_destroy. On the device the peer connection's task ends by giving a
        /// done-semaphore; this call waits for it with a short bound and returns LK_ERR_TIMEOUT
        /// (the handle stays valid; call again) rather than blocking the CLR.
        /// </summary>
        [MethodImpl(MethodImplOptions.InternalCall)]
        public static extern int Destroy(int handle);
    }
}
