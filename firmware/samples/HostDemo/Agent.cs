//
// Copyright (c) LiveKit for nanoFramework contributors. Licensed under the Apache License 2.0.
//

using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;

namespace LiveKit.Samples.HostDemo
{
    /// <summary>Receives an event of the agent as it arrives (on the agent's reader thread).</summary>
    public delegate void AgentEventHandler(JsonNode ev);

    /// <summary>
    /// The other participant of the demo: LiveKit's official client (@livekit/rtc-node, the Rust
    /// SDK) in a Node process running tests/interop/official_peer.js, driven by JSON lines.
    /// Commands wait for their answer; events are shown through <see cref="EventArrived"/> and
    /// kept for <see cref="WaitEvent"/>. Disposing closes its stdin: it leaves the room and exits.
    /// </summary>
    public sealed class Agent : IDisposable
    {
        private readonly NodeProcess _process;
        private readonly Thread _reader;
        private readonly object _lock = new object();
        private readonly Dictionary<int, JsonNode> _answers = new Dictionary<int, JsonNode>();
        private readonly List<JsonNode> _events = new List<JsonNode>();
        private int _nextId;

        private Agent(NodeProcess process)
        {
            _process = process;
            _reader = new Thread(Read) { IsBackground = true, Name = "agent.reader" };
            _reader.Start();
        }

        /// <summary>Raised for every event on the reader thread, before it is queued.</summary>
        public event AgentEventHandler EventArrived;

        /// <summary>Starts the process and waits (up to <paramref name="timeoutMs"/>) until it is ready.</summary>
        public static Agent Start(int timeoutMs)
        {
            Agent a = new Agent(NodeProcess.Start("agent", "tests/interop/official_peer.js"));
            try
            {
                a.WaitEvent("ready", timeoutMs);
            }
            catch (Exception)
            {
                string err = a._process.StderrTail;
                a.Dispose();
                throw new InvalidOperationException("the official client did not start: " + err);
            }

            return a;
        }

        /// <summary>Sends a command and waits for its answer; throws on an error answer (an RPC error comes back as the answer's "rpcError").</summary>
        public JsonNode Call(string cmd, object args, int timeoutMs)
        {
            JsonObject msg = args == null ? new JsonObject() : JsonSerializer.SerializeToNode(args).AsObject();
            int id = Interlocked.Increment(ref _nextId);
            msg["id"] = id;
            msg["cmd"] = cmd;
            _process.WriteLine(msg.ToJsonString());
            DateTime end = DateTime.UtcNow.AddMilliseconds(timeoutMs);
            lock (_lock)
            {
                while (!_answers.ContainsKey(id))
                {
                    int left = (int)(end - DateTime.UtcNow).TotalMilliseconds;
                    if (left <= 0)
                    {
                        throw new TimeoutException("official client: no answer to " + cmd + " within " + timeoutMs + " ms");
                    }

                    Monitor.Wait(_lock, left);
                }

                JsonNode answer = _answers[id];
                _answers.Remove(id);
                if (answer["error"] != null)
                {
                    throw new InvalidOperationException("official client: " + cmd + " failed: " + (string)answer["error"]);
                }

                return answer;
            }
        }

        /// <summary>Waits for (and removes) the first queued event of that kind that matches.</summary>
        public JsonNode WaitEvent(string kind, int timeoutMs, Func<JsonNode, bool> match = null)
        {
            DateTime end = DateTime.UtcNow.AddMilliseconds(timeoutMs);
            lock (_lock)
            {
                while (true)
                {
                    for (int i = 0; i < _events.Count; i++)
                    {
                        if ((string)_events[i]["ev"] == kind && (match == null || match(_events[i])))
                        {
                            JsonNode e = _events[i];
                            _events.RemoveAt(i);
                            return e;
                        }
                    }

                    int left = (int)(end - DateTime.UtcNow).TotalMilliseconds;
                    if (left <= 0)
                    {
                        throw new TimeoutException("official client: no '" + kind + "' event within " + timeoutMs + " ms");
                    }

                    Monitor.Wait(_lock, left);
                }
            }
        }

        /// <summary>Forgets every queued event.</summary>
        public void ClearEvents()
        {
            lock (_lock)
            {
                _events.Clear();
            }
        }

        /// <summary>Closes its stdin (it leaves the room), waits for it to exit; returns the exit code (-1: killed).</summary>
        public int Stop()
        {
            int rc = _process.Stop(15000);
            _reader.Join(5000);
            return rc;
        }

        /// <summary>Stops it if still running.</summary>
        public void Dispose()
        {
            _process.Dispose();
        }

        private void Read()
        {
            string line;
            while ((line = _process.ReadLine(int.MaxValue)) != null)
            {
                JsonNode node;
                try
                {
                    node = JsonNode.Parse(line);
                }
                catch (JsonException)
                {
                    continue; // a log line of the SDK
                }

                if (node is not JsonObject)
                {
                    continue;
                }

                if (node["ev"] != null && node["id"] == null)
                {
                    try
                    {
                        EventArrived?.Invoke(node);
                    }
                    catch (Exception)
                    {
                    }
                }

                lock (_lock)
                {
                    if (node["id"] != null)
                    {
                        _answers[(int)node["id"]] = node;
                    }
                    else if (node["ev"] != null)
                    {
                        _events.Add(node);
                    }

                    Monitor.PulseAll(_lock);
                }
            }
        }
    }
}
