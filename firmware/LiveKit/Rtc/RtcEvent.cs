//
// Copyright (c) LiveKit for nanoFramework contributors. Licensed under the Apache License 2.0.
//

namespace LiveKit.Rtc
{
    /// <summary>
    /// lk_rtc_event_t: one event taken from the peer connection's queue. The caller owns one
    /// instance and reuses it for every poll; the payload goes to a caller-owned buffer.
    /// </summary>
    public sealed class RtcEvent
    {
        /// <summary>The event type.</summary>
        public RtcEventType Type;

        /// <summary>The new state of a *State event.</summary>
        public int State;

        /// <summary>An LK_ERR_* code (<see cref="RtcResult"/>) of an error or failed state, else 0.</summary>
        public int Error;

        /// <summary>The SCTP stream id of channel events.</summary>
        public int ChannelId;

        /// <summary>Message: true for binary (PPID 53/57), false for text.</summary>
        public bool Binary;

        /// <summary>Channel open: true when the peer opened the channel.</summary>
        public bool RemoteOpened;

        /// <summary>Candidate events: the m-line's mid.</summary>
        public string Mid;

        /// <summary>Bytes of the payload buffer used; on <see cref="RtcResult.BufferTooSmall"/> the bytes needed.</summary>
        public int Length;

        /// <summary>Resets every field before a poll.</summary>
        public void Clear()
        {
            Type = RtcEventType.None;
            State = 0;
            Error = 0;
            ChannelId = 0;
            Binary = false;
            RemoteOpened = false;
            Mid = null;
            Length = 0;
        }
    }
}
