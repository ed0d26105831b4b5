//
// Copyright (c) LiveKit for nanoFramework contributors. Licensed under the Apache License 2.0.
//

using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Reflection;
using System.Text;
using System.Text.Json.Nodes;
using LiveKit.Protocol;

namespace ProtocolCodecTests
{
    /// <summary>
    /// Reflection over the managed message classes, driven by the schema: fills messages with
    /// random values in every field, and renders them as the canonical proto3 JSON that
    /// protobuf-es's toJson({enumAsInteger: true}) produces, for a field-by-field comparison.
    /// </summary>
    internal sealed class Reflect
    {
        private static readonly string[] s_strings =
        {
            string.Empty, "a", "PA_xYz123", "Zoë", "日本語テキスト", "\U0001F600\U0001F680", "line\nbreak\t\"quoted\"\\",
            new string('x', 300), "é€𝄞", "\0nul",
        };

        private readonly Schema _schema;
        private readonly Random _random;

        public Reflect(Schema schema, int seed)
        {
            _schema = schema;
            _random = new Random(seed);
        }

        public static Type ClrType(string csName)
        {
            Type t = typeof(ProtoMessage).Assembly.GetType("LiveKit.Protocol." + csName);
            if (t == null)
            {
                throw new InvalidOperationException("no managed type LiveKit.Protocol." + csName);
            }

            return t;
        }

        // ------------------------------------------------------------------ random filling

        /// <summary>
        /// A message of <paramref name="typeName"/> with every field set (sub-messages down to
        /// <paramref name="maxDepth"/>); <paramref name="variant"/> picks the oneof members.
        /// </summary>
        public ProtoMessage Fill(string typeName, int variant, int depth, int maxDepth)
        {
            SchemaMessage sm = _schema.Messages[typeName];
            Type t = ClrType(sm.CsName);
            ProtoMessage m = (ProtoMessage)Activator.CreateInstance(t);
            Dictionary<string, List<SchemaField>> oneofs = new Dictionary<string, List<SchemaField>>();
            foreach (SchemaField f in sm.Fields)
            {
                if (f.Oneof != null)
                {
                    if (!oneofs.ContainsKey(f.Oneof))
                    {
                        oneofs[f.Oneof] = new List<SchemaField>();
                    }

                    oneofs[f.Oneof].Add(f);
                    continue;
                }

                if (f.Kind == "message" && depth >= maxDepth)
                {
                    continue;
                }

                PropertyInfo p = t.GetProperty(f.CsName);
                if (f.Kind == "map")
                {
                    Hashtable h = new Hashtable();
                    int n = 1 + _random.Next(3);
                    for (int i = 0; i < n; i++)
                    {
                        h[RandomString()] = RandomString();
                    }

                    p.SetValue(m, h);
                }
                else if (f.Repeated)
                {
                    Type elem = p.PropertyType.GetElementType();
                    int n = 1 + _random.Next(3);
                    Array a = Array.CreateInstance(elem, n);
                    for (int i = 0; i < n; i++)
                    {
                        a.SetValue(RandomValue(f, elem, variant + i, depth, maxDepth), i);
                    }

                    p.SetValue(m, a);
                }
                else
                {
                    p.SetValue(m, RandomValue(f, p.PropertyType, variant, depth, maxDepth));
                }
            }

            foreach (List<SchemaField> members in oneofs.Values)
            {
                SchemaField f = members[(variant + depth) % members.Count];
                if (f.Kind == "message" && depth >= maxDepth)
                {
                    continue;
                }

                PropertyInfo p = t.GetProperty(f.CsName);
                p.SetValue(m, RandomValue(f, p.PropertyType, variant, depth, maxDepth));
            }

            return m;
        }

        private object RandomValue(SchemaField f, Type clr, int variant, int depth, int maxDepth)
        {
            if (f.Kind == "message")
            {
                return Fill(f.RefName, variant, depth + 1, maxDepth);
            }

            if (f.Kind == "enum")
            {
                SchemaEnum e = _schema.Enums[f.RefName];
                int v = _random.Next(10) == 0 ? 99 : e.Values[_random.Next(e.Values.Count)].Value;
                return Enum.ToObject(clr, v);
            }

            bool edge = _random.Next(5) < 2;
            switch (f.Type)
            {
                case "string":
                    return RandomString();
                case "bytes":
                    byte[] b = new byte[edge ? (_random.Next(2) == 0 ? 0 : 300) : _random.Next(40)];
                    _random.NextBytes(b);
                    return b;
                case "bool":
                    return _random.Next(4) != 0;
                case "int32":
                case "sint32":
                case "sfixed32":
                    return edge ? Pick(new[] { 0, 1, -1, int.MaxValue, int.MinValue, 300 }) : _random.Next(int.MinValue, int.MaxValue);
                case "uint32":
                case "fixed32":
                    return edge ? Pick(new[] { 0u, 1u, uint.MaxValue, 127u, 128u }) : (uint)_random.NextInt64(0, 1L << 32);
                case "int64":
                case "sint64":
                case "sfixed64":
                    return edge ? Pick(new[] { 0L, 1L, -1L, long.MaxValue, long.MinValue }) : _random.NextInt64(long.MinValue, long.MaxValue);
                case "uint64":
                case "fixed64":
                    return edge ? Pick(new[] { 0UL, 1UL, ulong.MaxValue }) : (ulong)_random.NextInt64(long.MinValue, long.MaxValue);
                case "float":
                    return edge ? Pick(new[] { 0f, 1.5f, -0.25f, float.MaxValue, float.Epsilon }) : (float)((_random.NextDouble() - 0.5) * 1e6);
                case "double":
                    return edge ? Pick(new[] { 0d, 1.5d, -1e300, double.Epsilon, 0.1d }) : (_random.NextDouble() - 0.5) * 1e12;
                default:
                    throw new InvalidOperationException("scalar " + f.Type);
            }
        }

        private T Pick<T>(T[] values)
        {
            return values[_random.Next(values.Length)];
        }

        private string RandomString()
        {
            string s = s_strings[_random.Next(s_strings.Length)];
            return _random.Next(2) == 0 ? s : _random.Next(1000000).ToString(CultureInfo.InvariantCulture) + s;
        }

        // ------------------------------------------------------------------ canonical JSON

        /// <summary>The proto3 JSON of a managed message, as protobuf-es renders it.</summary>
        public static JsonObject ToJson(Schema schema, object message, string typeName)
        {
            SchemaMessage sm = schema.Messages[typeName];
            Type t = message.GetType();
            JsonObject o = new JsonObject();
            foreach (SchemaField f in sm.Fields)
            {
                PropertyInfo p = t.GetProperty(f.CsName);
                if (f.Oneof != null)
                {
                    object selected = t.GetProperty(Schema.Pascal(f.Oneof) + "Case").GetValue(message);
                    if (Convert.ToInt32(selected, CultureInfo.InvariantCulture) != f.No)
                    {
                        continue;
                    }

                    o[f.JsonName] = ValueJson(schema, f, p.GetValue(message));
                    continue;
                }

                if (f.Kind == "map")
                {
                    if (!(bool)t.GetProperty("Has" + f.CsName).GetValue(message))
                    {
                        continue;
                    }

                    JsonObject map = new JsonObject();
                    foreach (DictionaryEntry e in (Hashtable)p.GetValue(message))
                    {
                        map[(string)e.Key] = (string)e.Value;
                    }

                    o[f.JsonName] = map;
                    continue;
                }

                object value = p.GetValue(message);
                if (f.Repeated)
                {
                    Array a = (Array)value;
                    if (a.Length == 0)
                    {
                        continue;
                    }

                    JsonArray arr = new JsonArray();
                    foreach (object item in a)
                    {
                        arr.Add(ValueJson(schema, f, item));
                    }

                    o[f.JsonName] = arr;
                    continue;
                }

                if (f.Optional)
                {
                    if (!(bool)t.GetProperty("Has" + f.CsName).GetValue(message))
                    {
                        continue;
                    }
                }
                else if (IsDefault(f, value))
                {
                    continue;
                }

                o[f.JsonName] = ValueJson(schema, f, value);
            }

            return o;
        }

        private static bool IsDefault(SchemaField f, object value)
        {
            if (value == null)
            {
                return true;
            }

            switch (f.Kind)
            {
                case "message":
                    return false;
                case "enum":
                    return Convert.ToInt32(value, CultureInfo.InvariantCulture) == 0;
            }

            switch (value)
            {
                case string s:
                    return s.Length == 0;
                case byte[] b:
                    return b.Length == 0;
                case bool x:
                    return !x;
                case float x:
                    return x == 0;
                case double x:
                    return x == 0;
                default:
                    return Convert.ToDecimal(value, CultureInfo.InvariantCulture) == 0;
            }
        }

        private static JsonNode ValueJson(Schema schema, SchemaField f, object value)
        {
            if (f.Kind == "message")
            {
                return ToJson(schema, value, f.RefName);
            }

            if (f.Kind == "enum")
            {
                return JsonValue.Create(Convert.ToInt32(value, CultureInfo.InvariantCulture));
            }

            switch (value)
            {
                case string s:
                    return JsonValue.Create(s);
                case byte[] b:
                    return JsonValue.Create(Convert.ToBase64String(b));
                case bool x:
                    return JsonValue.Create(x);
                case float x:
                    return FloatJson(x);
                case double x:
                    return FloatJson(x);
                case long x:
                    return JsonValue.Create(x.ToString(CultureInfo.InvariantCulture));
                case ulong x:
                    return JsonValue.Create(x.ToString(CultureInfo.InvariantCulture));
                case int x:
                    return JsonValue.Create(x);
                case uint x:
                    return JsonValue.Create(x);
                default:
                    throw new InvalidOperationException("value " + value.GetType());
            }
        }

        private static JsonNode FloatJson(double x)
        {
            if (double.IsNaN(x))
            {
                return JsonValue.Create("NaN");
            }

            if (double.IsInfinity(x))
            {
                return JsonValue.Create(x > 0 ? "Infinity" : "-Infinity");
            }

            return JsonValue.Create(x);
        }

        // ------------------------------------------------------------------ comparison

        /// <summary>Compares two JSON trees; returns null when equal, else the first difference.</summary>
        public static string Diff(JsonNode expected, JsonNode actual, string path)
        {
            if (expected == null || actual == null)
            {
                return expected == actual ? null : path + ": " + Show(expected) + " vs " + Show(actual);
            }

            if (expected is JsonObject eo)
            {
                if (!(actual is JsonObject ao))
                {
                    return path + ": object vs " + Show(actual);
                }

                foreach (KeyValuePair<string, JsonNode> kv in eo)
                {
                    if (!ao.ContainsKey(kv.Key))
                    {
                        return path + "." + kv.Key + ": missing on the other side (" + Show(kv.Value) + ")";
                    }

                    string d = Diff(kv.Value, ao[kv.Key], path + "." + kv.Key);
                    if (d != null)
                    {
                        return d;
                    }
                }

                foreach (KeyValuePair<string, JsonNode> kv in ao)
                {
                    if (!eo.ContainsKey(kv.Key))
                    {
                        return path + "." + kv.Key + ": unexpected (" + Show(kv.Value) + ")";
                    }
                }

                return null;
            }

            if (expected is JsonArray ea)
            {
                if (!(actual is JsonArray aa) || aa.Count != ea.Count)
                {
                    return path + ": " + Show(expected) + " vs " + Show(actual);
                }

                for (int i = 0; i < ea.Count; i++)
                {
                    string d = Diff(ea[i], aa[i], path + "[" + i + "]");
                    if (d != null)
                    {
                        return d;
                    }
                }

                return null;
            }

            JsonValue ev = expected.AsValue();
            JsonValue av = actual as JsonValue;
            if (av == null)
            {
                return path + ": " + Show(expected) + " vs " + Show(actual);
            }

            if (ev.GetValueKind() == System.Text.Json.JsonValueKind.Number && av.GetValueKind() == System.Text.Json.JsonValueKind.Number)
            {
                return Num(ev) == Num(av) ? null : path + ": " + Show(expected) + " vs " + Show(actual);
            }

            if (ev.GetValueKind() == System.Text.Json.JsonValueKind.String && av.GetValueKind() == System.Text.Json.JsonValueKind.String)
            {
                return ev.GetValue<string>() == av.GetValue<string>() ? null : path + ": " + Show(expected) + " vs " + Show(actual);
            }

            return ev.ToJsonString() == av.ToJsonString() ? null : path + ": " + Show(expected) + " vs " + Show(actual);
        }

        private static double Num(JsonValue v)
        {
            return double.Parse(v.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture);
        }

        private static string Show(JsonNode n)
        {
            string s = n == null ? "null" : n.ToJsonString();
            return s.Length > 200 ? s.Substring(0, 200) + "..." : s;
        }
    }
}
