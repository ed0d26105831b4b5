//
// Copyright (c) LiveKit for nanoFramework contributors. Licensed under the Apache License 2.0.
//

using System;

namespace LiveKit.Engine
{
    /// <summary>
    /// Milliseconds that only move forward. nanoFramework 1.17 has no Environment.TickCount64 or
    /// Stopwatch, only DateTime.UtcNow, and the device's wall clock jumps when SNTP sets it (from
    /// 1970 to today) or corrects it. This clock follows UtcNow but absorbs every backward step
    /// and every forward step larger than <see cref="MaxStepMs"/>: the engine reads it at least
    /// every <see cref="MaxStepMs"/> / 2 while a deadline is pending (its waits are capped), so a
    /// larger step can only be a clock change, not elapsed time.
    /// </summary>
    internal static class MonotonicClock
    {
        /// <summary>The largest step between two readings that counts as elapsed time.</summary>
        public const long MaxStepMs = 120000;

        private static readonly object s_lock = new object();
        private static long s_lastWallMs;
        private static long s_nowMs;
        private static bool s_started;

        /// <summary>The current monotonic time in milliseconds (arbitrary origin).</summary>
        public static long NowMs
        {
            get
            {
                long wall = DateTime.UtcNow.Ticks / TimeSpan.TicksPerMillisecond;
                lock (s_lock)
                {
                    if (!s_started)
                    {
                        s_started = true;
                        s_lastWallMs = wall;
                        s_nowMs = 1;
                        return s_nowMs;
                    }

                    long step = wall - s_lastWallMs;
                    s_lastWallMs = wall;
                    if (step > 0 && step <= MaxStepMs)
                    {
                        s_nowMs += step;
                    }

                    return s_nowMs;
                }
            }
        }
    }
}
