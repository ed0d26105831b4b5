//
// Copyright (c) LiveKit for nanoFramework contributors. Licensed under the Apache License 2.0.
//

namespace LiveKit.Rtc
{
    /// <summary>
    /// One peer connection, as the engine drives it: the managed face of lk_rtc.h, one method
    /// per C function, the same result codes (<see cref="RtcResult"/>), the same threading
    /// contract. The native binding (issue 8) implements it with P/Invoke on the host and
    /// InternalCall on the device; tests use a double.
    /// </summary>
    /// <remarks>
    /// Every method may be called from any thread; the engine calls them from its worker only.
    /// <see cref="Destroy"/> must not be called from the notify callback (the native side
    /// returns <see cref="RtcResult.State"/> there): the engine destroys on its worker.
    /// </remarks>
    public interface IPeerConnection
    {
        /// <summary>lk_rtc_create_offer: the offer SDP, or null with <paramref name="result"/> &lt; 0.</summary>
        string CreateOffer(out int result);

        /// <summary>lk_rtc_create_answer: the answer to the remote offer, or null with <paramref name="result"/> &lt; 0.</summary>
        string CreateAnswer(out int result);

        /// <summary>lk_rtc_set_local_description.</summary>
        int SetLocalDescription(RtcSdpType type, string sdp);

        /// <summary>lk_rtc_set_remote_description.</summary>
        int SetRemoteDescription(RtcSdpType type, string sdp);

        /// <summary>lk_rtc_add_remote_candidate; null or empty candidate: end of candidates.</summary>
        int AddRemoteCandidate(string mid, string candidate);

        /// <summary>
        /// lk_rtc_create_data_channel; maxRetransmits -1 is reliable. Returns the provisional
        /// channel handle (&gt;= 0) or an error (&lt; 0); the final id arrives with
        /// <see cref="RtcEventType.ChannelOpen"/> for the same label.
        /// </summary>
        int CreateDataChannel(string label, bool ordered, int maxRetransmits);

        /// <summary>lk_rtc_send: queues one message (copied).</summary>
        int Send(int channelId, bool binary, byte[] data, int offset, int length);

        /// <summary>lk_rtc_add_audio_track: the transceiver index or an error.</summary>
        int AddAudioTrack(RtcDirection direction);

        /// <summary>
        /// lk_rtc_restart_ice (RFC 8445 9): the next <see cref="CreateOffer"/> carries new ICE
        /// credentials; DTLS and SCTP continue. For the side that offered first (the engine's
        /// publisher); a restart offer from the peer is answered without it.
        /// </summary>
        int RestartIce();

        /// <summary>
        /// lk_rtc_poll_event: takes the oldest event into <paramref name="ev"/> and its payload
        /// into <paramref name="buffer"/>; <see cref="RtcResult.Again"/> when empty,
        /// <see cref="RtcResult.BufferTooSmall"/> (event kept, ev.Length = bytes needed).
        /// </summary>
        int PollEvent(RtcEvent ev, byte[] buffer);

        /// <summary>lk_rtc_get_state: the peer connection state.</summary>
        RtcConnectionState ConnectionState { get; }

        /// <summary>lk_rtc_close: stops traffic; idempotent.</summary>
        int Close();

        /// <summary>lk_rtc_destroy: joins the peer connection's thread and frees it; idempotent.</summary>
        int Destroy();
    }
}
