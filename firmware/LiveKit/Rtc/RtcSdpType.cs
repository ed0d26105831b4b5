//
// Copyright (c) LiveKit for nanoFramework contributors. Licensed under the Apache License 2.0.
//

namespace LiveKit.Rtc
{
    /// <summary>lk_rtc_sdp_type_t.</summary>
    public enum RtcSdpType
    {
        /// <summary>LK_RTC_SDP_OFFER.</summary>
        Offer = 0,

        /// <summary>LK_RTC_SDP_ANSWER.</summary>
        Answer = 1
    }
}
