//
// Copyright (c) LiveKit for nanoFramework contributors. Licensed under the Apache License 2.0.
//

namespace LiveKit.Rtc
{
    /// <summary>
    /// The result codes of the native transport (lk_error.h): 0 or a non-negative value is
    /// success, a negative value an LK_ERR_* code. The binding returns them unchanged.
    /// </summary>
    public static class RtcResult
    {
        /// <summary>LK_OK.</summary>
        public const int Ok = 0;

        /// <summary>LK_ERR_INVALID_ARG.</summary>
        public const int InvalidArgument = -1;

        /// <summary>LK_ERR_NO_MEMORY.</summary>
        public const int NoMemory = -2;

        /// <summary>LK_ERR_BUFFER_TOO_SMALL: grow the buffer to the size reported and call again.</summary>
        public const int BufferTooSmall = -3;

        /// <summary>LK_ERR_MALFORMED.</summary>
        public const int Malformed = -4;

        /// <summary>LK_ERR_UNSUPPORTED.</summary>
        public const int Unsupported = -5;

        /// <summary>LK_ERR_STATE: not allowed in the current state.</summary>
        public const int State = -6;

        /// <summary>LK_ERR_FINGERPRINT.</summary>
        public const int Fingerprint = -9;

        /// <summary>LK_ERR_QUEUE_FULL.</summary>
        public const int QueueFull = -11;

        /// <summary>LK_ERR_NOT_FOUND.</summary>
        public const int NotFound = -12;

        /// <summary>LK_ERR_IO.</summary>
        public const int IO = -13;

        /// <summary>LK_ERR_TIMEOUT.</summary>
        public const int Timeout = -14;

        /// <summary>LK_ERR_CLOSED.</summary>
        public const int Closed = -15;

        /// <summary>LK_ERR_AGAIN: nothing queued (poll) or nothing to do now.</summary>
        public const int Again = -16;

        /// <summary>LK_ERR_TOO_LARGE.</summary>
        public const int TooLarge = -17;
    }
}
