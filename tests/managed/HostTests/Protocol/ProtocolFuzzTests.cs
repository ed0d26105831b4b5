//
// Copyright (c) LiveKit for nanoFramework contributors. Licensed under the Apache License 2.0.
//

using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using LiveKit.Protocol;
using nanoFramework.TestFramework;

namespace ProtocolCodecTests
{
    /// <summary>
    /// Mutated valid messages through Decode of SignalResponse, SignalRequest and DataPacket:
    /// only ProtocolException may escape, and whatever decodes re-encodes to a fixed point.
    /// </summary>
    [TestClass]
    public class ProtocolFuzzTests
    {
        private const int Seed = 4242;
        private const int MutationsPerType = 40000;

        private delegate ProtoMessage Decoder(byte[] buffer, int offset, int length);

        [TestMethod]
        public void MutatedMessagesOnlyRaiseProtocolException()
        {
            Schema schema = Schema.Shared;
            Run(schema, "livekit.SignalResponse", (b, o, l) => SignalResponse.Decode(b, o, l));
            Run(schema, "livekit.SignalRequest", (b, o, l) => SignalRequest.Decode(b, o, l));
            Run(schema, "livekit.DataPacket", (b, o, l) => DataPacket.Decode(b, o, l));
        }

        private static void Run(Schema schema, string typeName, Decoder decode)
        {
            Reflect reflect = new Reflect(schema, Seed);
            List<byte[]> corpus = new List<byte[]>();
            for (int i = 0; i < 300; i++)
            {
                corpus.Add(reflect.Fill(typeName, i, 0, 3).ToByteArray());
            }

            Random random = new Random(Seed);
            Stopwatch watch = Stopwatch.StartNew();
            int rejected = 0;
            int decoded = 0;
            for (int i = 0; i < MutationsPerType; i++)
            {
                byte[] input = Mutate(corpus[random.Next(corpus.Count)], random);
                // decode from the middle of a larger buffer, to check offset handling too
                byte[] framed = new byte[input.Length + 6];
                framed[0] = 0xFF;
                framed[1] = 0x0A;
                framed[2] = 0x7F;
                Array.Copy(input, 0, framed, 3, input.Length);
                framed[framed.Length - 1] = 0x0A;
                framed[framed.Length - 2] = 0xFF;
                framed[framed.Length - 3] = 0x80;
                ProtoMessage m;
                try
                {
                    m = decode(framed, 3, input.Length);
                }
                catch (ProtocolException)
                {
                    rejected++;
                    continue;
                }
                catch (Exception e)
                {
                    Assert.Fail(typeName + " mutation " + i + " (seed " + Seed + ") raised " + e.GetType().Name + ": " + e.Message
                        + "\ninput: " + Convert.ToHexString(input));
                    return;
                }

                decoded++;
                byte[] once = m.ToByteArray();
                byte[] twice = decode(once, 0, once.Length).ToByteArray();
                if (!Same(once, twice) && Reflect.Diff(Reflect.ToJson(schema, m, typeName), Reflect.ToJson(schema, decode(twice, 0, twice.Length), typeName), "m") != null)
                {
                    // (maps are Hashtables: their entries may come out in another order, so
                    // differing bytes are compared again as canonical JSON)
                    Assert.Fail(typeName + " mutation " + i + ": re-encoding is not a fixed point\ninput: " + Convert.ToHexString(input)
                        + "\nonce:  " + Convert.ToHexString(once) + "\ntwice: " + Convert.ToHexString(twice));
                }
            }

            OutputHelper.WriteLine(typeName + ": " + MutationsPerType + " mutations, " + rejected + " rejected, " + decoded
                + " decoded, " + watch.ElapsedMilliseconds + " ms");
            Assert.IsTrue(rejected > MutationsPerType / 10, "too few mutations were rejected: the mutator is too weak");
        }

        private static bool Same(byte[] a, byte[] b)
        {
            return a.AsSpan().SequenceEqual(b);
        }

        private static byte[] Mutate(byte[] source, Random r)
        {
            List<byte> b = new List<byte>(source);
            int rounds = 1 + r.Next(3);
            for (int k = 0; k < rounds; k++)
            {
                int pos = b.Count == 0 ? 0 : r.Next(b.Count);
                switch (r.Next(8))
                {
                    case 0: // bit flip
                        if (b.Count > 0)
                        {
                            b[pos] ^= (byte)(1 << r.Next(8));
                        }

                        break;
                    case 1: // truncation
                        b.RemoveRange(pos, b.Count - pos);
                        break;
                    case 2: // insertion of random bytes
                        byte[] ins = new byte[1 + r.Next(8)];
                        r.NextBytes(ins);
                        b.InsertRange(pos, ins);
                        break;
                    case 3: // deletion
                        b.RemoveRange(pos, Math.Min(b.Count - pos, 1 + r.Next(4)));
                        break;
                    case 4: // length tampering: a byte that follows a length-delimited tag becomes big
                        for (int i = pos; i + 1 < b.Count; i++)
                        {
                            if ((b[i] & 7) == 2)
                            {
                                b[i + 1] = (byte)(b[i + 1] + 1 + r.Next(200));
                                break;
                            }
                        }

                        break;
                    case 5: // huge varint (declared length or value)
                        b.InsertRange(pos, new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0x0F });
                        break;
                    case 6: // random byte
                        if (b.Count > 0)
                        {
                            b[pos] = (byte)r.Next(256);
                        }

                        break;
                    default: // duplicate a range (repeated fields, merges)
                        int len = Math.Min(b.Count - pos, 1 + r.Next(16));
                        b.InsertRange(pos, b.GetRange(pos, len));
                        break;
                }
            }

            return b.ToArray();
        }

        [TestMethod]
        public void NestingBombOfSubMessagesIsRejected()
        {
            // SignalResponse.join(1) > JoinResponse.participant(2) > ParticipantInfo.tracks(4) >
            // TrackInfo: the known chain ends there, so the bomb continues with unknown groups
            // and with 1,000,000 nested length prefixes of unknown fields (which are skipped
            // without descending, so they must not recurse at all).
            byte[] bomb = new byte[2 * 100000];
            for (int i = 0; i < 100000; i++)
            {
                bomb[2 * i] = 0xFB; // field 127, start group
                bomb[2 * i + 1] = 0x07;
            }

            try
            {
                SignalResponse.Decode(bomb);
                Assert.Fail("no exception");
            }
            catch (ProtocolException e)
            {
                Assert.AreEqual(ProtocolErrorReason.NestingTooDeep, e.Reason);
            }
        }

        [TestMethod]
        public void HugeDeclaredLengthsAllocateNothing()
        {
            // refresh_token (string), UserPacket.payload (bytes), join (message) and a packed
            // repeated field, each declaring about 2 GB in a few bytes of input
            byte[][] inputs =
            {
                Convert.FromHexString("8201FFFFFFFF07"),
                Convert.FromHexString("0AFFFFFFFF07"),
                Convert.FromHexString("12FFFFFFFF07"),
            };
            Decoder[] decoders =
            {
                (b, o, l) => SignalResponse.Decode(b, o, l),
                (b, o, l) => SignalResponse.Decode(b, o, l),
                (b, o, l) => UserPacket.Decode(b, o, l),
            };
            byte[] packed = Convert.FromHexString("6AFFFFFFFF07");
            for (int round = 0; round < 2; round++)
            {
                long before = GC.GetAllocatedBytesForCurrentThread();
                for (int i = 0; i < inputs.Length; i++)
                {
                    try
                    {
                        decoders[i](inputs[i], 0, inputs[i].Length);
                        Assert.Fail("decoded " + Convert.ToHexString(inputs[i]));
                    }
                    catch (ProtocolException e)
                    {
                        Assert.AreEqual(ProtocolErrorReason.LengthOutOfRange, e.Reason);
                    }
                }

                try
                {
                    ClientInfo.Decode(packed);
                    Assert.Fail("decoded a 2 GB packed run");
                }
                catch (ProtocolException e)
                {
                    Assert.AreEqual(ProtocolErrorReason.LengthOutOfRange, e.Reason);
                }

                long used = GC.GetAllocatedBytesForCurrentThread() - before;
                // the second round is warm: only the messages, readers and exceptions
                if (round == 1)
                {
                    OutputHelper.WriteLine("4 rejected huge lengths allocated " + used + " bytes");
                    Assert.IsTrue(used < 16 * 1024, "allocated " + used + " bytes");
                }
            }
        }

        [TestMethod]
        public void GeneratedClassesMatchTheGenerator()
        {
            string root = NodeCodec.RepoRoot();
            string tmp = Path.Combine(Path.GetTempPath(), "lk-gen-" + Environment.ProcessId);
            Process p = Process.Start(new ProcessStartInfo("node", "\"" + Path.Combine(root, "tests", "interop", "protocol", "gen-csharp.js") + "\" \"" + tmp + "\"")
            {
                RedirectStandardOutput = true,
                UseShellExecute = false,
            });
            p.StandardOutput.ReadToEnd();
            p.WaitForExit();
            Assert.AreEqual(0, p.ExitCode);
            string committed = Path.Combine(root, "firmware", "LiveKit", "Protocol", "Messages");
            List<string> diffs = new List<string>();
            foreach (string f in Directory.GetFiles(tmp, "*.cs"))
            {
                string other = Path.Combine(committed, Path.GetFileName(f));
                if (!File.Exists(other) || File.ReadAllText(other) != File.ReadAllText(f))
                {
                    diffs.Add(Path.GetFileName(f));
                }
            }

            foreach (string f in Directory.GetFiles(committed, "*.cs"))
            {
                if (!File.Exists(Path.Combine(tmp, Path.GetFileName(f))))
                {
                    diffs.Add(Path.GetFileName(f) + " (not generated)");
                }
            }

            string testsFile = Path.Combine(tmp, "GeneratedRoundTripTests.cs.txt");
            Process t = Process.Start(new ProcessStartInfo("node", "\"" + Path.Combine(root, "tests", "interop", "protocol", "gen-tests.js") + "\" \"" + testsFile + "\"")
            {
                RedirectStandardOutput = true,
                UseShellExecute = false,
            });
            t.StandardOutput.ReadToEnd();
            t.WaitForExit();
            Assert.AreEqual(0, t.ExitCode);
            if (File.ReadAllText(testsFile) != File.ReadAllText(Path.Combine(root, "tests", "managed", "NFUnitTest", "Protocol", "GeneratedRoundTripTests.cs")))
            {
                diffs.Add("GeneratedRoundTripTests.cs (gen-tests.js)");
            }

            Directory.Delete(tmp, true);
            Assert.IsTrue(diffs.Count == 0, "out of date with gen-csharp.js: " + string.Join(", ", diffs));
        }
    }
}
