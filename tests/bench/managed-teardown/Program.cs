//
// Copyright (c) LiveKit for nanoFramework contributors. Licensed under the Apache License 2.0.
//

using System;
using System.Threading;
using LiveKit;
using LiveKit.Engine;
using LiveKit.IntegrationTests;

namespace ManagedTeardownBench
{
    /// <summary>
    /// Prints Room.Dispose latency (p50, p99, max) over the teardown stress cycles, beside the
    /// fixed 100 ms sleep of the old ESP32 SDK teardown. Timing never fails; the sanity checks
    /// (no escaped exception, no teardown timeout, no thread or peer connection left) do.
    /// Arguments: [in-process cycles (1000)] [local-server cycles (1000), 0 to skip].
    /// </summary>
    public static class Program
    {
        private const double OldDesignSleepMs = 100;

        public static int Main(string[] args)
        {
            int inproc = args.Length > 0 ? int.Parse(args[0]) : 1000;
            int real = args.Length > 1 ? int.Parse(args[1]) : 1000;
            int passed = 0;
            int failed = 0;

            using (InProcessSignalServer server = new InProcessSignalServer())
            {
                TeardownStress s = new TeardownStress(server.Url, i => "token-" + i, i => server.DropAll());
                Count(Measure("in-process signaling server", s, inproc), ref passed, ref failed);
            }

            if (real > 0)
            {
                using (LocalServer server = LocalServer.Start())
                {
                    TeardownStress s = new TeardownStress(server.Url, i => server.Token("s" + i, "bench"), i =>
                    {
                        try
                        {
                            server.Control("drop", new { identity = "s" + i });
                        }
                        catch (InvalidOperationException ex) when (ex.Message.Contains("404"))
                        {
                            // The participant already left: its leave won the race.
                        }
                    });
                    Count(Measure("local server (tests/server)", s, real), ref passed, ref failed);
                }
            }

            Console.WriteLine(passed + " passed, " + failed + " failed");
            return failed == 0 ? 0 : 1;
        }

        private static void Count(bool ok, ref int passed, ref int failed)
        {
            if (ok)
            {
                passed++;
            }
            else
            {
                failed++;
            }
        }

        private static bool Measure(string what, TeardownStress s, int cycles)
        {
            RoomOptions o = new RoomOptions
            {
                PeerConnectionFactory = new FakePeerConnectionForIntegrationTests.Factory(),
                LoopbackOnly = true,
                JoinTimeoutMs = 5000,
                PeerConnectionTimeoutMs = 5000,
                ConnectTimeoutMs = 20000,
                ReconnectBaseDelayMs = 10,
                ReconnectMaxDelayMs = 50,
                MaxReconnectAttempts = 3,
                TeardownTimeoutMs = 5000,
            };
            DateTime start = DateTime.UtcNow;
            s.Run(cycles, o);
            double seconds = (DateTime.UtcNow - start).TotalSeconds;
            System.Collections.Generic.List<double> sorted = new System.Collections.Generic.List<double>(s.DisposeMs);
            sorted.Sort();
            double p50 = TeardownStress.Quantile(sorted, 0.5);
            double p99 = TeardownStress.Quantile(sorted, 0.99);
            double max = sorted.Count == 0 ? 0 : sorted[sorted.Count - 1];
            Console.WriteLine(string.Format(System.Globalization.CultureInfo.InvariantCulture,
                "teardown, {0}: {1} cycles in {2:F1} s, {3} timed disposals: p50 {4:F2} ms, p99 {5:F2} ms, max {6:F2} ms; old design slept {7:F0} ms (p50 ratio {8:F3}, max ratio {9:F2})",
                what, s.Cycles, seconds, sorted.Count, p50, p99, max, OldDesignSleepMs, p50 / OldDesignSleepMs, max / OldDesignSleepMs));
            SpinWait.SpinUntil(() => LibraryThreads.LiveCount == 0, 5000);
            bool clean = s.UnexpectedExceptions == 0 && s.TeardownTimeouts == 0 && s.MaxThreadsBetweenCycles == 0
                && LibraryThreads.LiveCount == 0 && LibraryThreads.EscapedExceptions == 0
                && Volatile.Read(ref FakePeerConnectionForIntegrationTests.Alive) == 0;
            if (!clean)
            {
                Console.WriteLine("FAILED " + what + ": exceptions " + s.UnexpectedExceptions + " (" + s.Errors + "), teardown timeouts " + s.TeardownTimeouts
                    + ", threads between cycles " + s.MaxThreadsBetweenCycles + ", threads left " + LibraryThreads.LiveNames()
                    + ", escaped " + LibraryThreads.EscapedExceptions + ", peer connections left " + FakePeerConnectionForIntegrationTests.Alive);
            }

            return clean;
        }
    }
}
