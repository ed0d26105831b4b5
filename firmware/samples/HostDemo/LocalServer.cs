//
// Copyright (c) LiveKit for nanoFramework contributors. Licensed under the Apache License 2.0.
//

using System;
using System.Text.Json.Nodes;

namespace LiveKit.Samples.HostDemo
{
    /// <summary>
    /// The project's local LiveKit-compatible server (tests/server/cli.js, docs/local-server.md)
    /// on a free port of 127.0.0.1: its first stdout line is a JSON object with the URL, API key
    /// and secret. Disposing closes its stdin, which stops it.
    /// </summary>
    public sealed class LocalServer : IDisposable
    {
        private readonly NodeProcess _process;

        private LocalServer(NodeProcess process, JsonNode info)
        {
            _process = process;
            Url = (string)info["url"];
            ApiKey = (string)info["apiKey"];
            ApiSecret = (string)info["apiSecret"];
        }

        /// <summary>ws://127.0.0.1:port</summary>
        public string Url { get; }

        /// <summary>The API key its tokens are signed for.</summary>
        public string ApiKey { get; }

        /// <summary>The API secret.</summary>
        public string ApiSecret { get; }

        /// <summary>Starts the server and waits up to <paramref name="timeoutMs"/> for its first line.</summary>
        public static LocalServer Start(int timeoutMs)
        {
            NodeProcess p = NodeProcess.Start("server", "tests/server/cli.js", "--port", "0", "--host", "127.0.0.1");
            string first = p.ReadLine(timeoutMs);
            JsonNode info = null;
            try
            {
                info = first == null ? null : JsonNode.Parse(first);
            }
            catch (Exception)
            {
            }

            if (info == null || info["url"] == null)
            {
                p.Stop(5000);
                p.Dispose();
                throw new InvalidOperationException("the local server did not start: " + first + " " + p.StderrTail);
            }

            return new LocalServer(p, info);
        }

        /// <summary>A token for <paramref name="identity"/> in <paramref name="room"/>, signed with this server's key.</summary>
        public string Token(string identity, string room)
        {
            return AccessToken.Create(ApiKey, ApiSecret, identity, room, identity, 3600);
        }

        /// <summary>Stops it and returns its exit code (-1: killed).</summary>
        public int Stop()
        {
            return _process.Stop(10000);
        }

        /// <summary>Stops it if still running.</summary>
        public void Dispose()
        {
            _process.Dispose();
        }
    }
}
