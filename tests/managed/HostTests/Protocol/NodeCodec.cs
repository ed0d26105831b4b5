//
// Copyright (c) LiveKit for nanoFramework contributors. Licensed under the Apache License 2.0.
//

using System;
using System.Diagnostics;
using System.IO;
using System.Text.Json.Nodes;

namespace ProtocolCodecTests
{
    /// <summary>
    /// The official codec in a long-lived Node process (tests/interop/protocol/crosscheck.js),
    /// spoken to in JSON lines. One process serves every cross-check test of the run.
    /// </summary>
    internal sealed class NodeCodec : IDisposable
    {
        private static NodeCodec s_shared;
        private static readonly object s_lock = new object();

        private readonly Process _process;

        private NodeCodec(string script)
        {
            ProcessStartInfo psi = new ProcessStartInfo("node", "\"" + script + "\"")
            {
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = false,
                UseShellExecute = false,
                WorkingDirectory = Path.GetDirectoryName(script),
            };
            _process = Process.Start(psi);
            _process.StandardInput.AutoFlush = true;
        }

        /// <summary>The process shared by all tests (started on first use, killed at exit).</summary>
        public static NodeCodec Shared
        {
            get
            {
                lock (s_lock)
                {
                    if (s_shared == null)
                    {
                        s_shared = new NodeCodec(Path.Combine(RepoRoot(), "tests", "interop", "protocol", "crosscheck.js"));
                        AppDomain.CurrentDomain.ProcessExit += (sender, e) => s_shared.Dispose();
                    }

                    return s_shared;
                }
            }
        }

        /// <summary>The repository root, found upwards from the test binary.</summary>
        public static string RepoRoot()
        {
            string dir = AppContext.BaseDirectory;
            while (dir != null)
            {
                if (File.Exists(Path.Combine(dir, "tests", "interop", "protocol", "crosscheck.js")))
                {
                    return dir;
                }

                dir = Path.GetDirectoryName(dir.TrimEnd(Path.DirectorySeparatorChar));
            }

            throw new InvalidOperationException("repository root not found from " + AppContext.BaseDirectory);
        }

        /// <summary>Sends one request and waits for its answer.</summary>
        public JsonObject Call(JsonObject request)
        {
            lock (s_lock)
            {
                _process.StandardInput.WriteLine(request.ToJsonString());
                string line = _process.StandardOutput.ReadLine();
                if (line == null)
                {
                    throw new InvalidOperationException("crosscheck.js exited");
                }

                JsonObject answer = JsonNode.Parse(line).AsObject();
                if (answer.ContainsKey("fatal"))
                {
                    throw new InvalidOperationException("crosscheck.js: " + answer["fatal"]);
                }

                return answer;
            }
        }

        public void Dispose()
        {
            try
            {
                if (!_process.HasExited)
                {
                    _process.StandardInput.Close();
                    if (!_process.WaitForExit(2000))
                    {
                        _process.Kill();
                    }
                }
            }
            catch (InvalidOperationException)
            {
            }
        }
    }
}
