//
// Copyright (c) LiveKit for nanoFramework contributors. Licensed under the Apache License 2.0.
//

using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;

namespace LiveKit.IntegrationTests
{
    /// <summary>
    /// A participant run by the official LiveKit client (@livekit/rtc-node, the Rust SDK) in a
    /// Node child process (tests/interop/official_peer.js), driven by JSON lines. Commands wait
    /// for their answer; unasked events are queued for <see cref="WaitEvent"/>. Disposing closes
    /// its stdin, which makes it leave the room and exit.
    /// </summary>
    public sealed class OfficialPeer : IDisposable
    {
        private readonly Process _process;
        private readonly Thread _reader;
        private readonly object _lock = new object();
        private readonly Dictionary<int, JsonNode> _answers = new Dictionary<int, JsonNode>();
        private readonly List<JsonNode> _events = new List<JsonNode>();
        private int _nextId;

        private OfficialPeer(Process process)
        {
            _process = process;
            _reader = new Thread(Read) { IsBackground = true, Name = "official-peer reader" };
            _reader.Start();
        }

        /// <summary>Starts the Node process and waits for it to be ready.</summary>
        public static OfficialPeer Start()
        {
            string root = LocalServer.RepositoryRoot;
            ProcessStartInfo psi = new ProcessStartInfo("node")
            {
                WorkingDirectory = root,
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = false,
                UseShellExecute = false,
            };
            psi.ArgumentList.Add(Path.Combine(root, "tests", "interop", "official_peer.js"));
            psi.Environment["NODE_ENV"] = "production";
            OfficialPeer peer = new OfficialPeer(Process.Start(psi));
            peer.WaitEvent("ready", 30000);
            return peer;
        }

        private void Read()
        {
            try
            {
                string line;
                while ((line = _process.StandardOutput.ReadLine()) != null)
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
            catch (Exception)
            {
            }
        }

        /// <summary>Sends a command and waits for its answer; throws on an "error" answer.</summary>
        public JsonNode Call(string cmd, object args = null, int timeoutMs = 30000)
        {
            JsonObject msg = args == null ? new JsonObject() : JsonSerializer.SerializeToNode(args).AsObject();
            int id;
            lock (_lock)
            {
                id = ++_nextId;
            }

            msg["id"] = id;
            msg["cmd"] = cmd;
            lock (_process)
            {
                _process.StandardInput.WriteLine(msg.ToJsonString());
                _process.StandardInput.Flush();
            }

            DateTime end = DateTime.UtcNow.AddMilliseconds(timeoutMs);
            lock (_lock)
            {
                while (!_answers.ContainsKey(id))
                {
                    int left = (int)(end - DateTime.UtcNow).TotalMilliseconds;
                    if (left <= 0)
                    {
                        throw new TimeoutException("official peer: no answer to " + cmd + " within " + timeoutMs + " ms");
                    }

                    Monitor.Wait(_lock, left);
                }

                JsonNode answer = _answers[id];
                _answers.Remove(id);
                if (answer["error"] != null)
                {
                    throw new InvalidOperationException("official peer: " + cmd + " failed: " + (string)answer["error"]);
                }

                return answer;
            }
        }

        /// <summary>Waits for (and removes) the first event of that kind matching the predicate.</summary>
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
                        throw new TimeoutException("official peer: no '" + kind + "' event within " + timeoutMs + " ms");
                    }

                    Monitor.Wait(_lock, left);
                }
            }
        }

        /// <summary>Removes and returns every queued event of that kind.</summary>
        public List<JsonNode> TakeEvents(string kind)
        {
            List<JsonNode> taken = new List<JsonNode>();
            lock (_lock)
            {
                for (int i = _events.Count - 1; i >= 0; i--)
                {
                    if ((string)_events[i]["ev"] == kind)
                    {
                        taken.Insert(0, _events[i]);
                        _events.RemoveAt(i);
                    }
                }
            }

            return taken;
        }

        public void Dispose()
        {
            try
            {
                _process.StandardInput.Close();
                if (!_process.WaitForExit(10000))
                {
                    _process.Kill(true);
                }
            }
            catch (Exception)
            {
            }
        }
    }
}
