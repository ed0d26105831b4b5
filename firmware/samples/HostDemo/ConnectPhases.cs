//
// Copyright (c) LiveKit for nanoFramework contributors. Licensed under the Apache License 2.0.
//

using System.Collections.Generic;

namespace LiveKit.Samples.HostDemo
{
    /// <summary>Prints the phases of one Room.Connect from the marks of the timing decorators, in the order they happened.</summary>
    public static class ConnectPhases
    {
        private static readonly string[][] s_phases =
        {
            new[] { "ws-open", "signal WebSocket open" },
            new[] { "join", "signal join (JoinResponse received)" },
            new[] { "pc-created", "peer connection created" },
            new[] { "ice-connected", "ICE connected" },
            new[] { "dtls-connected", "DTLS connected" },
            new[] { "open _reliable", "channel _reliable open" },
            new[] { "open _lossy", "channel _lossy open" },
            new[] { "pc-connected", "peer connection connected" },
        };

        /// <summary>One line per phase, in milliseconds after <paramref name="start"/>, and the total.</summary>
        public static void Print(Timeline timeline, double start, double end)
        {
            List<KeyValuePair<double, string>> seen = new List<KeyValuePair<double, string>>();
            foreach (string[] phase in s_phases)
            {
                double t = timeline.At(phase[0]);
                if (t < 0)
                {
                    timeline.Print(string.Format("  connect: {0,-40}  (not seen)", phase[1]));
                }
                else
                {
                    seen.Add(new KeyValuePair<double, string>(t - start, phase[1]));
                }
            }

            seen.Sort((a, b) => a.Key.CompareTo(b.Key));
            foreach (KeyValuePair<double, string> p in seen)
            {
                timeline.Print(string.Format("  connect: {0,-40} +{1,7:F1} ms", p.Value, p.Key));
            }

            timeline.Print(string.Format("  connect: {0,-40} +{1,7:F1} ms", "Room.Connect returned (Connected)", end - start));
        }
    }
}
