//
// Copyright (c) LiveKit for nanoFramework contributors. Licensed under the Apache License 2.0.
//

using System.Text;
using LiveKit.Protocol;

namespace LiveKit.Signal
{
    /// <summary>
    /// Builds the signaling URLs: /rtc/v1 with the JoinRequest in the query (WrappedJoinRequest,
    /// base64url), /rtc (v0) with the client information as query parameters, and their
    /// validate endpoints over http(s).
    /// </summary>
    internal static class SignalUrls
    {
        /// <summary>
        /// The server base as ws:// or wss:// without a trailing slash; http(s) is mapped to
        /// ws(s); a bare host gets wss://.
        /// </summary>
        public static string WebSocketBase(string url)
        {
            string u = url.Trim();
            while (u.Length > 0 && u[u.Length - 1] == '/')
            {
                u = u.Substring(0, u.Length - 1);
            }

            if (StartsWith(u, "https://"))
            {
                return "wss://" + u.Substring(8);
            }

            if (StartsWith(u, "http://"))
            {
                return "ws://" + u.Substring(7);
            }

            if (StartsWith(u, "ws://") || StartsWith(u, "wss://"))
            {
                return u;
            }

            return "wss://" + u;
        }

        /// <summary>The http(s) form of a ws(s) base, for the validate endpoints.</summary>
        public static string HttpBase(string wsBase)
        {
            if (StartsWith(wsBase, "wss://"))
            {
                return "https://" + wsBase.Substring(6);
            }

            return "http://" + wsBase.Substring(5);
        }

        /// <summary>The query value of join_request: the JoinRequest wrapped without compression.</summary>
        public static string JoinRequestParameter(JoinRequest join)
        {
            WrappedJoinRequest wrapped = new WrappedJoinRequest();
            wrapped.Compression = WrappedJoinRequestCompression.None;
            wrapped.JoinRequest = join.ToByteArray();
            byte[] bytes = wrapped.ToByteArray();
            return Base64Url.EncodeForQuery(bytes, 0, bytes.Length);
        }

        /// <summary>ws(s)://host/rtc/v1?join_request=...</summary>
        public static string V1(string wsBase, JoinRequest join)
        {
            return wsBase + "/rtc/v1?join_request=" + JoinRequestParameter(join);
        }

        /// <summary>http(s)://host/rtc/v1/validate?join_request=...</summary>
        public static string V1Validate(string wsBase, JoinRequest join)
        {
            return HttpBase(wsBase) + "/rtc/v1/validate?join_request=" + JoinRequestParameter(join);
        }

        /// <summary>ws(s)://host/rtc?... (v0) with the client information and the resume fields of <paramref name="join"/>.</summary>
        public static string V0(string wsBase, JoinRequest join)
        {
            return wsBase + "/rtc?" + V0Query(join);
        }

        /// <summary>http(s)://host/rtc/validate?... (v0).</summary>
        public static string V0Validate(string wsBase, JoinRequest join)
        {
            return HttpBase(wsBase) + "/rtc/validate?" + V0Query(join);
        }

        private static string V0Query(JoinRequest join)
        {
            ClientInfo ci = join.ClientInfo;
            StringBuilder sb = new StringBuilder();
            bool autoSubscribe = join.ConnectionSettings == null || join.ConnectionSettings.AutoSubscribe;
            sb.Append("auto_subscribe=").Append(autoSubscribe ? "1" : "0");
            if (ci != null)
            {
                sb.Append("&sdk=").Append(SdkName(ci.Sdk));
                sb.Append("&version=").Append(Escape(ci.Version));
                sb.Append("&protocol=").Append(ci.Protocol.ToString());
                sb.Append("&client_protocol=").Append(ci.ClientProtocol.ToString());
                AppendIfSet(sb, "os", ci.Os);
                AppendIfSet(sb, "os_version", ci.OsVersion);
                AppendIfSet(sb, "device_model", ci.DeviceModel);
            }

            if (join.Reconnect)
            {
                sb.Append("&reconnect=1&sid=").Append(Escape(join.ParticipantSid));
                sb.Append("&reconnect_reason=").Append(((int)join.ReconnectReason).ToString());
            }

            return sb.ToString();
        }

        private static string SdkName(ClientInfoSdk sdk)
        {
            switch (sdk)
            {
                case ClientInfoSdk.Esp32:
                    return "esp32";
                case ClientInfoSdk.Dotnet:
                    return "dotnet";
                default:
                    return "unknown";
            }
        }

        private static void AppendIfSet(StringBuilder sb, string key, string value)
        {
            if (value != null && value.Length > 0)
            {
                sb.Append('&').Append(key).Append('=').Append(Escape(value));
            }
        }

        /// <summary>Percent-encodes everything but unreserved characters (RFC 3986), as UTF-8.</summary>
        public static string Escape(string value)
        {
            if (value == null)
            {
                return string.Empty;
            }

            byte[] utf8 = Encoding.UTF8.GetBytes(value);
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < utf8.Length; i++)
            {
                byte b = utf8[i];
                bool unreserved = (b >= (byte)'a' && b <= (byte)'z') || (b >= (byte)'A' && b <= (byte)'Z')
                    || (b >= (byte)'0' && b <= (byte)'9') || b == (byte)'-' || b == (byte)'_' || b == (byte)'.' || b == (byte)'~';
                if (unreserved)
                {
                    sb.Append((char)b);
                }
                else
                {
                    sb.Append('%').Append(b.ToString("X2"));
                }
            }

            return sb.ToString();
        }

        private static bool StartsWith(string s, string prefix)
        {
            return s.Length >= prefix.Length && s.Substring(0, prefix.Length).ToLower() == prefix;
        }
    }
}
