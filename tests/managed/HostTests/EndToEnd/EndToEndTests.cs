//
// Copyright (c) LiveKit for nanoFramework contributors. Licensed under the Apache License 2.0.
//

using System;
using System.Collections;
using System.Collections.Generic;
using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading;
using LiveKit.Rtc.Native;
using nanoFramework.TestFramework;

namespace LiveKit.IntegrationTests.EndToEnd
{
    /// <summary>
    /// The C# Room over the native transport (liblk_rtc.so: ICE, DTLS, SCTP, data channels)
    /// through the local LiveKit-compatible server, with the official LiveKit client
    /// (@livekit/rtc-node) as the other participant. Runs inside the test network namespace
    /// (tests/server/netns.sh), where the official client can pair with 127.0.0.1.
    /// </summary>
    [TestClass]
    public class EndToEndTests
    {
        private const int Wait = 20000;
        private const string RoomName = "e2e";
        private static LocalServer s_server;
        private static OfficialPeer s_agent;
        private static Room s_room;
        private static NativePeerConnectionFactory s_factory;
        private static readonly object s_lock = new object();
        private static readonly List<DataReceivedEventArgs> s_data = new List<DataReceivedEventArgs>();

        internal static RoomOptions Options(NativePeerConnectionFactory factory)
        {
            return new RoomOptions
            {
                PeerConnectionFactory = factory,
                LoopbackOnly = true,
                JoinTimeoutMs = 10000,
                PeerConnectionTimeoutMs = 15000,
                ConnectTimeoutMs = 30000,
            };
        }

        [Setup]
        public void Start()
        {
            s_server = LocalServer.Start();
            s_agent = OfficialPeer.Start();
            s_agent.Call("connect", new { url = s_server.Url, token = s_server.Token("agent", RoomName) }, 30000);
            s_factory = new NativePeerConnectionFactory();
            s_room = new Room(Options(s_factory));
            s_room.DataReceived += (sender, e) =>
            {
                lock (s_lock)
                {
                    s_data.Add(e);
                    Monitor.PulseAll(s_lock);
                }
            };
            s_room.Connect(s_server.Url, s_server.Token("device", RoomName));
            Assert.AreEqual(ConnectionState.Connected, s_room.ConnectionState);
            s_agent.WaitEvent("participantConnected", Wait, e => (string)e["identity"] == "device");
        }

        [Cleanup]
        public void Stop()
        {
            s_room?.Dispose();
            s_agent?.Dispose();
            s_factory?.Dispose();
            s_server?.Dispose();
        }

        private static DataReceivedEventArgs WaitData(Func<DataReceivedEventArgs, bool> match, int timeoutMs = Wait)
        {
            DateTime end = DateTime.UtcNow.AddMilliseconds(timeoutMs);
            lock (s_lock)
            {
                while (true)
                {
                    for (int i = 0; i < s_data.Count; i++)
                    {
                        if (match(s_data[i]))
                        {
                            DataReceivedEventArgs e = s_data[i];
                            s_data.RemoveAt(i);
                            return e;
                        }
                    }

                    int left = (int)(end - DateTime.UtcNow).TotalMilliseconds;
                    Assert.IsTrue(left > 0, "no matching data packet arrived");
                    Monitor.Wait(s_lock, left);
                }
            }
        }

        private static string B64(string s) => Convert.ToBase64String(Encoding.UTF8.GetBytes(s));

        [TestMethod]
        public void DeviceSeesTheOfficialClientWithItsClientProtocol()
        {
            RemoteParticipant agent = (RemoteParticipant)s_room.RemoteParticipants["agent"];
            Assert.IsNotNull(agent);
            Assert.IsTrue(agent.ClientProtocol >= 1, "the official client advertises RPC over data streams");
        }

        [TestMethod]
        public void DataBothWaysWithTopicsAndDestinations()
        {
            s_room.LocalParticipant.PublishData(Encoding.UTF8.GetBytes("hello agent"), true, "greetings", new[] { "agent" });
            JsonNode got = s_agent.WaitEvent("data", Wait, e => (string)e["topic"] == "greetings");
            Assert.AreEqual("hello agent", Encoding.UTF8.GetString(Convert.FromBase64String((string)got["base64"])));
            Assert.AreEqual("device", (string)got["from"]);

            for (int i = 0; i < 5; i++)
            {
                s_room.LocalParticipant.PublishData(Encoding.UTF8.GetBytes("lossy " + i), false, "fast", null);
            }

            s_agent.WaitEvent("data", Wait, e => (string)e["topic"] == "fast");

            s_agent.Call("publishData", new { base64 = B64("hello device"), reliable = true, topic = "replies", destinations = new[] { "device" } });
            DataReceivedEventArgs d = WaitData(e => e.Topic == "replies");
            Assert.AreEqual("hello device", Encoding.UTF8.GetString(d.Payload));
            Assert.AreEqual("agent", d.ParticipantIdentity);
            Assert.IsTrue(d.Reliable);

            s_agent.Call("publishData", new { base64 = B64("lossy from agent"), reliable = false, topic = "agent-fast" });
            d = WaitData(e => e.Topic == "agent-fast");
            Assert.IsFalse(d.Reliable);
        }

        [TestMethod]
        public void DeviceCallsTheOfficialClient()
        {
            s_agent.Call("registerRpc", new { method = "upper", behavior = "upper" });
            s_agent.Call("registerRpc", new { method = "fail", behavior = "fail" });
            s_agent.Call("registerRpc", new { method = "crash", behavior = "crash" });
            s_agent.Call("registerRpc", new { method = "slow", behavior = "slow" });
            s_agent.Call("registerRpc", new { method = "length", behavior = "length" });
            LocalParticipant me = s_room.LocalParticipant;
            Assert.AreEqual("HÉLLO", me.PerformRpc("agent", "upper", "héllo", 10000));

            RpcError e = Catch(() => me.PerformRpc("agent", "fail", "", 10000));
            Assert.AreEqual(4242, e.Code);
            Assert.AreEqual("custom failure", e.Message);
            Assert.AreEqual("extra data", e.Data);
            Assert.AreEqual(RpcErrorCode.ApplicationError, Catch(() => me.PerformRpc("agent", "crash", "", 10000)).Code);
            Assert.AreEqual(RpcErrorCode.UnsupportedMethod, Catch(() => me.PerformRpc("agent", "nope", "", 10000)).Code);
            Assert.AreEqual(RpcErrorCode.ResponseTimeout, Catch(() => me.PerformRpc("agent", "slow", "3000", 1000)).Code);
            Assert.AreEqual(RpcErrorCode.RecipientNotFound, Catch(() => me.PerformRpc("nobody", "upper", "", 1000)).Code);

            // At the v1 limit, and past it: the official client takes RPC over data streams (v2).
            Assert.AreEqual("15360", me.PerformRpc("agent", "length", new string('a', 15360), 10000));
            Assert.AreEqual("15361", me.PerformRpc("agent", "length", new string('a', 15361), 10000));
            Assert.AreEqual("30000", me.PerformRpc("agent", "length", new string('é', 15000), 10000));
        }

        [TestMethod]
        public void TheOfficialClientCallsTheDevice()
        {
            LocalParticipant me = s_room.LocalParticipant;
            me.RegisterRpcMethod("echo", d => d.CallerIdentity + ":" + d.Payload);
            me.RegisterRpcMethod("fail", d => throw new RpcError(1234, "device says no", "why"));
            me.RegisterRpcMethod("crash", d => throw new ArgumentException("device bug"));
            me.RegisterRpcMethod("slow", d => { Thread.Sleep(2500); return "late"; });
            me.RegisterRpcMethod("big", d => new string('z', int.Parse(d.Payload)));

            JsonNode r = s_agent.Call("performRpc", new { destination = "device", method = "echo", payload = "ping" });
            Assert.AreEqual("agent:ping", (string)r["payload"]);
            r = s_agent.Call("performRpc", new { destination = "device", method = "fail", payload = "" });
            Assert.AreEqual(1234, (int)r["rpcError"]["code"]);
            Assert.AreEqual("device says no", (string)r["rpcError"]["message"]);
            Assert.AreEqual("why", (string)r["rpcError"]["data"]);
            r = s_agent.Call("performRpc", new { destination = "device", method = "crash", payload = "" });
            Assert.AreEqual(RpcErrorCode.ApplicationError, (int)r["rpcError"]["code"]);
            r = s_agent.Call("performRpc", new { destination = "device", method = "missing", payload = "" });
            Assert.AreEqual(RpcErrorCode.UnsupportedMethod, (int)r["rpcError"]["code"]);
            r = s_agent.Call("performRpc", new { destination = "device", method = "slow", payload = "", timeoutMs = 1000 });
            Assert.AreEqual(RpcErrorCode.ResponseTimeout, (int)r["rpcError"]["code"]);

            // Payloads at and past the 15 KiB v1 limit both ways (streams, since both sides are v2).
            string atLimit = new string('q', 15360 - "agent:".Length);
            r = s_agent.Call("performRpc", new { destination = "device", method = "echo", payload = atLimit });
            Assert.AreEqual(15360, ((string)r["payload"]).Length);
            r = s_agent.Call("performRpc", new { destination = "device", method = "echo", payload = atLimit + "qq" });
            Assert.AreEqual(15362, ((string)r["payload"]).Length);
            r = s_agent.Call("performRpc", new { destination = "device", method = "big", payload = "40000" });
            Assert.AreEqual(40000, ((string)r["payload"]).Length);
            Thread.Sleep(1600); // let the slow handler finish before the next test uses the event thread
        }

        [TestMethod]
        public void TextAndByteStreamsOf100KBBothWays()
        {
            ManualResetEvent gotText = new ManualResetEvent(false);
            ManualResetEvent gotBytes = new ManualResetEvent(false);
            string text = null;
            string textFrom = null;
            byte[] bytes = null;
            string name = null;
            s_room.RegisterTextStreamHandler("notes", (info, t, from) => { text = t; textFrom = from; gotText.Set(); });
            s_room.RegisterByteStreamHandler("files", (info, b, from) => { bytes = b; name = info.Name; gotBytes.Set(); });
            s_agent.Call("registerText", new { topic = "device-notes" });
            s_agent.Call("registerBytes", new { topic = "device-files" });

            StringBuilder sb = new StringBuilder();
            for (int i = 0; sb.Length < 100 * 1024; i++)
            {
                sb.Append("line ").Append(i).Append(": héllo € 🎉 日本\n");
            }

            string big = sb.ToString();
            byte[] blob = new byte[100 * 1024];
            new Random(7).NextBytes(blob);

            // Official client -> device.
            s_agent.Call("sendText", new { text = big, topic = "notes" }, 60000);
            Assert.IsTrue(gotText.WaitOne(Wait), "text stream did not arrive");
            Assert.AreEqual(big, text);
            Assert.AreEqual("agent", textFrom);
            s_agent.Call("sendBytes", new { base64 = Convert.ToBase64String(blob), topic = "files", name = "blob.bin" }, 60000);
            Assert.IsTrue(gotBytes.WaitOne(Wait), "byte stream did not arrive");
            CollectionAssert.AreEqual(blob, bytes);
            Assert.AreEqual("blob.bin", name);

            // Device -> official client.
            s_room.LocalParticipant.SendText(big, new StreamOptions { Topic = "device-notes" });
            JsonNode t2 = s_agent.WaitEvent("text", Wait, e => (string)e["topic"] == "device-notes");
            Assert.AreEqual(big, (string)t2["text"]);
            Assert.AreEqual("device", (string)t2["from"]);
            s_room.LocalParticipant.SendBytes(blob, new StreamOptions { Topic = "device-files", Name = "from-device.bin" });
            JsonNode b2 = s_agent.WaitEvent("bytes", Wait, e => (string)e["topic"] == "device-files");
            CollectionAssert.AreEqual(blob, Convert.FromBase64String((string)b2["base64"]));
            Assert.AreEqual("from-device.bin", (string)b2["name"]);
        }

        [TestMethod]
        public void ChatBothWays()
        {
            ManualResetEvent got = new ManualResetEvent(false);
            string message = null;
            s_room.ChatMessageReceived += (s, e) => { message = e.Message; got.Set(); };
            s_agent.Call("chat", new { text = "hi device" });
            Assert.IsTrue(got.WaitOne(Wait), "chat did not arrive");
            Assert.AreEqual("hi device", message);
            s_room.LocalParticipant.SendChatMessage("hi agent", null);
            JsonNode c = s_agent.WaitEvent("chat", Wait);
            Assert.AreEqual("hi agent", (string)c["text"]);
        }

        [TestMethod]
        public void ResumeInTheMiddleOfReliablePacketsLosesNoneAndDuplicatesNone()
        {
            s_agent.TakeEvents("data");
            const int count = 200;
            for (int i = 0; i < count; i++)
            {
                if (i == count / 2)
                {
                    s_server.Control("leave", new { room = RoomName, identity = "device", action = "RESUME" });
                }

                s_room.LocalParticipant.PublishData(Encoding.UTF8.GetBytes("seq " + i), true, "seq", new[] { "agent" });
                Thread.Sleep(2);
            }

            HashSet<string> seen = new HashSet<string>();
            int duplicates = 0;
            DateTime end = DateTime.UtcNow.AddMilliseconds(30000);
            while (seen.Count < count && DateTime.UtcNow < end)
            {
                JsonNode e = s_agent.WaitEvent("data", 30000, x => (string)x["topic"] == "seq");
                string v = Encoding.UTF8.GetString(Convert.FromBase64String((string)e["base64"]));
                if (!seen.Add(v))
                {
                    duplicates++;
                }
            }

            Thread.Sleep(500);
            duplicates += s_agent.TakeEvents("data").FindAll(x => (string)x["topic"] == "seq").Count;
            Assert.AreEqual(count, seen.Count, "packets lost across the resume");
            Assert.AreEqual(0, duplicates, "packets duplicated across the resume");
            Assert.AreEqual(ConnectionState.Connected, s_room.ConnectionState);
        }

        private static RpcError Catch(Action a)
        {
            try
            {
                a();
            }
            catch (RpcError e)
            {
                return e;
            }

            Assert.Fail("no RpcError was thrown");
            return null;
        }
    }
}
