//
// Copyright (c) LiveKit for nanoFramework contributors. Licensed under the Apache License 2.0.
//

using System;
using LiveKit.Protocol;
using nanoFramework.TestFramework;

namespace NFUnitTest.Protocol
{
    /// <summary>The wire primitives against known byte vectors.</summary>
    [TestClass]
    public class WireTests
    {
        private static string Write(int kind, long value)
        {
            byte[] buffer = new byte[16];
            ProtoWriter w = new ProtoWriter(buffer, 0, buffer.Length);
            switch (kind)
            {
                case 0:
                    w.WriteInt32((int)value);
                    break;
                case 1:
                    w.WriteInt64(value);
                    break;
                case 2:
                    w.WriteSInt32((int)value);
                    break;
                case 3:
                    w.WriteSInt64(value);
                    break;
                case 4:
                    w.WriteUInt32((uint)value);
                    break;
                case 5:
                    w.WriteFixed32((uint)value);
                    break;
                default:
                    w.WriteFixed64((ulong)value);
                    break;
            }

            return Hex.Format(buffer, 0, w.Written);
        }

        [TestMethod]
        public void VarintKnownVectors()
        {
            Assert.AreEqual("00", Write(0, 0));
            Assert.AreEqual("01", Write(0, 1));
            Assert.AreEqual("7F", Write(0, 127));
            Assert.AreEqual("80 01", Write(0, 128));
            Assert.AreEqual("AC 02", Write(0, 300));
            Assert.AreEqual("FF FF FF FF 07", Write(0, int.MaxValue));
            Assert.AreEqual("FF FF FF FF 0F", Write(4, uint.MaxValue));
            Assert.AreEqual("FF FF FF FF FF FF FF FF 7F", Write(1, long.MaxValue));
        }

        [TestMethod]
        public void NegativeInt32IsTenBytes()
        {
            Assert.AreEqual("FF FF FF FF FF FF FF FF FF 01", Write(0, -1));
            Assert.AreEqual("80 80 80 80 F8 FF FF FF FF 01", Write(0, int.MinValue));
            Assert.AreEqual("FF FF FF FF FF FF FF FF FF 01", Write(1, -1));
            Assert.AreEqual("80 80 80 80 80 80 80 80 80 01", Write(1, long.MinValue));
            Assert.AreEqual(10, ProtoSize.Int32(-1));

            ProtoReader r = new ProtoReader(Hex.Parse("FF FF FF FF FF FF FF FF FF 01"), 0, 10);
            Assert.AreEqual(-1, r.ReadInt32());
            Assert.IsTrue(r.IsAtLimit);
            r = new ProtoReader(Hex.Parse("80 80 80 80 80 80 80 80 80 01"), 0, 10);
            Assert.AreEqual(long.MinValue, r.ReadInt64());
        }

        [TestMethod]
        public void ZigZag()
        {
            Assert.AreEqual("00", Write(2, 0));
            Assert.AreEqual("01", Write(2, -1));
            Assert.AreEqual("02", Write(2, 1));
            Assert.AreEqual("03", Write(2, -2));
            Assert.AreEqual("FE FF FF FF 0F", Write(2, int.MaxValue));
            Assert.AreEqual("FF FF FF FF 0F", Write(2, int.MinValue));
            Assert.AreEqual("FF FF FF FF FF FF FF FF FF 01", Write(3, long.MinValue));
            Assert.AreEqual(int.MinValue, ProtoReader.DecodeZigZag32(0xFFFFFFFF));
            Assert.AreEqual(-2L, ProtoReader.DecodeZigZag64(3));
            Assert.AreEqual(long.MaxValue, ProtoReader.DecodeZigZag64(0xFFFFFFFFFFFFFFFE));
        }

        [TestMethod]
        public void FixedAreLittleEndian()
        {
            Assert.AreEqual("78 56 34 12", Write(5, 0x12345678));
            Assert.AreEqual("08 07 06 05 04 03 02 01", Write(6, 0x0102030405060708));
            ProtoReader r = new ProtoReader(Hex.Parse("78 56 34 12 08 07 06 05 04 03 02 01"), 0, 12);
            Assert.AreEqual((uint)0x12345678, r.ReadFixed32());
            Assert.AreEqual((ulong)0x0102030405060708, r.ReadFixed64());
        }

        [TestMethod]
        public void FloatAndDouble()
        {
            byte[] buffer = new byte[12];
            ProtoWriter w = new ProtoWriter(buffer, 0, 12);
            w.WriteFloat(1.5f);
            w.WriteDouble(-2.25);
            Assert.AreEqual("00 00 C0 3F 00 00 00 00 00 00 02 C0", Hex.Format(buffer));
            ProtoReader r = new ProtoReader(buffer, 0, 12);
            Assert.AreEqual(1.5f, r.ReadFloat());
            Assert.AreEqual(-2.25, r.ReadDouble());
        }

        [TestMethod]
        public void StringsAreUtf8()
        {
            // "é" (2 bytes), "€" (3 bytes), U+1F600 (surrogate pair, 4 bytes)
            string s = "a\u00e9\u20ac\ud83d\ude00";
            Assert.AreEqual(10, ProtoSize.Utf8Length(s));
            byte[] buffer = new byte[16];
            ProtoWriter w = new ProtoWriter(buffer, 0, 16);
            w.WriteString(s);
            Assert.AreEqual("0A 61 C3 A9 E2 82 AC F0 9F 98 80", Hex.Format(buffer, 0, w.Written));
            ProtoReader r = new ProtoReader(buffer, 0, w.Written);
            Assert.AreEqual(s, r.ReadString());
        }

        [TestMethod]
        public void ReaderHonoursOffsetAndLength()
        {
            // garbage around a tag+varint 300 in the middle of the buffer
            byte[] data = Hex.Parse("FF FF 08 AC 02 FF");
            ProtoReader r = new ProtoReader(data, 2, 3);
            uint tag = r.ReadTag();
            Assert.AreEqual(1, ProtoReader.FieldNumber(tag));
            Assert.AreEqual((int)WireType.Varint, (int)ProtoReader.TagWireType(tag));
            Assert.AreEqual(300, r.ReadInt32());
            Assert.AreEqual((uint)0, r.ReadTag());
        }

        [TestMethod]
        public void PackedAndUnpackedRepeatedAreBothAccepted()
        {
            // ClientInfo.capabilities = 13, packed enum [1, 2]: tag 6A len 02 01 02
            ClientInfo packed = ClientInfo.Decode(Hex.Parse("6A 02 01 02"));
            Assert.AreEqual(2, packed.Capabilities.Length);
            Assert.AreEqual((int)ClientInfoCapability.CapPacketTrailer, (int)packed.Capabilities[0]);
            Assert.AreEqual((int)ClientInfoCapability.CapCompressionDeflateRaw, (int)packed.Capabilities[1]);

            // unpacked: tag 68 value, twice; then mixed with a packed run
            ClientInfo unpacked = ClientInfo.Decode(Hex.Parse("68 01 68 02 6A 02 00 01"));
            Assert.AreEqual(4, unpacked.Capabilities.Length);
            Assert.AreEqual(2, (int)unpacked.Capabilities[1]);
            Assert.AreEqual(0, (int)unpacked.Capabilities[2]);
            Assert.AreEqual(1, (int)unpacked.Capabilities[3]);

            // the writer always packs
            ClientInfo c = new ClientInfo();
            c.Capabilities = new ClientInfoCapability[] { ClientInfoCapability.CapPacketTrailer, ClientInfoCapability.CapCompressionDeflateRaw };
            Assert.AreEqual("6A 02 01 02", Hex.Format(c.ToByteArray()));
        }

        [TestMethod]
        public void RepeatedStringsAndMessages()
        {
            UpdateSubscription u = new UpdateSubscription();
            u.TrackSids = new string[] { "a", string.Empty, "bc" };
            u.Subscribe = true;
            byte[] bytes = u.ToByteArray();
            Assert.AreEqual("0A 01 61 0A 00 0A 02 62 63 10 01", Hex.Format(bytes));
            UpdateSubscription back = UpdateSubscription.Decode(bytes);
            Assert.AreEqual(3, back.TrackSids.Length);
            Assert.AreEqual(string.Empty, back.TrackSids[1]);
            Assert.AreEqual("bc", back.TrackSids[2]);
            Assert.IsTrue(back.Subscribe);
            Assert.AreEqual(0, back.ParticipantTracks.Length);
        }

        [TestMethod]
        public void WriterIntoCallerBufferAtOffset()
        {
            Ping p = new Ping();
            p.Timestamp = 300;
            p.Rtt = 1;
            byte[] buffer = new byte[10];
            buffer[0] = 0xEE;
            int n = p.EncodeTo(buffer, 1);
            Assert.AreEqual(5, n);
            Assert.AreEqual("EE 08 AC 02 10 01", Hex.Format(buffer, 0, 6));
            Ping back = Ping.Decode(buffer, 1, n);
            Assert.AreEqual(300L, back.Timestamp);
            Assert.AreEqual(1L, back.Rtt);
        }

        [TestMethod]
        public void WriterRejectsSmallBuffer()
        {
            Ping p = new Ping();
            p.Timestamp = 300;
            byte[] buffer = new byte[2];
            Assert.ThrowsException(typeof(ProtocolException), () => { p.EncodeTo(buffer, 0); });
            Assert.AreEqual(0, (int)buffer[0]);
            ProtoWriter w = new ProtoWriter(buffer, 0, 2);
            Assert.ThrowsException(typeof(ProtocolException), () => { w.WriteInt32(300000); });

            // a reused writer: the second message does not fit in what is left, nothing is written
            byte[] frame = new byte[5];
            ProtoWriter reused = new ProtoWriter(frame, 0, frame.Length);
            Assert.AreEqual(3, p.EncodeTo(reused));
            Assert.AreEqual(2, reused.Remaining);
            Assert.ThrowsException(typeof(ProtocolException), () => { p.EncodeTo(reused); });
            Assert.AreEqual(3, reused.Position);
            Assert.AreEqual(0, (int)frame[3]);
            reused.Reset(frame, 0, frame.Length);
            Assert.AreEqual(3, p.EncodeTo(reused));
            Assert.AreEqual("08 AC 02 00 00", Hex.Format(frame));
        }
    }
}
