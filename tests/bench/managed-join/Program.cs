//
// Copyright (c) LiveKit for nanoFramework contributors. Licensed under the Apache License 2.0.
//

using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Text.Json.Nodes;
using LiveKit;
using LiveKit.Rtc.Native;
using LiveKit.Samples.HostDemo;

namespace ManagedJoinBench
{
    /// <summary>
    /// ManagedJoinBench [joins=20] [rpcCalls=200]: join time of ours beside the official client, then
    /// RPC round trips both ways. Joins alternate (ours, official) so both see the same machine load;
    /// one warm-up join each is not counted (the first builds the DTLS certificate and JITs the code).
    /// </summary>
    public static class Program
    {
        public static int Main(string[] args)
        {
            int joins = args.Length > 0 ? int.Parse(args[0]) : 20;
            int calls = args.Length > 1 ? int.Parse(args[1]) : 200;
            int failed = 0;
            int passed = 0;
            LocalServer server = null;
            Agent joiner = null;
            Agent agent = null;
            NativePeerConnectionFactory factory = new NativePeerConnectionFactory();
            try
            {
                server = LocalServer.Start(30000);
                joiner = Agent.Start(30000);
                Console.WriteLine("join time on loopback, Connect to Connected with channels open; " + joins + " joins each, alternating, after one warm-up each");
                List<double> ours = new List<double>();
                List<double> official = new List<double>();
                Dictionary<string, List<double>> phases = new Dictionary<string, List<double>>();
                for (int i = -1; i < joins; i++)
                {
                    try
                    {
                        double ms = JoinOurs(server, factory, "ours-" + (i + 1), phases, i >= 0);
                        if (i >= 0)
                        {
                            ours.Add(ms);
                        }

                        JsonNode r = joiner.Call("connect", new { url = server.Url, token = server.Token("official-" + (i + 1), "bench-join") }, 30000);
                        if (i >= 0)
                        {
                            official.Add((double)r["connectMs"]);
                        }

                        joiner.Call("disconnect", null, 30000);
                    }
                    catch (Exception ex)
                    {
                        failed++;
                        Console.WriteLine("FAIL join " + (i + 1) + ": " + ex.GetType().Name + ": " + ex.Message);
                    }
                }

                if (ours.Count == joins && official.Count == joins)
                {
                    passed++;
                }

                Print("ours (C# Room + native transport)", ours);
                foreach (string p in new[] { "ws-open", "join", "pc-created", "dtls-connected", "open _reliable", "open _lossy", "ice-connected", "pc-connected" })
                {
                    if (phases.TryGetValue(p, out List<double> list))
                    {
                        Console.WriteLine(string.Format("    phase {0,-16} p50 {1,7:F1} ms", p, Percentile(list, 50)));
                    }
                }

                Print("official (rtc-node room.connect)", official);
                if (ours.Count > 0 && official.Count > 0)
                {
                    Console.WriteLine(string.Format("  ratio ours/official: p50 {0:F2}, p99 {1:F2}", Percentile(ours, 50) / Percentile(official, 50), Percentile(ours, 99) / Percentile(official, 99)));
                }

                joiner.Stop();

                // RPC: the official client "agent" and our "device" in one room.
                agent = Agent.Start(30000);
                agent.Call("connect", new { url = server.Url, token = server.Token("agent", "bench-rpc") }, 30000);
                agent.Call("registerRpc", new { method = "echo", behavior = "echo" }, 30000);
                using (Room room = new Room(new RoomOptions { PeerConnectionFactory = factory, LoopbackOnly = true, ConnectTimeoutMs = 30000 }))
                {
                    room.LocalParticipant.RegisterRpcMethod("echo", d => d.Payload);
                    room.Connect(server.Url, server.Token("device", "bench-rpc"));
                    agent.WaitEvent("participantConnected", 20000, e => (string)e["identity"] == "device");
                    Console.WriteLine("RPC round trip (payload 16 bytes), " + calls + " calls each way after 10 warm-up calls");
                    List<double> toOfficial = new List<double>();
                    List<double> toDevice = new List<double>();
                    string payload = "0123456789abcdef";
                    for (int i = -10; i < calls; i++)
                    {
                        Stopwatch sw = Stopwatch.StartNew();
                        string answer = room.LocalParticipant.PerformRpc("agent", "echo", payload, 10000);
                        double ms = sw.Elapsed.TotalMilliseconds;
                        if (answer != payload)
                        {
                            throw new InvalidOperationException("the official client answered " + answer);
                        }

                        if (i >= 0)
                        {
                            toOfficial.Add(ms);
                        }
                    }

                    for (int i = -10; i < calls; i++)
                    {
                        JsonNode r = agent.Call("performRpc", new { destination = "device", method = "echo", payload }, 20000);
                        if ((string)r["payload"] != payload)
                        {
                            throw new InvalidOperationException("the device answered " + r.ToJsonString());
                        }

                        if (i >= 0)
                        {
                            toDevice.Add((double)r["ms"]);
                        }
                    }

                    Print("device -> official (PerformRpc, Stopwatch)", toOfficial);
                    Print("official -> device (rtc-node performRpc, hrtime)", toDevice);
                    passed++;
                }

                int agentRc = agent.Stop();
                int serverRc = server.Stop();
                if (agentRc == 0 && serverRc == 0)
                {
                    passed++;
                }
                else
                {
                    failed++;
                    Console.WriteLine("FAIL teardown: official client exit " + agentRc + ", server exit " + serverRc);
                }
            }
            catch (Exception ex)
            {
                failed++;
                Console.WriteLine("FAIL " + ex.GetType().Name + ": " + ex.Message);
            }
            finally
            {
                joiner?.Dispose();
                agent?.Dispose();
                factory.Dispose();
                server?.Dispose();
            }

            Console.WriteLine(passed + " passed, " + failed + " failed");
            return failed == 0 ? 0 : 1;
        }

        private static double JoinOurs(LocalServer server, NativePeerConnectionFactory factory, string identity, Dictionary<string, List<double>> phases, bool record)
        {
            Timeline t = new Timeline();
            using (Room room = new Room(new RoomOptions
            {
                Transport = new TimingSignalTransport(new HostSignalTransport(), t),
                PeerConnectionFactory = new TimingPeerConnectionFactory(factory, t),
                LoopbackOnly = true,
                ConnectTimeoutMs = 30000,
            }))
            {
                string token = server.Token(identity, "bench-join");
                double start = t.Now;
                room.Connect(server.Url, token);
                double ms = t.Now - start;
                if (room.ConnectionState != ConnectionState.Connected)
                {
                    throw new InvalidOperationException("not connected after Connect");
                }

                if (record)
                {
                    foreach (string p in new[] { "ws-open", "join", "pc-created", "dtls-connected", "open _reliable", "open _lossy", "ice-connected", "pc-connected" })
                    {
                        double at = t.At(p);
                        if (at >= 0)
                        {
                            if (!phases.TryGetValue(p, out List<double> list))
                            {
                                phases[p] = list = new List<double>();
                            }

                            list.Add(at - start);
                        }
                    }
                }

                return ms;
            }
        }

        private static void Print(string what, List<double> values)
        {
            if (values.Count == 0)
            {
                Console.WriteLine("  " + what + ": no figures");
                return;
            }

            List<double> s = new List<double>(values);
            s.Sort();
            Console.WriteLine(string.Format("  {0,-52} n {1,4}  p50 {2,7:F1} ms  p99 {3,7:F1} ms  (min {4:F1}, max {5:F1})", what + ":", s.Count, Percentile(s, 50), Percentile(s, 99), s[0], s[s.Count - 1]));
        }

        /// <summary>Nearest-rank percentile.</summary>
        private static double Percentile(List<double> values, int p)
        {
            List<double> s = new List<double>(values);
            s.Sort();
            int rank = (int)Math.Ceiling(p / 100.0 * s.Count);
            return s[Math.Max(0, Math.Min(s.Count - 1, rank - 1))];
        }
    }
}
