//
// Copyright (c) LiveKit for nanoFramework contributors. Licensed under the Apache License 2.0.
//

namespace LiveKit.Rtc
{
    /// <summary>lk_rtc_conn_state_t (RTCPeerConnectionState): connected = ICE and DTLS connected.</summary>
    public enum RtcConnectionState
    {
        /// <summary>LK_RTC_CONN_NEW.</summary>
        New = 0,

        /// <summary>LK_RTC_CONN_CONNECTING.</summary>
        Connecting = 1,

        /// <summary>LK_RTC_CONN_CONNECTED.</summary>
        Connected = 2,

        /// <summary>LK_RTC_CONN_DISCONNECTED.</summary>
        Disconnected = 3,

        /// <summary>LK_RTC_CONN_FAILED.</summary>
        Failed = 4,

        /// <summary>LK_RTC_CONN_CLOSED.</summary>
        Closed = 5
    }
}
