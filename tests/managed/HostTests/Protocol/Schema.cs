//
// Copyright (c) LiveKit for nanoFramework contributors. Licensed under the Apache License 2.0.
//

using System.Collections.Generic;
using System.Text.Json.Nodes;

namespace ProtocolCodecTests
{
    /// <summary>One field of the schema dumped from @livekit/protocol (supported subset).</summary>
    internal sealed class SchemaField
    {
        public int No;
        public string Name;
        public string JsonName;
        public string CsName;
        public string Kind;      // scalar, enum, message, map
        public string Type;      // scalar name, enum:livekit.X, message:livekit.X
        public bool Repeated;
        public bool Packed;
        public bool Optional;
        public string Oneof;
        public string MapKey;
        public string MapValue;

        public string RefName
        {
            get { return Type.Substring(Type.IndexOf(':') + 1); }
        }
    }

    /// <summary>One message of the schema.</summary>
    internal sealed class SchemaMessage
    {
        public string Name;
        public string CsName;
        public List<SchemaField> Fields = new List<SchemaField>();
    }

    /// <summary>One enum of the schema.</summary>
    internal sealed class SchemaEnum
    {
        public string Name;
        public string CsName;
        public List<KeyValuePair<string, int>> Values = new List<KeyValuePair<string, int>>();
    }

    /// <summary>The supported part of @livekit/protocol's type information, as crosscheck.js reports it.</summary>
    internal sealed class Schema
    {
        private static Schema s_shared;

        public string Version;
        public Dictionary<string, SchemaMessage> Messages = new Dictionary<string, SchemaMessage>();
        public Dictionary<string, SchemaEnum> Enums = new Dictionary<string, SchemaEnum>();

        public static Schema Shared
        {
            get
            {
                if (s_shared == null)
                {
                    s_shared = Parse(NodeCodec.Shared.Call(new JsonObject { ["op"] = "schema" })["schema"].AsObject());
                }

                return s_shared;
            }
        }

        public static Schema Parse(JsonObject o)
        {
            Schema s = new Schema { Version = (string)o["version"] };
            foreach (KeyValuePair<string, JsonNode> m in o["messages"].AsObject())
            {
                SchemaMessage sm = new SchemaMessage { Name = m.Key, CsName = (string)m.Value["csName"] };
                foreach (JsonNode f in m.Value["fields"].AsArray())
                {
                    sm.Fields.Add(new SchemaField
                    {
                        No = (int)f["no"],
                        Name = (string)f["name"],
                        JsonName = (string)f["jsonName"],
                        CsName = (string)f["csName"],
                        Kind = (string)f["kind"],
                        Type = (string)f["type"],
                        Repeated = (bool)f["repeated"],
                        Packed = (bool)f["packed"],
                        Optional = (bool)f["opt"],
                        Oneof = (string)f["oneof"],
                        MapKey = (string)f["key"],
                        MapValue = (string)f["value"],
                    });
                }

                s.Messages[m.Key] = sm;
            }

            foreach (KeyValuePair<string, JsonNode> e in o["enums"].AsObject())
            {
                SchemaEnum se = new SchemaEnum { Name = e.Key, CsName = (string)e.Value["csName"] };
                foreach (JsonNode v in e.Value["values"].AsArray())
                {
                    se.Values.Add(new KeyValuePair<string, int>((string)v["name"], (int)v["no"]));
                }

                s.Enums[e.Key] = se;
            }

            return s;
        }

        /// <summary>The C# name of a oneof (as the generator makes it): content_header -> ContentHeader.</summary>
        public static string Pascal(string snake)
        {
            string result = string.Empty;
            foreach (string part in snake.Split('_'))
            {
                if (part.Length > 0)
                {
                    result += char.ToUpperInvariant(part[0]) + part.Substring(1);
                }
            }

            return result;
        }
    }
}
