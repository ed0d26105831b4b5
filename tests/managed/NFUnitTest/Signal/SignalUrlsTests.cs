//
// Copyright (c) LiveKit for nanoFramework contributors. Licensed under the Apache License 2.0.
//

using LiveKit;
using LiveKit.Protocol;
using LiveKit.Signal;
using nanoFramework.TestFramework;

namespace NFUnitTest
{
    [TestClass]
    public class SignalUrlsTests
    {
        [TestMethod]
        public void Base64UrlUsesTheUrlAlphabetAndRoundTrips()
        {
            byte[] data = new byte[] { 0xFB, 0xFF, 0xBF, 0x00, 0x3E };
            string s = Base64Url.Encode(data, 0, data.Length);
            Assert.AreEqual("-_-_AD4=", s);
            Assert.AreEqual("-_-_AD4%3D", Base64Url.EncodeForQuery(data, 0, data.Length));
            byte[] back = Base64Url.Decode(s);
            CollectionAssert.AreEqual(data, back);
            CollectionAssert.AreEqual(data, Base64Url.Decode("-_-_AD4"));
        }

        [TestMethod]
        public void BaseUrlNormalisation()
        {
            Assert.AreEqual("wss://x.livekit.cloud", SignalUrls.WebSocketBase("https://x.livekit.cloud/"));
            Assert.AreEqual("ws://127.0.0.1:7880", SignalUrls.WebSocketBase("http://127.0.0.1:7880"));
            Assert.AreEqual("ws://h:1", SignalUrls.WebSocketBase("ws://h:1//"));
            Assert.AreEqual("wss://host", SignalUrls.WebSocketBase("host"));
            Assert.AreEqual("https://x", SignalUrls.HttpBase("wss://x"));
            Assert.AreEqual("http://x:1", SignalUrls.HttpBase("ws://x:1"));
        }

        [TestMethod]
        public void V1UrlCarriesTheJoinRequest()
        {
            JoinRequest jr = new JoinRequest();
            ClientInfo ci = new ClientInfo();
            ci.Sdk = ClientInfoSdk.Dotnet;
            ci.Protocol = 17;
            ci.ClientProtocol = 1;
            ci.Version = "0.1.0";
            ci.DeviceModel = "ESP32-S3";
            jr.ClientInfo = ci;
            jr.Reconnect = true;
            jr.ParticipantSid = "PA_x";
            string url = SignalUrls.V1("ws://h:1", jr);
            Assert.IsTrue(url.IndexOf("ws://h:1/rtc/v1?join_request=") == 0);
            Assert.IsTrue(url.IndexOf("access_token") < 0, "the token goes in the header");
            JoinRequest back = ScriptedSignalServerDouble.ParseJoin(url);
            Assert.AreEqual(17, back.ClientInfo.Protocol);
            Assert.AreEqual(1, back.ClientInfo.ClientProtocol);
            Assert.AreEqual("ESP32-S3", back.ClientInfo.DeviceModel);
            Assert.IsTrue(back.Reconnect);
            Assert.AreEqual("PA_x", back.ParticipantSid);
            Assert.IsTrue(SignalUrls.V1Validate("ws://h:1", jr).IndexOf("http://h:1/rtc/v1/validate?join_request=") == 0);
        }

        [TestMethod]
        public void V0UrlHasTheQueryParameters()
        {
            JoinRequest jr = new JoinRequest();
            ClientInfo ci = new ClientInfo();
            ci.Sdk = ClientInfoSdk.Dotnet;
            ci.Protocol = 17;
            ci.Version = "0.1.0";
            ci.Os = "nano Framework";
            jr.ClientInfo = ci;
            jr.Reconnect = true;
            jr.ParticipantSid = "PA_1";
            jr.ReconnectReason = ReconnectReason.RrSignalDisconnected;
            string url = SignalUrls.V0("wss://h", jr);
            Assert.AreEqual("wss://h/rtc?auto_subscribe=1&sdk=dotnet&version=0.1.0&protocol=17&client_protocol=0&os=nano%20Framework&reconnect=1&sid=PA_1&reconnect_reason=1", url);
            Assert.IsTrue(SignalUrls.V0Validate("wss://h", jr).IndexOf("https://h/rtc/validate?") == 0);
        }

        [TestMethod]
        public void ValidateAnswersMapToClearErrors()
        {
            bool v0;
            Assert.AreEqual((int)ConnectionError.Unreachable, (int)SignalClient.MapValidate(-1, "", false, out v0));
            Assert.AreEqual((int)ConnectionError.BadToken, (int)SignalClient.MapValidate(401, "invalid token: signature mismatch", false, out v0));
            Assert.AreEqual((int)ConnectionError.Unauthorized, (int)SignalClient.MapValidate(401, "no permissions to access the room", false, out v0));
            Assert.AreEqual((int)ConnectionError.Unauthorized, (int)SignalClient.MapValidate(403, "forbidden", false, out v0));
            Assert.AreEqual((int)ConnectionError.NotFound, (int)SignalClient.MapValidate(404, "404 page not found", false, out v0));
            Assert.IsTrue(v0, "a bare 404 on v1 means: try /rtc");
            Assert.AreEqual((int)ConnectionError.NotFound, (int)SignalClient.MapValidate(404, "requested room does not exist", false, out v0));
            Assert.IsFalse(v0, "a missing room is not a missing endpoint");
            SignalClient.MapValidate(404, "404 page not found", true, out v0);
            Assert.IsFalse(v0, "no fallback below v0");
            Assert.AreEqual((int)ConnectionError.ServerError, (int)SignalClient.MapValidate(500, "boom", false, out v0));
        }

        [TestMethod]
        public void CandidateJsonRoundTrip()
        {
            string json = CandidateJson.Build("candidate:1 1 udp 1 127.0.0.1 5 typ host \"q\"", "0", 0);
            Assert.AreEqual("candidate:1 1 udp 1 127.0.0.1 5 typ host \"q\"", CandidateJson.GetString(json, "candidate"));
            Assert.AreEqual("0", CandidateJson.GetString(json, "sdpMid"));
            Assert.AreEqual(0, CandidateJson.GetInt(json, "sdpMLineIndex", -1));
            string other = "{ \"sdpMid\" : \"1\", \"candidate\":\"candidate:2 \\u0041\", \"sdpMLineIndex\": 3, \"usernameFragment\": null}";
            Assert.AreEqual("candidate:2 A", CandidateJson.GetString(other, "candidate"));
            Assert.AreEqual("1", CandidateJson.GetString(other, "sdpMid"));
            Assert.AreEqual(3, CandidateJson.GetInt(other, "sdpMLineIndex", -1));
            Assert.IsNull(CandidateJson.GetString(other, "usernameFragment"));
            Assert.IsNull(CandidateJson.GetString(other, "missing"));
        }
    }
}
