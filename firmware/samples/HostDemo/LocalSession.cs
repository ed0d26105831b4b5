//
// Copyright (c) LiveKit for nanoFramework contributors. Licensed under the Apache License 2.0.
//

using System;
using System.Collections;
using System.Collections.Generic;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading;
using LiveKit.Rtc.Native;

namespace LiveKit.Samples.HostDemo
{
    /// <summary>
    /// The offline demo: starts the local LiveKit-compatible server and the official LiveKit
    /// client ("agent"), joins the same room as "device" with the C# Room over the native
    /// transport, and walks through a session — connect phases, participants, data both ways, an
    /// RPC round trip each way, a text stream each way, leave and teardown — printing each step
    /// with its timing. Every wait is bounded; every child process is stopped before it returns.
    /// Must run inside the test network namespace (tools/demo.sh uses tests/server/netns.sh).
    /// </summary>
    public sealed class LocalSession
    {
        private const string RoomName = "demo";
        private const int Wait = 20000;
        private readonly Timeline _t;
        private readonly object _lock = new object();
        private readonly List<DataReceivedEventArgs> _data = new List<DataReceivedEventArgs>();
        private readonly List<string> _texts = new List<string>();
        private int _failed;
        private int _passed;

        /// <summary>A session printing on <paramref name="timeline"/>.</summary>
        public LocalSession(Timeline timeline)
        {
            _t = timeline;
        }

        /// <summary>Runs the session; 0 when every step worked.</summary>
        public int Run()
        {
            _t.Print("LiveKit host demo: local server, official LiveKit client \"agent\", this app \"device\" (C# Room + native transport)");
            LocalServer server = null;
            Agent agent = null;
            NativePeerConnectionFactory factory = null;
            Room room = null;
            try
            {
                server = LocalServer.Start(30000);
                _t.Print("server: local LiveKit-compatible server on " + server.Url);
                agent = Agent.Start(30000);
                agent.EventArrived += ev => OnAgentEvent(ev);
                JsonNode joined = agent.Call("connect", new { url = server.Url, token = server.Token("agent", RoomName) }, 30000);
                _t.Print(string.Format("agent: official client joined room \"{0}\" (rtc-node room.connect {1:F1} ms)", RoomName, (double)joined["connectMs"]));
                agent.Call("registerRpc", new { method = "upper", behavior = "upper" }, Wait);
                agent.Call("registerText", new { topic = "device-notes" }, Wait);

                factory = new NativePeerConnectionFactory();
                room = new Room(new RoomOptions
                {
                    Transport = new TimingSignalTransport(new HostSignalTransport(), _t),
                    PeerConnectionFactory = new TimingPeerConnectionFactory(factory, _t),
                    LoopbackOnly = true,
                    ConnectTimeoutMs = 30000,
                });
                Subscribe(room);

                _t.Print("device: Room.Connect " + server.Url + " as \"device\"");
                double start = _t.Now;
                room.Connect(server.Url, server.Token("device", RoomName));
                ConnectPhases.Print(_t, start, _t.Now);
                _passed++;

                Room r = room;
                Agent a = agent;
                Step("participants", () => Participants(r, a));
                Step("data device -> agent", () => DataToAgent(r, a));
                Step("data agent -> device", () => DataToDevice(a));
                Step("rpc device -> agent", () => RpcToAgent(r));
                Step("rpc agent -> device", () => RpcToDevice(a));
                Step("text stream device -> agent", () => TextToAgent(r, a));
                Step("text stream agent -> device", () => TextToDevice(a));
                Step("leave", () => Leave(r, a));
            }
            catch (Exception ex)
            {
                _failed++;
                _t.Print("FAILED: " + ex.GetType().Name + ": " + ex.Message);
            }
            finally
            {
                Teardown(room, factory, agent, server);
            }

            _t.Print(string.Format("demo finished: {0} steps passed, {1} failed", _passed, _failed));
            return _failed == 0 ? 0 : 1;
        }

        private void Subscribe(Room room)
        {
            room.ConnectionStateChanged += (s, e) => _t.Print("device: connection state " + e.State + (e.Error != ConnectionError.None ? " (" + e.Error + ")" : string.Empty));
            room.ParticipantConnected += (s, e) => _t.Print("device: participant connected: " + e.Participant.Identity);
            room.ParticipantDisconnected += (s, e) => _t.Print("device: participant disconnected: " + e.Participant.Identity);
            room.Disconnected += (s, e) => _t.Print("device: disconnected (reason " + e.Reason + ")");
            room.DataReceived += (s, e) =>
            {
                lock (_lock)
                {
                    _data.Add(e);
                    Monitor.PulseAll(_lock);
                }
            };
            room.RegisterTextStreamHandler("notes", (info, text, from) =>
            {
                lock (_lock)
                {
                    _texts.Add(from + ":" + text);
                    Monitor.PulseAll(_lock);
                }
            });
            room.LocalParticipant.RegisterRpcMethod("ping", d => "pong to " + d.CallerIdentity + ": " + d.Payload);
        }

        private void OnAgentEvent(JsonNode ev)
        {
            string kind = (string)ev["ev"];
            if (kind == "participantConnected" || kind == "participantDisconnected")
            {
                _t.Print("agent: " + kind + ": " + (string)ev["identity"]);
            }
        }

        private void Step(string name, Action step)
        {
            double start = _t.Now;
            try
            {
                step();
                _passed++;
            }
            catch (Exception ex)
            {
                _failed++;
                _t.Print("FAILED " + name + " after " + (_t.Now - start).ToString("F1") + " ms: " + ex.GetType().Name + ": " + ex.Message);
            }
        }

        private void Participants(Room room, Agent agent)
        {
            agent.WaitEvent("participantConnected", Wait, e => (string)e["identity"] == "device");
            StringBuilder sb = new StringBuilder();
            foreach (DictionaryEntry entry in room.RemoteParticipants)
            {
                RemoteParticipant p = (RemoteParticipant)entry.Value;
                sb.Append(sb.Length > 0 ? ", " : string.Empty).Append(p.Identity).Append(" (sid ").Append(p.Sid).Append(", client protocol ").Append(p.ClientProtocol).Append(')');
            }

            if (room.RemoteParticipants["agent"] == null)
            {
                throw new InvalidOperationException("the device does not see the agent");
            }

            _t.Print("participants: room " + room.Name + " (" + room.Sid + "), device is " + room.LocalParticipant.Sid + "; remote: " + sb + "; the agent sees the device");
        }

        private void DataToAgent(Room room, Agent agent)
        {
            double start = _t.Now;
            room.LocalParticipant.PublishData(Encoding.UTF8.GetBytes("hello agent, from the device"), true, "greetings", new[] { "agent" });
            JsonNode got = agent.WaitEvent("data", Wait, e => (string)e["topic"] == "greetings");
            string text = Encoding.UTF8.GetString(Convert.FromBase64String((string)got["base64"]));
            Expect(text == "hello agent, from the device" && (string)got["from"] == "device", "the agent got \"" + text + "\" from " + (string)got["from"]);
            _t.Print(string.Format("data device -> agent: reliable, topic \"greetings\": \"{0}\" delivered in {1:F1} ms", text, _t.Now - start));
        }

        private void DataToDevice(Agent agent)
        {
            double start = _t.Now;
            agent.Call("publishData", new { base64 = Convert.ToBase64String(Encoding.UTF8.GetBytes("hello device, from the agent")), reliable = true, topic = "replies", destinations = new[] { "device" } }, Wait);
            DataReceivedEventArgs d = WaitData(e => e.Topic == "replies");
            string text = Encoding.UTF8.GetString(d.Payload);
            Expect(text == "hello device, from the agent" && d.ParticipantIdentity == "agent", "the device got \"" + text + "\" from " + d.ParticipantIdentity);
            _t.Print(string.Format("data agent -> device: {0}, topic \"replies\": \"{1}\" delivered in {2:F1} ms", d.Reliable ? "reliable" : "lossy", text, _t.Now - start));
        }

        private void RpcToAgent(Room room)
        {
            double start = _t.Now;
            string answer = room.LocalParticipant.PerformRpc("agent", "upper", "hello from the device", 10000);
            Expect(answer == "HELLO FROM THE DEVICE", "the agent answered \"" + answer + "\"");
            _t.Print(string.Format("rpc device -> agent: upper(\"hello from the device\") = \"{0}\" round trip {1:F1} ms", answer, _t.Now - start));
        }

        private void RpcToDevice(Agent agent)
        {
            JsonNode r = agent.Call("performRpc", new { destination = "device", method = "ping", payload = "are you there?" }, Wait);
            string answer = (string)r["payload"];
            Expect(r["rpcError"] == null && answer == "pong to agent: are you there?", "the device answered " + r.ToJsonString());
            _t.Print(string.Format("rpc agent -> device: ping(\"are you there?\") = \"{0}\" round trip {1:F1} ms (measured by the agent)", answer, (double)r["ms"]));
        }

        private void TextToAgent(Room room, Agent agent)
        {
            double start = _t.Now;
            TextStreamWriter w = room.LocalParticipant.StreamText(new StreamOptions { Topic = "device-notes" });
            string[] parts = { "The device ", "streams ", "this text ", "in parts: ", "héllo, 日本, 🎉." };
            foreach (string p in parts)
            {
                w.Write(p);
            }

            w.Close();
            JsonNode got = agent.WaitEvent("text", Wait, e => (string)e["topic"] == "device-notes");
            string text = (string)got["text"];
            Expect(text == string.Concat(parts) && (string)got["from"] == "device", "the agent got \"" + text + "\"");
            _t.Print(string.Format("text stream device -> agent: {0} parts, \"{1}\" complete in {2:F1} ms", parts.Length, text, _t.Now - start));
        }

        private void TextToDevice(Agent agent)
        {
            double start = _t.Now;
            string[] parts = { "The agent ", "answers ", "with a stream ", "of its own." };
            agent.Call("streamText", new { topic = "notes", parts }, Wait);
            string got = null;
            DateTime end = DateTime.UtcNow.AddMilliseconds(Wait);
            lock (_lock)
            {
                while (_texts.Count == 0)
                {
                    int left = (int)(end - DateTime.UtcNow).TotalMilliseconds;
                    if (left <= 0)
                    {
                        throw new TimeoutException("no text stream reached the device within " + Wait + " ms");
                    }

                    Monitor.Wait(_lock, left);
                }

                got = _texts[0];
            }

            Expect(got == "agent:" + string.Concat(parts), "the device got \"" + got + "\"");
            _t.Print(string.Format("text stream agent -> device: {0} parts, \"{1}\" complete in {2:F1} ms", parts.Length, got.Substring(6), _t.Now - start));
        }

        private void Leave(Room room, Agent agent)
        {
            double start = _t.Now;
            room.Disconnect();
            double left = _t.Now - start;
            agent.WaitEvent("participantDisconnected", Wait, e => (string)e["identity"] == "device");
            Expect(room.ConnectionState == ConnectionState.Disconnected, "state " + room.ConnectionState);
            _t.Print(string.Format("leave: Room.Disconnect returned in {0:F1} ms; the agent saw the device leave after {1:F1} ms", left, _t.Now - start));
        }

        private void Teardown(Room room, NativePeerConnectionFactory factory, Agent agent, LocalServer server)
        {
            double start = _t.Now;
            if (room != null)
            {
                room.Dispose();
                if (room.TeardownTimedOut)
                {
                    _failed++;
                    _t.Print("FAILED teardown: the room's engine did not stop in time");
                }
            }

            factory?.Dispose();
            double roomMs = _t.Now - start;
            int agentRc = agent == null ? 0 : agent.Stop();
            agent?.Dispose();
            int serverRc = server == null ? 0 : server.Stop();
            server?.Dispose();
            if (agentRc != 0 || serverRc != 0)
            {
                _failed++;
                _t.Print(string.Format("FAILED teardown: official client exit code {0}, server exit code {1}", agentRc, serverRc));
            }

            _t.Print(string.Format("teardown: room disposed in {0:F1} ms; official client exited {1}, server exited {2}; total {3:F1} ms", roomMs, agentRc, serverRc, _t.Now - start));
        }

        private DataReceivedEventArgs WaitData(Func<DataReceivedEventArgs, bool> match)
        {
            DateTime end = DateTime.UtcNow.AddMilliseconds(Wait);
            lock (_lock)
            {
                while (true)
                {
                    for (int i = 0; i < _data.Count; i++)
                    {
                        if (match(_data[i]))
                        {
                            DataReceivedEventArgs e = _data[i];
                            _data.RemoveAt(i);
                            return e;
                        }
                    }

                    int left = (int)(end - DateTime.UtcNow).TotalMilliseconds;
                    if (left <= 0)
                    {
                        throw new TimeoutException("no matching data packet reached the device within " + Wait + " ms");
                    }

                    Monitor.Wait(_lock, left);
                }
            }
        }

        private static void Expect(bool condition, string what)
        {
            if (!condition)
            {
                throw new InvalidOperationException("unexpected: " + what);
            }
        }
    }
}
