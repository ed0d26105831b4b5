//
// Copyright (c) LiveKit for nanoFramework contributors. Licensed under the Apache License 2.0.
//

using System.Text;

namespace LiveKit.Signal
{
    /// <summary>
    /// TrickleRequest.candidateInit is the JSON of an RTCIceCandidateInit
    /// ({"candidate","sdpMid","sdpMLineIndex","usernameFragment"}). nanoFramework has no JSON
    /// parser in its core, so this writes that one shape and reads string and number members
    /// of a flat object.
    /// </summary>
    internal static class CandidateJson
    {
        /// <summary>The JSON for a local candidate ("candidate:..." without "a=").</summary>
        public static string Build(string candidate, string mid, int mLineIndex)
        {
            StringBuilder sb = new StringBuilder();
            sb.Append("{\"candidate\":");
            AppendString(sb, candidate == null ? string.Empty : candidate);
            sb.Append(",\"sdpMid\":");
            AppendString(sb, mid == null ? "0" : mid);
            sb.Append(",\"sdpMLineIndex\":").Append(mLineIndex.ToString()).Append('}');
            return sb.ToString();
        }

        /// <summary>The string value of a top-level member, or null when absent or not a string.</summary>
        public static string GetString(string json, string key)
        {
            int at = FindValue(json, key);
            if (at < 0 || at >= json.Length || json[at] != '"')
            {
                return null;
            }

            StringBuilder sb = new StringBuilder();
            for (int i = at + 1; i < json.Length; i++)
            {
                char c = json[i];
                if (c == '"')
                {
                    return sb.ToString();
                }

                if (c != '\\')
                {
                    sb.Append(c);
                    continue;
                }

                if (++i >= json.Length)
                {
                    return null;
                }

                char e = json[i];
                switch (e)
                {
                    case 'n':
                        sb.Append('\n');
                        break;
                    case 'r':
                        sb.Append('\r');
                        break;
                    case 't':
                        sb.Append('\t');
                        break;
                    case 'b':
                        sb.Append('\b');
                        break;
                    case 'f':
                        sb.Append('\f');
                        break;
                    case 'u':
                        if (i + 4 >= json.Length)
                        {
                            return null;
                        }

                        int code = 0;
                        for (int k = 1; k <= 4; k++)
                        {
                            int h = HexValue(json[i + k]);
                            if (h < 0)
                            {
                                return null;
                            }

                            code = (code << 4) | h;
                        }

                        sb.Append((char)code);
                        i += 4;
                        break;
                    default:
                        sb.Append(e);
                        break;
                }
            }

            return null;
        }

        /// <summary>The integer value of a top-level member, or <paramref name="fallback"/>.</summary>
        public static int GetInt(string json, string key, int fallback)
        {
            int at = FindValue(json, key);
            if (at < 0)
            {
                return fallback;
            }

            int value = 0;
            int digits = 0;
            bool negative = false;
            if (at < json.Length && json[at] == '-')
            {
                negative = true;
                at++;
            }

            while (at < json.Length && json[at] >= '0' && json[at] <= '9' && digits < 9)
            {
                value = (value * 10) + (json[at] - '0');
                at++;
                digits++;
            }

            return digits == 0 ? fallback : (negative ? -value : value);
        }

        private static int FindValue(string json, string key)
        {
            if (json == null)
            {
                return -1;
            }

            string quoted = "\"" + key + "\"";
            int at = json.IndexOf(quoted);
            while (at >= 0)
            {
                int i = at + quoted.Length;
                while (i < json.Length && (json[i] == ' ' || json[i] == '\t' || json[i] == '\n' || json[i] == '\r'))
                {
                    i++;
                }

                if (i < json.Length && json[i] == ':')
                {
                    i++;
                    while (i < json.Length && (json[i] == ' ' || json[i] == '\t' || json[i] == '\n' || json[i] == '\r'))
                    {
                        i++;
                    }

                    return i;
                }

                at = json.IndexOf(quoted, at + 1);
            }

            return -1;
        }

        private static int HexValue(char c)
        {
            if (c >= '0' && c <= '9')
            {
                return c - '0';
            }

            if (c >= 'a' && c <= 'f')
            {
                return c - 'a' + 10;
            }

            if (c >= 'A' && c <= 'F')
            {
                return c - 'A' + 10;
            }

            return -1;
        }

        private static void AppendString(StringBuilder sb, string s)
        {
            sb.Append('"');
            for (int i = 0; i < s.Length; i++)
            {
                char c = s[i];
                if (c == '"' || c == '\\')
                {
                    sb.Append('\\').Append(c);
                }
                else if (c < ' ')
                {
                    sb.Append("\\u").Append(((int)c).ToString("X4"));
                }
                else
                {
                    sb.Append(c);
                }
            }

            sb.Append('"');
        }
    }
}
