//
// Copyright (c) LiveKit for nanoFramework contributors. Licensed under the Apache License 2.0.
//

using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;
using LiveKit.Engine;

namespace LiveKit.IntegrationTests
{
    /// <summary>
    /// The seed's teardown race, many times over: each cycle connects a room, then the server
    /// drops the connection while Dispose races with the engine's own reaction; every fourth
    /// cycle disposes from inside an event handler, and every fourth disposes while the room is
    /// still connecting. It counts what must be zero (escaped exceptions, teardown timeouts,
    /// leftover threads and peer connections) and records how long each Dispose took.
    /// </summary>
    public sealed class TeardownStress
    {
        private readonly string _url;
        private readonly Func<int, string> _token;
        private readonly Action<int> _drop;
        private readonly Random _random = new Random(7);
        private int _unexpected;
        private readonly List<string> _errors = new List<string>();

        /// <summary>Creates the run: <paramref name="drop"/> makes the server drop the connection(s).</summary>
        public TeardownStress(string url, Func<int, string> token, Action<int> drop)
        {
            _url = url;
            _token = token;
            _drop = drop;
        }

        /// <summary>Dispose durations (ms) of the owner-thread disposals.</summary>
        public List<double> DisposeMs { get; } = new List<double>();

        /// <summary>Total cycle time (ms) per variant: drop+dispose, drop+jittered dispose, dispose in handler, dispose while connecting.</summary>
        public double[] CycleMs { get; } = new double[4];

        /// <summary>Cycles run.</summary>
        public int Cycles { get; private set; }

        /// <summary>Exceptions that reached the test (other than the expected ConnectException).</summary>
        public int UnexpectedExceptions => _unexpected;

        /// <summary>Disposals that hit the teardown timeout.</summary>
        public int TeardownTimeouts { get; private set; }

        /// <summary>Largest number of library threads seen alive between cycles.</summary>
        public int MaxThreadsBetweenCycles { get; private set; }

        /// <summary>The first few error descriptions.</summary>
        public string Errors
        {
            get
            {
                lock (_errors)
                {
                    return string.Join("; ", _errors);
                }
            }
        }

        /// <summary>Runs <paramref name="cycles"/> cycles.</summary>
        public void Run(int cycles, RoomOptions template)
        {
            for (int i = 0; i < cycles; i++)
            {
                Stopwatch cycle = Stopwatch.StartNew();
                switch (i % 4)
                {
                    case 0:
                    case 1:
                        DropRacesDispose(i, template, i % 4 == 1);
                        break;
                    case 2:
                        DisposeInsideHandler(i, template);
                        break;
                    default:
                        DisposeWhileConnecting(i, template);
                        break;
                }

                Cycles++;
                CycleMs[i % 4] += cycle.Elapsed.TotalMilliseconds;

                // The previous room's threads must be gone before the next cycle starts:
                // Dispose joined the engine, and the engine joined the WebSocket's thread.
                int live = LibraryThreads.LiveCount;
                if (live > MaxThreadsBetweenCycles)
                {
                    MaxThreadsBetweenCycles = live;
                }
            }
        }

        private static RoomOptions Copy(RoomOptions t)
        {
            return new RoomOptions
            {
                PeerConnectionFactory = t.PeerConnectionFactory,
                Transport = t.Transport,
                LoopbackOnly = t.LoopbackOnly,
                JoinTimeoutMs = t.JoinTimeoutMs,
                PeerConnectionTimeoutMs = t.PeerConnectionTimeoutMs,
                ConnectTimeoutMs = t.ConnectTimeoutMs,
                ReconnectBaseDelayMs = t.ReconnectBaseDelayMs,
                ReconnectMaxDelayMs = t.ReconnectMaxDelayMs,
                MaxReconnectAttempts = t.MaxReconnectAttempts,
                TeardownTimeoutMs = t.TeardownTimeoutMs,
            };
        }

        private void Fail(string what, Exception ex)
        {
            Interlocked.Increment(ref _unexpected);
            lock (_errors)
            {
                if (_errors.Count < 5)
                {
                    _errors.Add(what + ": " + ex.GetType().Name + " " + ex.Message);
                }
            }
        }

        private void TimedDispose(Room room)
        {
            Stopwatch sw = Stopwatch.StartNew();
            room.Dispose();
            double ms = sw.Elapsed.TotalMilliseconds;
            lock (DisposeMs)
            {
                DisposeMs.Add(ms);
            }

            if (room.TeardownTimedOut)
            {
                TeardownTimeouts++;
            }
        }

        private void DropRacesDispose(int i, RoomOptions template, bool jitter)
        {
            Room room = new Room(Copy(template));
            try
            {
                room.Connect(_url, _token(i));
                Thread dropper = new Thread(() =>
                {
                    try
                    {
                        _drop(i);
                    }
                    catch (Exception ex)
                    {
                        Fail("drop", ex);
                    }
                }) { IsBackground = true };
                dropper.Start();
                if (jitter)
                {
                    // Land the Dispose anywhere in the engine's reaction (0-3 ms after the drop started).
                    SpinWait.SpinUntil(() => false, _random.Next(4));
                }

                TimedDispose(room);
                dropper.Join();
            }
            catch (Exception ex)
            {
                Fail("cycle " + i, ex);
                room.Dispose();
            }
        }

        private void DisposeInsideHandler(int i, RoomOptions template)
        {
            Room room = new Room(Copy(template));
            ManualResetEventSlim disposedInHandler = new ManualResetEventSlim(false);
            room.Reconnecting += (s, e) =>
            {
                try
                {
                    room.Dispose();
                    disposedInHandler.Set();
                }
                catch (Exception ex)
                {
                    Fail("dispose in handler", ex);
                }
            };
            try
            {
                room.Connect(_url, _token(i));
                _drop(i);
                if (!disposedInHandler.Wait(10000))
                {
                    // The drop did not reach the engine as a loss (it won a race): dispose normally.
                    TimedDispose(room);
                    return;
                }

                // The worker stops by itself after the handler; the owner's Dispose only waits
                // for it (and must return within the teardown timeout).
                TimedDispose(room);
            }
            catch (Exception ex)
            {
                Fail("cycle " + i, ex);
                room.Dispose();
            }
        }

        private void DisposeWhileConnecting(int i, RoomOptions template)
        {
            Room room = new Room(Copy(template));
            Thread connector = new Thread(() =>
            {
                try
                {
                    room.Connect(_url, _token(i));
                }
                catch (ConnectException)
                {
                    // Expected when Dispose wins: Cancelled.
                }
                catch (ObjectDisposedException)
                {
                    // Expected when Dispose came before Connect was even called.
                }
                catch (Exception ex)
                {
                    Fail("connect", ex);
                }
            }) { IsBackground = true };
            connector.Start();
            SpinWait.SpinUntil(() => false, _random.Next(3));
            TimedDispose(room);
            if (!connector.Join(10000))
            {
                Fail("connect did not return", new TimeoutException());
            }
        }

        /// <summary>The value at quantile <paramref name="q"/> (0..1) of sorted values.</summary>
        public static double Quantile(List<double> sorted, double q)
        {
            if (sorted.Count == 0)
            {
                return 0;
            }

            int idx = (int)Math.Ceiling(q * sorted.Count) - 1;
            return sorted[Math.Max(0, Math.Min(sorted.Count - 1, idx))];
        }

        /// <summary>"p50 x ms, p99 y ms, max z ms (n)" of the Dispose durations.</summary>
        public string Summary()
        {
            List<double> s;
            lock (DisposeMs)
            {
                s = new List<double>(DisposeMs);
            }

            s.Sort();
            return string.Format(System.Globalization.CultureInfo.InvariantCulture, "teardown p50 {0:F2} ms, p99 {1:F2} ms, max {2:F2} ms over {3} disposals (the old design slept 100 ms); cycle time by variant {4:F0}/{5:F0}/{6:F0}/{7:F0} ms",
                Quantile(s, 0.5), Quantile(s, 0.99), s.Count == 0 ? 0 : s[s.Count - 1], s.Count, CycleMs[0], CycleMs[1], CycleMs[2], CycleMs[3]);
        }
    }
}
