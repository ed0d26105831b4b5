// Reference surface of nanoFramework.System.Device.Wifi 1.5.144 (assembly System.Device.Wifi), from
// nanoframework/System.Device.Wifi: WifiNetworkHelper (namespace nanoFramework.Networking) for joining a
// network from the device app. Declarations only; a subset.
namespace System.Device.Wifi
{
    public enum WifiReconnectionKind { Automatic = 0, Manual = 1 }
    public enum WifiConnectionStatus { AccessRevoked, InvalidCredential, NetworkNotAvailable, Success, Timeout, UnspecifiedFailure, UnsupportedAuthenticationProtocol }
}

namespace nanoFramework.Networking
{
    using System;
    using System.Device.Wifi;
    using System.Threading;

    public static class WifiNetworkHelper
    {
        public static NetworkHelperStatus Status => throw null;
        public static Exception HelperException => throw null;
        public static WifiConnectionStatus ConnectionError => throw null;
        public static bool ConnectDhcp(string ssid, string password, WifiReconnectionKind reconnectionKind = WifiReconnectionKind.Automatic, bool requiresDateTime = false, int wifiAdapterId = 0, CancellationToken token = default) => throw null;
        public static bool Reconnect(bool requiresDateTime = false, int wifiAdapterId = 0, CancellationToken token = default) => throw null;
        public static void Disconnect() => throw null;
    }
}
