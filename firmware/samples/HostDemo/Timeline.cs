//
// Copyright (c) LiveKit for nanoFramework contributors. Licensed under the Apache License 2.0.
//

using System;
using System.Diagnostics;

namespace LiveKit.Samples.HostDemo
{
    /// <summary>
    /// The demo's clock and console: every line is printed with the milliseconds since the
    /// timeline started, and marks remember when a named moment happened (first time only).
    /// </summary>
    public sealed class Timeline
    {
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private readonly object _lock = new object();
        private readonly System.Collections.Generic.Dictionary<string, double> _marks = new System.Collections.Generic.Dictionary<string, double>();

        /// <summary>Milliseconds since the start.</summary>
        public double Now => _clock.Elapsed.TotalMilliseconds;

        /// <summary>Prints one line with the current time.</summary>
        public void Print(string text)
        {
            lock (_lock)
            {
                Console.WriteLine("[{0,9:F1} ms] {1}", Now, text);
            }
        }

        /// <summary>Records a named moment the first time it happens; returns true then.</summary>
        public bool Mark(string name)
        {
            lock (_lock)
            {
                if (_marks.ContainsKey(name))
                {
                    return false;
                }

                _marks[name] = Now;
                return true;
            }
        }

        /// <summary>When <paramref name="name"/> happened, or -1.</summary>
        public double At(string name)
        {
            lock (_lock)
            {
                return _marks.TryGetValue(name, out double t) ? t : -1;
            }
        }

        /// <summary>Forgets every mark (a new join).</summary>
        public void ClearMarks()
        {
            lock (_lock)
            {
                _marks.Clear();
            }
        }
    }
}
