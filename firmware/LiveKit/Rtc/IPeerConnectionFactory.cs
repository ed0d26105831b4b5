//
// Copyright (c) LiveKit for nanoFramework contributors. Licensed under the Apache License 2.0.
//

namespace LiveKit.Rtc
{
    /// <summary>Creates peer connections (lk_rtc_create). The engine creates one per session.</summary>
    public interface IPeerConnectionFactory
    {
        /// <summary>
        /// Creates a peer connection; returns null and a negative <paramref name="result"/>
        /// (<see cref="RtcResult"/>) on failure.
        /// </summary>
        IPeerConnection Create(PeerConnectionConfig config, out int result);
    }
}
