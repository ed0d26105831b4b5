//
// Copyright (c) LiveKit for nanoFramework contributors. Licensed under the Apache License 2.0.
//

using System;
using System.Diagnostics;
using Google.Protobuf;
using G = ManagedCodecBench.Google;
using LiveKit.Protocol;

namespace ManagedCodecBench
{
    /// <summary>
    /// Encode and decode of a realistic JoinResponse and of a DataPacket with a 1 KB payload:
    /// time and bytes allocated per operation, ours beside Google.Protobuf, and the ratios.
    /// </summary>
    public static class Program
    {
        private delegate void Op();

        private static int s_failed;
        private static int s_passed;

        public static int Main(string[] args)
        {
            double seconds = args.Length > 0 ? double.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 1.0;

            // ---- the inputs, built once with our classes; Google parses the same bytes
            SignalResponse join = new SignalResponse();
            join.Join = MakeJoinResponse(10);
            byte[] joinBytes = join.ToByteArray();
            G.SignalResponse gJoin = G.SignalResponse.Parser.ParseFrom(joinBytes);

            DataPacket packet = MakeDataPacket(1024);
            byte[] packetBytes = packet.ToByteArray();
            G.DataPacket gPacket = G.DataPacket.Parser.ParseFrom(packetBytes);

            // sanity: both codecs agree on the bytes of the same content
            Check("JoinResponse sizes agree", gJoin.CalculateSize() == joinBytes.Length);
            Check("DataPacket sizes agree", gPacket.CalculateSize() == packetBytes.Length);
            Check("Google re-encodes the DataPacket to our bytes", Same(gPacket.ToByteArray(), packetBytes));
            Check("we decode Google's JoinResponse", SignalResponse.Decode(gJoin.ToByteArray()).Join.OtherParticipants.Length == 10);

            Console.WriteLine($"inputs: SignalResponse(join) {joinBytes.Length} bytes, 11 participants, 22 tracks; DataPacket(user) {packetBytes.Length} bytes");
            Console.WriteLine($"{"case",-34} {"ours ns/op",12} {"google ns/op",12} {"time x",7} {"ours B/op",10} {"google B/op",11} {"alloc x",8}");

            byte[] buffer = new byte[64 * 1024];
            ProtoWriter writer = new ProtoWriter(buffer, 0, buffer.Length);

            Compare("JoinResponse encode (reused buffer)", seconds,
                () => { writer.Reset(buffer, 0, buffer.Length); join.EncodeTo(writer); },
                () => { int n = gJoin.CalculateSize(); gJoin.WriteTo(new Span<byte>(buffer, 0, n)); });
            Compare("JoinResponse encode (new byte[])", seconds,
                () => join.ToByteArray(),
                () => gJoin.ToByteArray());
            Compare("JoinResponse decode", seconds,
                () => SignalResponse.Decode(joinBytes, 0, joinBytes.Length),
                () => G.SignalResponse.Parser.ParseFrom(joinBytes, 0, joinBytes.Length));
            Compare("DataPacket 1 KB encode (reused buffer)", seconds,
                () => { writer.Reset(buffer, 0, buffer.Length); packet.EncodeTo(writer); },
                () => { int n = gPacket.CalculateSize(); gPacket.WriteTo(new Span<byte>(buffer, 0, n)); });
            Compare("DataPacket 1 KB encode (new byte[])", seconds,
                () => packet.ToByteArray(),
                () => gPacket.ToByteArray());
            Compare("DataPacket 1 KB decode", seconds,
                () => DataPacket.Decode(packetBytes, 0, packetBytes.Length),
                () => G.DataPacket.Parser.ParseFrom(packetBytes, 0, packetBytes.Length));

            Console.WriteLine($"{s_passed} passed, {s_failed} failed");
            return s_failed == 0 ? 0 : 1;
        }

        private static void Check(string what, bool ok)
        {
            if (ok)
            {
                s_passed++;
            }
            else
            {
                s_failed++;
                Console.WriteLine("FAILED " + what);
            }
        }

        private static bool Same(byte[] a, byte[] b)
        {
            return a.AsSpan().SequenceEqual(b);
        }

        private static void Compare(string name, double seconds, Op ours, Op google)
        {
            // three alternating rounds; the fastest round counts (the machine is shared)
            double[] o = null;
            double[] g = null;
            for (int round = 0; round < 3; round++)
            {
                double[] a = Measure(ours, seconds / 3);
                double[] b = Measure(google, seconds / 3);
                o = o == null || a[0] < o[0] ? a : o;
                g = g == null || b[0] < g[0] ? b : g;
            }

            Console.WriteLine($"{name,-34} {o[0],12:F0} {g[0],12:F0} {o[0] / g[0],7:F2} {o[1],10:F0} {g[1],11:F0} {(g[1] == 0 ? (o[1] == 0 ? 1 : double.PositiveInfinity) : o[1] / g[1]),8:F2}");
            s_passed++;
        }

        // returns { ns per op, bytes allocated per op }
        private static double[] Measure(Op op, double seconds)
        {
            int batch = 1;
            Stopwatch w = Stopwatch.StartNew();
            while (w.Elapsed.TotalSeconds < seconds / 20)
            {
                for (int i = 0; i < batch; i++)
                {
                    op();
                }

                batch *= 2;
            }

            long iterations = 0;
            long allocated = GC.GetAllocatedBytesForCurrentThread();
            w.Restart();
            while (w.Elapsed.TotalSeconds < seconds)
            {
                for (int i = 0; i < batch; i++)
                {
                    op();
                }

                iterations += batch;
            }

            double ns = w.Elapsed.TotalMilliseconds * 1e6 / iterations;
            double bytes = (double)(GC.GetAllocatedBytesForCurrentThread() - allocated) / iterations;
            return new[] { ns, bytes };
        }

        private static JoinResponse MakeJoinResponse(int others)
        {
            JoinResponse j = new JoinResponse();
            j.Room = new Room
            {
                Sid = "RM_fJ3k2LmQp9Xz",
                Name = "support-room-42",
                EmptyTimeout = 300,
                DepartureTimeout = 20,
                MaxParticipants = 50,
                CreationTime = 1764000000,
                CreationTimeMs = 1764000000123,
                Metadata = "{\"topic\":\"device support\"}",
                NumParticipants = (uint)(others + 1),
                NumPublishers = (uint)others,
            };
            j.Participant = MakeParticipant(0);
            ParticipantInfo[] list = new ParticipantInfo[others];
            for (int i = 0; i < others; i++)
            {
                list[i] = MakeParticipant(i + 1);
            }

            j.OtherParticipants = list;
            j.ServerVersion = "1.9.4";
            j.IceServers = new[]
            {
                new ICEServer { Urls = new[] { "stun:stun.l.google.com:19302" } },
                new ICEServer { Urls = new[] { "turn:turn.example.livekit.cloud:443?transport=tcp", "turns:turn.example.livekit.cloud:443" }, Username = "1764000000:PA_self", Credential = "b64c0ffee0123456789abcdef=" },
            };
            j.SubscriberPrimary = true;
            j.ClientConfiguration = new ClientConfiguration { ResumeConnection = ClientConfigSetting.Enabled };
            j.ServerRegion = "eu-central";
            j.PingTimeout = 15;
            j.PingInterval = 5;
            j.ServerInfo = new ServerInfo { Edition = ServerInfoEdition.Cloud, Version = "1.9.4", Protocol = 17, Region = "eu-central", NodeId = "NC_OFRA1A_x8Yt" };
            j.EnabledPublishCodecs = new[] { new Codec { Mime = "audio/opus" }, new Codec { Mime = "video/VP8" }, new Codec { Mime = "video/H264" } };
            j.FastPublish = true;
            return j;
        }

        private static ParticipantInfo MakeParticipant(int i)
        {
            ParticipantInfo p = new ParticipantInfo
            {
                Sid = "PA_" + (1000000 + i * 7919).ToString("X"),
                Identity = i == 0 ? "esp32-device-7" : "user-" + i,
                Name = i == 0 ? "Kitchen speaker" : "Participant Nummer " + i + " (Zoë)",
                State = ParticipantInfoState.Active,
                Metadata = "{\"role\":\"listener\",\"lang\":\"de\"}",
                JoinedAt = 1764000000 + i,
                JoinedAtMs = 1764000000000 + i * 1000,
                Version = (uint)(3 + i),
                IsPublisher = true,
                Kind = i == 1 ? ParticipantInfoKind.Agent : ParticipantInfoKind.Standard,
                Region = "eu-central",
                ClientProtocol = 1,
                Permission = new ParticipantPermission { CanSubscribe = true, CanPublish = true, CanPublishData = true, CanUpdateMetadata = true },
            };
            p.Attributes["lk.agent.state"] = "listening";
            p.Attributes["team"] = "blue";
            p.Attributes["device"] = "esp32-s3";
            p.Tracks = new[]
            {
                new TrackInfo
                {
                    Sid = "TR_AM" + i + "x9Kd2", Type = TrackType.Audio, Name = "microphone", Source = TrackSource.Microphone,
                    MimeType = "audio/opus", Mid = (2 * i).ToString(), Stream = "camera", AudioFeatures = new[] { AudioTrackFeature.TfNoDtx, AudioTrackFeature.TfAutoGainControl },
                },
                new TrackInfo
                {
                    Sid = "TR_VC" + i + "p4Qs7", Type = TrackType.Video, Name = "camera", Source = TrackSource.Camera,
                    Width = 1280, Height = 720, MimeType = "video/VP8", Mid = (2 * i + 1).ToString(), Stream = "camera",
                    Layers = new[]
                    {
                        new VideoLayer { Quality = VideoQuality.Low, Width = 320, Height = 180, Bitrate = 150000, Ssrc = (uint)(11111 * (i + 1)) },
                        new VideoLayer { Quality = VideoQuality.High, Width = 1280, Height = 720, Bitrate = 1700000, Ssrc = (uint)(22222 * (i + 1)) },
                    },
                },
            };
            return p;
        }

        private static DataPacket MakeDataPacket(int payloadSize)
        {
            byte[] payload = new byte[payloadSize];
            new Random(7).NextBytes(payload);
            return new DataPacket
            {
                Kind = DataPacketKind.Reliable,
                ParticipantIdentity = "esp32-device-7",
                ParticipantSid = "PA_F4240",
                DestinationIdentities = new[] { "agent-1" },
                Sequence = 1234,
                User = new UserPacket { Payload = payload, Topic = "sensor-data" },
            };
        }
    }
}
