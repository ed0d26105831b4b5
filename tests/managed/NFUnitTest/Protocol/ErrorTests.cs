//
// Copyright (c) LiveKit for nanoFramework contributors. Licensed under the Apache License 2.0.
//

using System;
using LiveKit.Protocol;
using nanoFramework.TestFramework;

namespace NFUnitTest.Protocol
{
    /// <summary>Bad input gets a ProtocolException with the right reason.</summary>
    [TestClass]
    public class ErrorTests
    {
        private static ProtocolErrorReason DecodeError(string hex)
        {
            byte[] bytes = Hex.Parse(hex);
            try
            {
                SignalResponse.Decode(bytes, 0, bytes.Length);
            }
            catch (ProtocolException e)
            {
                return e.Reason;
            }

            throw new Exception("no ProtocolException for " + hex);
        }

        [TestMethod]
        public void Truncated()
        {
            // refresh_token = 16 string of declared length 5 with 2 bytes
            Assert.AreEqual((int)ProtocolErrorReason.LengthOutOfRange, (int)DecodeError("82 01 05 61 62"));
            // pong = 18 varint cut in the middle
            Assert.AreEqual((int)ProtocolErrorReason.Truncated, (int)DecodeError("90 01 FF FF"));
            // a tag cut in the middle
            Assert.AreEqual((int)ProtocolErrorReason.Truncated, (int)DecodeError("82"));
            // fixed64 unknown field with 3 bytes
            Assert.AreEqual((int)ProtocolErrorReason.Truncated, (int)DecodeError("F9 07 01 02 03"));
            // fixed32 unknown field with 1 byte
            Assert.AreEqual((int)ProtocolErrorReason.Truncated, (int)DecodeError("FD 07 01"));
        }

        [TestMethod]
        public void OverlongVarint()
        {
            Assert.AreEqual((int)ProtocolErrorReason.VarintTooLong, (int)DecodeError("90 01 FF FF FF FF FF FF FF FF FF FF 01"));
        }

        [TestMethod]
        public void SubMessageLengthPastItsParent()
        {
            // join = 1 of length 2 whose inner room = 1 claims 10 bytes
            Assert.AreEqual((int)ProtocolErrorReason.LengthOutOfRange, (int)DecodeError("0A 02 0A 0A 00 00 00 00 00 00 00 00 00 00"));
        }

        [TestMethod]
        public void HugeDeclaredLengthDoesNotAllocate()
        {
            // refresh_token with a declared length of 2^31 and 2^63: rejected before allocating
            Assert.AreEqual((int)ProtocolErrorReason.LengthOutOfRange, (int)DecodeError("82 01 80 80 80 80 08"));
            Assert.AreEqual((int)ProtocolErrorReason.LengthOutOfRange, (int)DecodeError("82 01 FF FF FF FF FF FF FF FF 7F"));
            byte[] bytes = Hex.Parse("12 FF FF FF FF 07");
            Assert.ThrowsException(typeof(ProtocolException), () => { UserPacket.Decode(bytes); });
        }

        [TestMethod]
        public void WrongWireTypeForKnownField()
        {
            // refresh_token = 16 sent as a varint
            Assert.AreEqual((int)ProtocolErrorReason.WrongWireType, (int)DecodeError("80 01 05"));
            // join = 1 sent as fixed32
            Assert.AreEqual((int)ProtocolErrorReason.WrongWireType, (int)DecodeError("0D 00 00 00 00"));
        }

        [TestMethod]
        public void InvalidTags()
        {
            // field number 0
            Assert.AreEqual((int)ProtocolErrorReason.InvalidTag, (int)DecodeError("00 01"));
            // wire type 6 and 7
            Assert.AreEqual((int)ProtocolErrorReason.InvalidTag, (int)DecodeError("FE 07 00"));
            Assert.AreEqual((int)ProtocolErrorReason.InvalidTag, (int)DecodeError("FF 07 00"));
            // end group without a start
            Assert.AreEqual((int)ProtocolErrorReason.InvalidTag, (int)DecodeError("FC 07"));
            // group closed by another field's end
            Assert.AreEqual((int)ProtocolErrorReason.InvalidTag, (int)DecodeError("FB 07 F4 07"));
            // unterminated group
            Assert.AreEqual((int)ProtocolErrorReason.Truncated, (int)DecodeError("FB 07 08 01"));
        }

        [TestMethod]
        public void NestingBomb()
        {
            // 40 nested ParticipantUpdate-like frames: SignalResponse.update(5) -> participants(1)
            // -> tracks(4) ... use unknown nested groups: 64 start-groups deep
            byte[] groups = new byte[200];
            int n = 0;
            for (int i = 0; i < 64; i++)
            {
                groups[n++] = 0xFB;
                groups[n++] = 0x07;
            }

            byte[] input = new byte[n];
            Array.Copy(groups, input, n);
            try
            {
                SignalResponse.Decode(input);
                Assert.IsTrue(false, "no exception");
            }
            catch (ProtocolException e)
            {
                Assert.AreEqual((int)ProtocolErrorReason.NestingTooDeep, (int)e.Reason);
            }

            // length-delimited nesting: DataPacket.transcription(7)? use SignalResponse.join(1) ->
            // room... the generic way: 40 levels of JoinResponse.participant.permission are not
            // recursive, so build a recursion through unknown-but-known sub-messages is not possible;
            // instead use a reader with a small depth limit on a 3-level message.
            JoinResponse j = new JoinResponse();
            j.Participant = new ParticipantInfo();
            j.Participant.Permission = new ParticipantPermission();
            j.Participant.Permission.CanPublish = true;
            SignalResponse s = new SignalResponse();
            s.Join = j;
            byte[] bytes = s.ToByteArray();
            ProtoReader shallow = new ProtoReader(bytes, 0, bytes.Length, 2);
            try
            {
                SignalResponse.Decode(shallow);
                Assert.IsTrue(false, "no exception");
            }
            catch (ProtocolException e)
            {
                Assert.AreEqual((int)ProtocolErrorReason.NestingTooDeep, (int)e.Reason);
            }

            ProtoReader deep = new ProtoReader(bytes, 0, bytes.Length, 3);
            Assert.IsTrue(SignalResponse.Decode(deep).Join.Participant.Permission.CanPublish);
        }

        [TestMethod]
        public void PackedFixedWithBadLength()
        {
            // reader-level: a packed run of fixed32 with 3 bytes cannot be counted
            ProtoReader r = new ProtoReader(Hex.Parse("0A 03 01 02 03"), 0, 5);
            uint tag = r.ReadTag();
            Assert.ThrowsException(typeof(ProtocolException), () => { r.CountRepeated(tag, WireType.Fixed32, true); });
        }

        [TestMethod]
        public void BadArguments()
        {
            Assert.ThrowsException(typeof(ProtocolException), () => { SignalResponse.Decode(new byte[4], 3, 2); });
            Assert.ThrowsException(typeof(ProtocolException), () => { SignalResponse.Decode(new byte[4], -1, 2); });
            Assert.ThrowsException(typeof(ProtocolException), () => { SignalResponse.Decode((byte[])null); });
        }

        [TestMethod]
        public void TruncationOfAValidMessageAlwaysThrowsOrDecodes()
        {
            JoinResponse j = new JoinResponse();
            j.Room = new Room();
            j.Room.Name = "room";
            j.PingInterval = 5;
            SignalResponse s = new SignalResponse();
            s.Join = j;
            byte[] bytes = s.ToByteArray();
            for (int len = 1; len < bytes.Length; len++)
            {
                bool threw = false;
                try
                {
                    SignalResponse.Decode(bytes, 0, len);
                }
                catch (ProtocolException)
                {
                    threw = true;
                }

                Assert.IsTrue(threw, "prefix of " + len.ToString() + " bytes decoded");
            }
        }
    }
}
