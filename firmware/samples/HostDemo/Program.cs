//
// Copyright (c) LiveKit for nanoFramework contributors. Licensed under the Apache License 2.0.
//

using System;

namespace LiveKit.Samples.HostDemo
{
    /// <summary>
    /// The host demo's entry point.
    /// <code>
    /// HostDemo                                   scripted session: local server + official client "agent"
    /// HostDemo --url URL --token TOKEN           join a real LiveKit server until Ctrl+C
    /// HostDemo --url URL --api-key K --api-secret S --room R [--identity device]
    /// options: --seconds N (leave after N s instead of Ctrl+C), --verbose (library log at Debug)
    /// </code>
    /// Exit codes: 0 every step worked; 1 a step failed; 2 bad arguments.
    /// </summary>
    public static class Program
    {
        /// <summary>Runs the demo.</summary>
        public static int Main(string[] args)
        {
            string url = null;
            string token = null;
            string apiKey = null;
            string apiSecret = null;
            string room = null;
            string identity = "device";
            int seconds = 0;
            bool verbose = false;
            for (int i = 0; i < args.Length; i++)
            {
                string a = args[i];
                string next = i + 1 < args.Length ? args[i + 1] : null;
                switch (a)
                {
                    case "--url": url = next; i++; break;
                    case "--token": token = next; i++; break;
                    case "--api-key": apiKey = next; i++; break;
                    case "--api-secret": apiSecret = next; i++; break;
                    case "--room": room = next; i++; break;
                    case "--identity": identity = next; i++; break;
                    case "--seconds":
                        if (next == null || !int.TryParse(next, out seconds) || seconds <= 0)
                        {
                            return Usage("--seconds needs a positive number");
                        }

                        i++;
                        break;
                    case "--verbose": verbose = true; break;
                    case "-h":
                    case "--help":
                        Usage(null);
                        return 0;
                    default:
                        return Usage("unknown argument " + a);
                }

                if (next == null && a != "--verbose" && a != "--seconds")
                {
                    return Usage(a + " needs a value");
                }
            }

            Timeline timeline = new Timeline();
            LiveKitLog.MinimumLevel = verbose ? LogLevel.Debug : LogLevel.Warning;
            LiveKitLog.Handler = (level, message) => timeline.Print("  library " + level.ToString().ToLowerInvariant() + ": " + message);

            if (url == null)
            {
                if (token != null || apiKey != null)
                {
                    return Usage("--token and --api-key need --url");
                }

                return new LocalSession(timeline).Run();
            }

            if (token == null)
            {
                if (apiKey == null || apiSecret == null || room == null)
                {
                    return Usage("--url needs --token, or --api-key, --api-secret and --room");
                }

                token = AccessToken.Create(apiKey, apiSecret, identity, room, identity, 6 * 3600);
            }

            return new RemoteSession(timeline, url, token, seconds).Run();
        }

        private static int Usage(string error)
        {
            if (error != null)
            {
                Console.Error.WriteLine("error: " + error);
            }

            Console.Error.WriteLine("usage: HostDemo                                  (local server + official client, scripted)");
            Console.Error.WriteLine("       HostDemo --url URL --token TOKEN [--seconds N] [--verbose]");
            Console.Error.WriteLine("       HostDemo --url URL --api-key K --api-secret S --room R [--identity ID] [--seconds N] [--verbose]");
            return error == null ? 0 : 2;
        }
    }
}
