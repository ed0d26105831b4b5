//
// Copyright (c) LiveKit for nanoFramework contributors. Licensed under the Apache License 2.0.
//

namespace LiveKit.Rtc
{
    /// <summary>lk_rtc_direction_t: the direction of an audio transceiver.</summary>
    public enum RtcDirection
    {
        /// <summary>LK_RTC_DIR_SENDRECV.</summary>
        SendReceive = 0,

        /// <summary>LK_RTC_DIR_SENDONLY.</summary>
        SendOnly = 1,

        /// <summary>LK_RTC_DIR_RECVONLY.</summary>
        ReceiveOnly = 2,

        /// <summary>LK_RTC_DIR_INACTIVE.</summary>
        Inactive = 3
    }
}
