//
// Copyright (c) LiveKit for nanoFramework contributors. Licensed under the Apache License 2.0.
//

namespace LiveKit
{
    /// <summary>
    /// What this SDK tells the server about itself: version and protocol levels.
    /// </summary>
    public static class SdkInfo
    {
        /// <summary>The SDK version sent in ClientInfo.version.</summary>
        public const string Version = "0.1.0";

        /// <summary>
        /// The signaling protocol version (ClientInfo.protocol); 17 is what the JS and Rust SDKs
        /// and the server speak today.
        /// </summary>
        public const int Protocol = 17;

        /// <summary>
        /// The client protocol (ClientInfo.client_protocol): 1 means RPC may travel over data
        /// streams (RPC v2).
        /// </summary>
        public const int ClientProtocol = 1;

        /// <summary>The operating system name sent in ClientInfo.os.</summary>
        public const string OperatingSystem = "nanoFramework";
    }
}
