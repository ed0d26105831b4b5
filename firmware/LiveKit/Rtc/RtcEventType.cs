//
// Copyright (c) LiveKit for nanoFramework contributors. Licensed under the Apache License 2.0.
//

namespace LiveKit.Rtc
{
    /// <summary>lk_rtc_event_type_t: what <see cref="IPeerConnection.PollEvent"/> returned.</summary>
    public enum RtcEventType
    {
        /// <summary>LK_RTC_EV_NONE.</summary>
        None = 0,

        /// <summary>A local candidate: the payload is "candidate:..." (UTF-8), <see cref="RtcEvent.Mid"/> its m-line.</summary>
        LocalCandidate = 1,

        /// <summary>Gathering finished for <see cref="RtcEvent.Mid"/>.</summary>
        EndOfCandidates = 2,

        /// <summary><see cref="RtcEvent.State"/> is an RTCIceConnectionState value.</summary>
        IceState = 3,

        /// <summary><see cref="RtcEvent.State"/> is an RTCDtlsTransportState value.</summary>
        DtlsState = 4,

        /// <summary><see cref="RtcEvent.State"/> is an <see cref="RtcConnectionState"/> value.</summary>
        ConnectionState = 5,

        /// <summary>A channel is open: <see cref="RtcEvent.ChannelId"/>, the payload is its label.</summary>
        ChannelOpen = 6,

        /// <summary>A message on <see cref="RtcEvent.ChannelId"/>: the payload is its bytes.</summary>
        Message = 7,

        /// <summary>A channel closed.</summary>
        ChannelClosed = 8,

        /// <summary>The buffered amount of a channel fell to its threshold.</summary>
        BufferedAmountLow = 9,

        /// <summary>An error that does not change a state: <see cref="RtcEvent.Error"/>.</summary>
        Error = 10
    }
}
