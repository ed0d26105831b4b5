//
// Copyright (c) LiveKit for nanoFramework contributors. Licensed under the Apache License 2.0.
//

using System;
using System.Collections;
using System.Collections.Generic;
using System.Reflection;
using System.Text;
using System.Text.Json.Nodes;
using LiveKit.Protocol;
using nanoFramework.TestFramework;

namespace ProtocolCodecTests
{
    /// <summary>
    /// The managed codec against the official one (@livekit/protocol 1.52.1 in Node): the
    /// schema, managed-to-official and official-to-managed, 200 seeded random messages of every
    /// supported type each way.
    /// </summary>
    [TestClass]
    public class ProtocolCrossCheckTests
    {
        private const int PerType = 200;
        private const int Seed = 20261125;

        [TestMethod]
        public void SchemaMatchesManagedClasses()
        {
            Schema schema = Schema.Shared;
            Assert.AreEqual("1.52.1", schema.Version);
            List<string> problems = new List<string>();
            foreach (SchemaMessage sm in schema.Messages.Values)
            {
                Type t = Reflect.ClrType(sm.CsName);
                foreach (SchemaField f in sm.Fields)
                {
                    PropertyInfo p = t.GetProperty(f.CsName);
                    if (p == null)
                    {
                        problems.Add(sm.Name + "." + f.Name + ": no property " + f.CsName);
                        continue;
                    }

                    Type expected = ExpectedType(schema, f);
                    if (p.PropertyType != expected)
                    {
                        problems.Add(sm.Name + "." + f.Name + ": " + p.PropertyType + " instead of " + expected);
                    }

                    if ((f.Optional || f.Kind == "map") && t.GetProperty("Has" + f.CsName) == null)
                    {
                        problems.Add(sm.Name + "." + f.Name + ": no Has" + f.CsName);
                    }

                    if (f.Oneof != null)
                    {
                        PropertyInfo c = t.GetProperty(Schema.Pascal(f.Oneof) + "Case");
                        if (c == null || !Enum.IsDefined(c.PropertyType, f.No) || Enum.GetName(c.PropertyType, f.No) != f.CsName)
                        {
                            problems.Add(sm.Name + "." + f.Name + ": oneof case " + f.CsName + " = " + f.No + " missing");
                        }
                    }
                }
            }

            foreach (SchemaEnum se in schema.Enums.Values)
            {
                Type t = Reflect.ClrType(se.CsName);
                foreach (KeyValuePair<string, int> v in se.Values)
                {
                    if (!Enum.IsDefined(t, v.Value))
                    {
                        problems.Add(se.Name + "." + v.Key + " = " + v.Value + " missing");
                    }
                }
            }

            Assert.IsTrue(problems.Count == 0, string.Join("\n", problems));
        }

        private static Type ExpectedType(Schema schema, SchemaField f)
        {
            if (f.Kind == "map")
            {
                return typeof(Hashtable);
            }

            Type element;
            if (f.Kind == "message" || f.Kind == "enum")
            {
                string cs = f.Kind == "message" ? schema.Messages[f.RefName].CsName : schema.Enums[f.RefName].CsName;
                element = Reflect.ClrType(cs);
            }
            else
            {
                switch (f.Type)
                {
                    case "string": element = typeof(string); break;
                    case "bytes": element = typeof(byte[]); break;
                    case "bool": element = typeof(bool); break;
                    case "double": element = typeof(double); break;
                    case "float": element = typeof(float); break;
                    case "int32": case "sint32": case "sfixed32": element = typeof(int); break;
                    case "uint32": case "fixed32": element = typeof(uint); break;
                    case "int64": case "sint64": case "sfixed64": element = typeof(long); break;
                    default: element = typeof(ulong); break;
                }
            }

            return f.Repeated ? element.MakeArrayType() : element;
        }

        [TestMethod]
        public void ManagedEncodingDecodesInTheOfficialCodec()
        {
            Schema schema = Schema.Shared;
            List<string> failures = new List<string>();
            int checkedCount = 0;
            int typeIndex = 0;
            foreach (SchemaMessage sm in schema.Messages.Values)
            {
                int seed = Seed + typeIndex++;
                Reflect reflect = new Reflect(schema, seed);
                List<ProtoMessage> messages = new List<ProtoMessage>();
                JsonArray items = new JsonArray();
                for (int i = 0; i < PerType; i++)
                {
                    ProtoMessage m = reflect.Fill(sm.Name, i, 0, 3);
                    messages.Add(m);
                    items.Add(Convert.ToBase64String(m.ToByteArray()));
                }

                JsonArray answers = NodeCodec.Shared.Call(new JsonObject { ["op"] = "decode", ["type"] = sm.Name, ["items"] = items })["items"].AsArray();
                for (int i = 0; i < PerType; i++)
                {
                    JsonObject a = answers[i].AsObject();
                    string problem;
                    if (a.ContainsKey("error"))
                    {
                        problem = "official codec rejected it: " + a["error"];
                    }
                    else
                    {
                        JsonObject ours = Reflect.ToJson(schema, messages[i], sm.Name);
                        problem = Reflect.Diff(ours, a["json"], sm.CsName);
                    }

                    if (problem != null && failures.Count < 20)
                    {
                        failures.Add("seed " + seed + " #" + i + ": " + problem);
                    }

                    checkedCount++;
                }
            }

            OutputHelper.WriteLine("managed -> official: " + checkedCount + " messages of " + schema.Messages.Count + " types");
            Assert.IsTrue(failures.Count == 0, string.Join("\n", failures));
        }

        [TestMethod]
        public void OfficialEncodingRoundTripsThroughTheManagedCodec()
        {
            Schema schema = Schema.Shared;
            List<string> failures = new List<string>();
            int checkedCount = 0;
            int typeIndex = 0;
            foreach (SchemaMessage sm in schema.Messages.Values)
            {
                int seed = Seed + 1000 + typeIndex++;
                Type t = Reflect.ClrType(sm.CsName);
                MethodInfo decode = t.GetMethod("Decode", new[] { typeof(byte[]) });
                JsonArray generated = NodeCodec.Shared.Call(new JsonObject { ["op"] = "gen", ["type"] = sm.Name, ["seed"] = seed, ["count"] = PerType })["items"].AsArray();
                JsonArray pairs = new JsonArray();
                for (int i = 0; i < generated.Count; i++)
                {
                    string original = (string)generated[i];
                    string again;
                    try
                    {
                        ProtoMessage m = (ProtoMessage)decode.Invoke(null, new object[] { Convert.FromBase64String(original) });
                        again = Convert.ToBase64String(m.ToByteArray());
                    }
                    catch (TargetInvocationException e)
                    {
                        failures.Add("seed " + seed + " #" + i + " " + sm.CsName + ": managed decode threw " + e.InnerException);
                        again = string.Empty;
                    }

                    pairs.Add(new JsonArray(original, again));
                }

                JsonArray answers = NodeCodec.Shared.Call(new JsonObject { ["op"] = "equals", ["type"] = sm.Name, ["pairs"] = pairs })["items"].AsArray();
                for (int i = 0; i < answers.Count; i++)
                {
                    if (answers[i].GetValueKind() != System.Text.Json.JsonValueKind.True && failures.Count < 20)
                    {
                        failures.Add("seed " + seed + " #" + i + " " + sm.CsName + ": " + answers[i]);
                    }

                    checkedCount++;
                }
            }

            OutputHelper.WriteLine("official -> managed -> official: " + checkedCount + " messages of " + schema.Messages.Count + " types");
            Assert.IsTrue(failures.Count == 0, string.Join("\n", failures));
        }
    }
}
