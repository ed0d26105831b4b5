//
// Copyright (c) LiveKit for nanoFramework contributors. Licensed under the Apache License 2.0.
//

namespace LiveKit.Signal
{
    /// <summary>The outcome of one signal connection attempt.</summary>
    internal sealed class SignalConnectResult
    {
        /// <summary>None when the WebSocket is open.</summary>
        public ConnectionError Error;

        /// <summary>The server's reason or a description of the failure.</summary>
        public string Message;

        /// <summary>True when validate said /rtc/v1 does not exist: try /rtc (v0).</summary>
        public bool TryV0;

        /// <summary>The HTTP status validate answered (0: not asked, -1: unreachable).</summary>
        public int HttpStatus;
    }
}
