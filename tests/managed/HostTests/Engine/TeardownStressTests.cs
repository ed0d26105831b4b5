//
// Copyright (c) LiveKit for nanoFramework contributors. Licensed under the Apache License 2.0.
//

using System;
using System.Threading;
using LiveKit.Engine;
using nanoFramework.TestFramework;

namespace LiveKit.IntegrationTests
{
    /// <summary>
    /// The seed's teardown race as a stress test: connect, then the server drops the connection
    /// while Dispose races with the engine's reaction; Dispose from inside a handler; Dispose
    /// while connecting. 1,000 cycles against the in-process signaling server (real WebSockets,
    /// about 6 s) and 1,000 against the project's local server (about 20 s); LK_STRESS_CYCLES and
    /// LK_STRESS_REAL_CYCLES change the counts.
    /// Zero exceptions escape, every Dispose returns in time, no library thread and no peer
    /// connection is left.
    /// </summary>
    [TestClass]
    public class TeardownStressTests
    {
        private static RoomOptions Options()
        {
            return new RoomOptions
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
        }

        private static int Cycles(string env, int fallback)
        {
            string v = Environment.GetEnvironmentVariable(env);
            return string.IsNullOrEmpty(v) ? fallback : int.Parse(v);
        }

        private static void AssertClean(TeardownStress stress, int cycles)
        {
            OutputHelper.WriteLine(stress.Summary());
            Assert.AreEqual(cycles, stress.Cycles);
            Assert.AreEqual(0, stress.UnexpectedExceptions, stress.Errors);
            Assert.AreEqual(0, stress.TeardownTimeouts, "every Dispose returned within the teardown timeout");
            Assert.AreEqual(0, stress.MaxThreadsBetweenCycles, "no library thread outlived its room's Dispose");
            Assert.AreEqual(0, LibraryThreads.LiveCount, LibraryThreads.LiveNames());
            Assert.AreEqual(0, LibraryThreads.EscapedExceptions, "no exception escaped a library thread");
            Assert.AreEqual(0, Volatile.Read(ref FakePeerConnectionForIntegrationTests.Alive), "every peer connection was destroyed");
        }

        [TestMethod]
        public void ThousandCyclesAgainstTheInProcessServer()
        {
            int cycles = Cycles("LK_STRESS_CYCLES", 1000);
            using (InProcessSignalServer server = new InProcessSignalServer())
            {
                TeardownStress stress = new TeardownStress(server.Url, i => "token-" + i, i => server.DropAll());
                stress.Run(cycles, Options());
                AssertClean(stress, cycles);
                Assert.IsTrue(server.Joins >= cycles / 2, "the rooms did join: " + server.Joins);
            }
        }

        /// <summary>Drops the participant's WebSocket; a participant already gone (its leave won the race) is fine.</summary>
        private static void DropIfPresent(LocalServer server, string identity)
        {
            try
            {
                server.Control("drop", new { identity });
            }
            catch (InvalidOperationException ex) when (ex.Message.Contains("404"))
            {
            }
        }

        [TestMethod]
        public void CyclesAgainstTheLocalServer()
        {
            int cycles = Cycles("LK_STRESS_REAL_CYCLES", 1000);
            using (LocalServer server = LocalServer.Start())
            {
                TeardownStress stress = new TeardownStress(
                    server.Url,
                    i => server.Token("s" + i, "stress"),
                    i => DropIfPresent(server, "s" + i));
                stress.Run(cycles, Options());
                AssertClean(stress, cycles);
            }
        }
    }
}
