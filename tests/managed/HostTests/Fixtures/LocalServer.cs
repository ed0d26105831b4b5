//
// Copyright (c) LiveKit for nanoFramework contributors. Licensed under the Apache License 2.0.
//

using System;
using System.Diagnostics;
using System.IO;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;

namespace LiveKit.IntegrationTests
{
    /// <summary>
    /// The local LiveKit-compatible server (tests/server/cli.js) as a test fixture: started on a
    /// free port of 127.0.0.1, its test knobs reachable over HTTP, stopped (stdin closed, then
    /// killed if it lingers) by <see cref="Dispose"/>.
    /// </summary>
    public sealed class LocalServer : IDisposable
    {
        private static readonly HttpClient s_http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        private readonly Process _process;
        private readonly Thread _drain;
        private readonly StringBuilder _log = new StringBuilder();

        private LocalServer(Process process, JsonNode info)
        {
            _process = process;
            Url = (string)info["url"];
            ApiKey = (string)info["apiKey"];
            ApiSecret = (string)info["apiSecret"];
            ControlUrl = (string)info["controlUrl"];
            Port = (int)info["port"];
            _drain = new Thread(Drain) { IsBackground = true, Name = "test.server-drain" };
            _drain.Start();
        }

        /// <summary>ws://127.0.0.1:port</summary>
        public string Url { get; }

        /// <summary>The API key tokens are signed for.</summary>
        public string ApiKey { get; }

        /// <summary>The API secret.</summary>
        public string ApiSecret { get; }

        /// <summary>http://127.0.0.1:port/_test</summary>
        public string ControlUrl { get; }

        /// <summary>The port.</summary>
        public int Port { get; }

        /// <summary>The repository root: LK_REPO_ROOT, or found above the test assembly's location.</summary>
        public static string RepositoryRoot
        {
            get
            {
                string dir = Environment.GetEnvironmentVariable("LK_REPO_ROOT");
                if (!string.IsNullOrEmpty(dir))
                {
                    return dir;
                }

                dir = AppContext.BaseDirectory;
                while (dir != null && !File.Exists(Path.Combine(dir, "tests", "server", "cli.js")))
                {
                    dir = Path.GetDirectoryName(dir.TrimEnd(Path.DirectorySeparatorChar));
                }

                if (dir == null)
                {
                    throw new InvalidOperationException("tests/server/cli.js not found above " + AppContext.BaseDirectory);
                }

                return dir;
            }
        }

        /// <summary>Starts a server and waits (up to 30 s) for its first line.</summary>
        public static LocalServer Start(params string[] extraArgs)
        {
            string root = RepositoryRoot;
            ProcessStartInfo psi = new ProcessStartInfo("node")
            {
                WorkingDirectory = root,
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            psi.ArgumentList.Add(Path.Combine(root, "tests", "server", "cli.js"));
            psi.ArgumentList.Add("--port");
            psi.ArgumentList.Add("0");
            foreach (string a in extraArgs)
            {
                psi.ArgumentList.Add(a);
            }

            Process p = Process.Start(psi);
            string first = null;
            Thread reader = new Thread(() =>
            {
                try
                {
                    first = p.StandardOutput.ReadLine();
                }
                catch (Exception)
                {
                }
            }) { IsBackground = true };
            reader.Start();
            if (!reader.Join(30000) || first == null)
            {
                string err = string.Empty;
                try
                {
                    p.Kill(true);
                    err = p.StandardError.ReadToEnd();
                }
                catch (Exception)
                {
                }

                throw new InvalidOperationException("the local server did not start: " + err);
            }

            return new LocalServer(p, JsonNode.Parse(first));
        }

        /// <summary>A token signed with this server's key.</summary>
        public string Token(string identity, string room, string name = null)
        {
            return TokenHelper.Create(ApiKey, ApiSecret, identity, room, name);
        }

        /// <summary>Calls a test knob (POST /_test/name with a JSON body) and returns its JSON answer.</summary>
        public JsonNode Control(string name, object body = null)
        {
            string json = body == null ? "{}" : JsonSerializer.Serialize(body);
            using (HttpResponseMessage r = s_http.PostAsync(ControlUrl + "/" + name, new StringContent(json, Encoding.UTF8, "application/json")).GetAwaiter().GetResult())
            {
                string text = r.Content.ReadAsStringAsync().GetAwaiter().GetResult();
                if (!r.IsSuccessStatusCode)
                {
                    throw new InvalidOperationException("control " + name + " failed: " + (int)r.StatusCode + " " + text);
                }

                return JsonNode.Parse(text);
            }
        }

        /// <summary>The server's state (rooms, participants, counters).</summary>
        public JsonNode State()
        {
            return Control("state")["state"];
        }

        /// <summary>The participant's entry in the server state, or null.</summary>
        public JsonNode Participant(string room, string identity)
        {
            JsonArray rooms = (JsonArray)State()["rooms"];
            foreach (JsonNode r in rooms)
            {
                if ((string)r["name"] != room)
                {
                    continue;
                }

                foreach (JsonNode p in (JsonArray)r["participants"])
                {
                    if ((string)p["identity"] == identity)
                    {
                        return p;
                    }
                }
            }

            return null;
        }

        /// <summary>The server's stdout/stderr so far (diagnostics).</summary>
        public string Log
        {
            get
            {
                lock (_log)
                {
                    return _log.ToString();
                }
            }
        }

        /// <summary>Stops the server: closes stdin, waits up to 5 s, then kills it.</summary>
        public void Dispose()
        {
            try
            {
                _process.StandardInput.Close();
            }
            catch (Exception)
            {
            }

            if (!_process.WaitForExit(5000))
            {
                try
                {
                    _process.Kill(true);
                }
                catch (Exception)
                {
                }

                _process.WaitForExit(5000);
            }

            _process.Dispose();
        }

        private void Drain()
        {
            Thread err = new Thread(() =>
            {
                try
                {
                    string line;
                    while ((line = _process.StandardError.ReadLine()) != null)
                    {
                        lock (_log)
                        {
                            if (_log.Length < 200000)
                            {
                                _log.AppendLine(line);
                            }
                        }
                    }
                }
                catch (Exception)
                {
                }
            }) { IsBackground = true, Name = "test.server-stderr" };
            err.Start();
            try
            {
                string line;
                while ((line = _process.StandardOutput.ReadLine()) != null)
                {
                    lock (_log)
                    {
                        if (_log.Length < 200000)
                        {
                            _log.AppendLine(line);
                        }
                    }
                }
            }
            catch (Exception)
            {
            }
        }
    }
}
