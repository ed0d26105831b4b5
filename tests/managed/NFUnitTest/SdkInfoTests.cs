//
// Copyright (c) LiveKit for nanoFramework contributors. Licensed under the Apache License 2.0.
//

using LiveKit;
using nanoFramework.TestFramework;

namespace NFUnitTest
{
    [TestClass]
    public class SdkInfoTests
    {
        [TestMethod]
        public void ProtocolIsWhatTheServerSpeaks()
        {
            Assert.AreEqual(17, SdkInfo.Protocol);
            Assert.IsTrue(SdkInfo.ClientProtocol >= 0);
            Assert.IsFalse(SdkInfo.Version.Length == 0);
        }
    }
}
