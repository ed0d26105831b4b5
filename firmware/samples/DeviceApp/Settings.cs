//
// Copyright (c) LiveKit for nanoFramework contributors. Licensed under the Apache License 2.0.
//

namespace LiveKit.Samples.DeviceApp
{
    /// <summary>
    /// What the device app needs to know. Edit before building; keep real credentials out of version
    /// control. A token is minted on a computer (`lk token create --join --room R --identity esp32
    /// --valid-for 24h`, the LiveKit Cloud console, or livekit-server-sdk) and expires: make it last as
    /// long as the device should be able to join.
    /// </summary>
    internal static class Settings
    {
        /// <summary>The Wi-Fi network (2.4 GHz).</summary>
        public const string WifiSsid = "your-ssid";

        /// <summary>Its password.</summary>
        public const string WifiPassword = "your-password";

        /// <summary>The LiveKit server: wss://your-project.livekit.cloud, or wss://host for livekit-server.</summary>
        public const string LiveKitUrl = "wss://your-project.livekit.cloud";

        /// <summary>An access token (JWT) with a roomJoin grant for one room.</summary>
        public const string Token = "paste-a-token-here";

        /// <summary>
        /// The root CA certificate (PEM) that the server's TLS certificate chains to, used to verify
        /// wss:// and the https:// validate request. Find it with
        /// `openssl s_client -connect your-project.livekit.cloud:443 -showcerts` (the last certificate
        /// of the chain names its issuer: take that root from the CA's site). Empty: the CA roots stored
        /// in the device's configuration are used for wss:// (and the validate request is skipped).
        /// </summary>
        public const string RootCaPem = "";

        /// <summary>
        /// Connect without verifying the server's certificate (anyone on the path could read the token
        /// and the data). Only for a local test server on a trusted network.
        /// </summary>
        public const bool AllowUnverifiedTls = false;

        /// <summary>How long the app stays in the room before it leaves and disposes the room (seconds).</summary>
        public const int RunSeconds = 300;

        /// <summary>Bound on joining Wi-Fi and getting an address and the time (milliseconds).</summary>
        public const int WifiTimeoutMs = 60000;
    }
}
