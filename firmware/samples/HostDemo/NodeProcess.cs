//
// Copyright (c) LiveKit for nanoFramework contributors. Licensed under the Apache License 2.0.
//

using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Threading;

namespace LiveKit.Samples.HostDemo
{
    /// <summary>
    /// A Node.js child process that lives as long as its stdin: both the local server
    /// (tests/server/cli.js) and the scripted official client (tests/interop/official_peer.js)
    /// exit when their stdin closes, so they also go when this process dies. Its stdout lines are
    /// queued; stderr is drained (kept for diagnostics) so that the child never stalls on a full pipe.
    /// </summary>
    public sealed class NodeProcess : IDisposable
    {
        private readonly Process _process;
        private readonly object _lock = new object();
        private readonly Queue<string> _lines = new Queue<string>();
        private readonly List<string> _stderr = new List<string>();
        private readonly Thread _out;
        private readonly Thread _err;
        private bool _ended;

        private NodeProcess(Process process, string name)
        {
            _process = process;
            Name = name;
            _out = new Thread(ReadOut) { IsBackground = true, Name = name + ".stdout" };
            _err = new Thread(ReadErr) { IsBackground = true, Name = name + ".stderr" };
            _out.Start();
            _err.Start();
        }

        /// <summary>A short name for messages.</summary>
        public string Name { get; }

        /// <summary>The process id.</summary>
        public int Id => _process.Id;

        /// <summary>The repository root: LK_REPO_ROOT, or the first folder above this program holding tests/server/cli.js.</summary>
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
                    throw new InvalidOperationException("tests/server/cli.js not found above " + AppContext.BaseDirectory + " (set LK_REPO_ROOT)");
                }

                return dir;
            }
        }

        /// <summary>Starts <c>node script args...</c> in the repository root.</summary>
        public static NodeProcess Start(string name, string script, params string[] args)
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
            psi.ArgumentList.Add(Path.Combine(root, script));
            foreach (string a in args)
            {
                psi.ArgumentList.Add(a);
            }

            psi.Environment["NODE_ENV"] = "production";
            return new NodeProcess(Process.Start(psi), name);
        }

        /// <summary>Writes one line to its stdin.</summary>
        public void WriteLine(string line)
        {
            lock (_process)
            {
                _process.StandardInput.WriteLine(line);
                _process.StandardInput.Flush();
            }
        }

        /// <summary>The next stdout line, or null when none came within <paramref name="timeoutMs"/> or the process ended.</summary>
        public string ReadLine(int timeoutMs)
        {
            DateTime end = DateTime.UtcNow.AddMilliseconds(timeoutMs);
            lock (_lock)
            {
                while (_lines.Count == 0)
                {
                    int left = (int)(end - DateTime.UtcNow).TotalMilliseconds;
                    if (_ended || left <= 0)
                    {
                        return null;
                    }

                    Monitor.Wait(_lock, left);
                }

                return _lines.Dequeue();
            }
        }

        /// <summary>The last lines of its stderr (diagnostics).</summary>
        public string StderrTail
        {
            get
            {
                lock (_lock)
                {
                    int from = Math.Max(0, _stderr.Count - 20);
                    return string.Join(Environment.NewLine, _stderr.GetRange(from, _stderr.Count - from));
                }
            }
        }

        /// <summary>Closes its stdin and waits for it to exit (up to <paramref name="timeoutMs"/>), then kills it. Returns its exit code, or -1 when it had to be killed.</summary>
        public int Stop(int timeoutMs)
        {
            try
            {
                _process.StandardInput.Close();
            }
            catch (Exception)
            {
            }

            if (_process.WaitForExit(timeoutMs))
            {
                _out.Join(2000);
                _err.Join(2000);
                return _process.ExitCode;
            }

            try
            {
                _process.Kill(true);
            }
            catch (Exception)
            {
            }

            _process.WaitForExit(5000);
            return -1;
        }

        /// <summary>Stops it (see <see cref="Stop"/>).</summary>
        public void Dispose()
        {
            if (!_process.HasExited)
            {
                Stop(10000);
            }

            _process.Dispose();
        }

        private void ReadOut()
        {
            try
            {
                string line;
                while ((line = _process.StandardOutput.ReadLine()) != null)
                {
                    lock (_lock)
                    {
                        _lines.Enqueue(line);
                        Monitor.PulseAll(_lock);
                    }
                }
            }
            catch (Exception)
            {
            }

            lock (_lock)
            {
                _ended = true;
                Monitor.PulseAll(_lock);
            }
        }

        private void ReadErr()
        {
            try
            {
                string line;
                while ((line = _process.StandardError.ReadLine()) != null)
                {
                    lock (_lock)
                    {
                        if (_stderr.Count < 2000)
                        {
                            _stderr.Add(line);
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
