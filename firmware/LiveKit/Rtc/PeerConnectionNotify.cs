//
// Copyright (c) LiveKit for nanoFramework contributors. Licensed under the Apache License 2.0.
//

namespace LiveKit.Rtc
{
    /// <summary>
    /// lk_rtc_notify_fn: runs on the peer connection's own thread when its event queue became
    /// non-empty. A hint, not a count: the receiver must drain with
    /// <see cref="IPeerConnection.PollEvent"/> until it returns <see cref="RtcResult.Again"/>.
    /// Keep it short (the engine only sets a flag and wakes its worker) and never destroy the
    /// peer connection from it.
    /// </summary>
    /// <param name="pc">The peer connection whose queue has events.</param>
    public delegate void PeerConnectionNotify(IPeerConnection pc);
}
