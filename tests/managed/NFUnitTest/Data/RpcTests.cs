//
// Copyright (c) LiveKit for nanoFramework contributors. Licensed under the Apache License 2.0.
//

using System;
using System.Text;
using System.Threading;
using LiveKit;
using LiveKit.Data;
using nanoFramework.TestFramework;

namespace NFUnitTest.Data
{
    /// <summary>
    /// RPC between data layers over the in-memory router double, in every version pairing
    /// (v2 = client_protocol 1 takes data streams, v1 = 0 takes packets only).
    /// </summary>
    [TestClass]
    public class RpcTests
    {
        private static string Repeat(char c, int n)
        {
            return new string(c, n);
        }

        private static RpcError Call(InMemoryDataRouterForTests.Endpoint from, string to, string method, string payload, int timeoutMs)
        {
            try
            {
                from.Layer.RpcClient.PerformRpc(to, method, payload, timeoutMs);
            }
            catch (RpcError e)
            {
                return e;
            }

            return null;
        }

        [TestMethod]
        [DataRow(1, 1)]
        [DataRow(1, 0)]
        [DataRow(0, 1)]
        [DataRow(0, 0)]
        public void EchoRoundTripInEveryVersionPairing(int callerProtocol, int calleeProtocol)
        {
            InMemoryDataRouterForTests router = new InMemoryDataRouterForTests();
            try
            {
                InMemoryDataRouterForTests.Endpoint a = router.Add("alice", callerProtocol);
                InMemoryDataRouterForTests.Endpoint b = router.Add("bob", calleeProtocol);
                string seenCaller = null;
                int seenTimeout = 0;
                b.Layer.RpcServer.Register("echo", (data) =>
                {
                    seenCaller = data.CallerIdentity;
                    seenTimeout = data.ResponseTimeoutMs;
                    return "echo:" + data.Payload;
                });
                string r = a.Layer.RpcClient.PerformRpc("bob", "echo", "h\u00e9llo", 5000);
                Assert.AreEqual("echo:h\u00e9llo", r);
                Assert.AreEqual("alice", seenCaller);
                Assert.AreEqual(5000, seenTimeout);
                Assert.AreEqual(0, a.Layer.RpcClient.PendingCount);
            }
            finally
            {
                router.StopAll();
            }
        }

        [TestMethod]
        public void V2CarriesPayloadsPastTheV1LimitBothWays()
        {
            InMemoryDataRouterForTests router = new InMemoryDataRouterForTests();
            try
            {
                InMemoryDataRouterForTests.Endpoint a = router.Add("alice", 1);
                InMemoryDataRouterForTests.Endpoint b = router.Add("bob", 1);
                b.Layer.RpcServer.Register("grow", (data) => data.Payload + data.Payload);
                string payload = Repeat('x', 20000);
                string r = a.Layer.RpcClient.PerformRpc("bob", "grow", payload, 5000);
                Assert.AreEqual(40000, r.Length);
            }
            finally
            {
                router.StopAll();
            }
        }

        [TestMethod]
        public void V1PayloadAtTheLimitPassesAndOneByteOverIsRefusedWithoutSending()
        {
            InMemoryDataRouterForTests router = new InMemoryDataRouterForTests();
            try
            {
                InMemoryDataRouterForTests.Endpoint a = router.Add("alice", 1);
                InMemoryDataRouterForTests.Endpoint b = router.Add("bob", 0);
                b.Layer.RpcServer.Register("len", (data) => Encoding.UTF8.GetBytes(data.Payload).Length.ToString());
                Assert.AreEqual("15360", a.Layer.RpcClient.PerformRpc("bob", "len", Repeat('a', 15360), 5000));
                int before = router.Packets;
                RpcError e = Call(a, "bob", "len", Repeat('a', 15361), 5000);
                Assert.IsNotNull(e);
                Assert.AreEqual(RpcErrorCode.RequestPayloadTooLarge, e.Code);
                Assert.AreEqual(before, router.Packets, "a refused request must not be sent");

                // A multi-byte payload is measured in UTF-8 bytes, not characters.
                e = Call(a, "bob", "len", Repeat('\u00e9', 7681), 5000);
                Assert.AreEqual(RpcErrorCode.RequestPayloadTooLarge, e.Code);
            }
            finally
            {
                router.StopAll();
            }
        }

        [TestMethod]
        public void V1ResponseOverTheLimitBecomesResponsePayloadTooLarge()
        {
            InMemoryDataRouterForTests router = new InMemoryDataRouterForTests();
            try
            {
                InMemoryDataRouterForTests.Endpoint a = router.Add("alice", 0);
                InMemoryDataRouterForTests.Endpoint b = router.Add("bob", 1);
                b.Layer.RpcServer.Register("big", (data) => Repeat('z', 15361));
                b.Layer.RpcServer.Register("limit", (data) => Repeat('z', 15360));
                Assert.AreEqual(15360, a.Layer.RpcClient.PerformRpc("bob", "limit", "", 5000).Length);
                RpcError e = Call(a, "bob", "big", "", 5000);
                Assert.AreEqual(RpcErrorCode.ResponsePayloadTooLarge, e.Code);
            }
            finally
            {
                router.StopAll();
            }
        }

        [TestMethod]
        [DataRow(1)]
        [DataRow(0)]
        public void ErrorsReachTheCaller(int calleeProtocol)
        {
            InMemoryDataRouterForTests router = new InMemoryDataRouterForTests();
            try
            {
                InMemoryDataRouterForTests.Endpoint a = router.Add("alice", 1);
                InMemoryDataRouterForTests.Endpoint b = router.Add("bob", calleeProtocol);
                b.Layer.RpcServer.Register("custom", (data) => { throw new RpcError(101, "Test error message", "extra"); });
                b.Layer.RpcServer.Register("crash", (data) => { throw new ArgumentException("boom"); });
                b.Layer.RpcServer.Register("long-message", (data) => { throw new RpcError(7, Repeat('m', 1000)); });

                RpcError e = Call(a, "bob", "custom", "", 5000);
                Assert.AreEqual(101, e.Code);
                Assert.AreEqual("Test error message", e.Message);
                Assert.AreEqual("extra", e.Data);

                e = Call(a, "bob", "crash", "", 5000);
                Assert.AreEqual(RpcErrorCode.ApplicationError, e.Code);

                e = Call(a, "bob", "nope", "", 5000);
                Assert.AreEqual(RpcErrorCode.UnsupportedMethod, e.Code);

                e = Call(a, "bob", "long-message", "", 5000);
                Assert.AreEqual(RpcError.MaxMessageBytes, e.Message.Length);

                e = Call(a, "nobody", "custom", "", 5000);
                Assert.AreEqual(RpcErrorCode.RecipientNotFound, e.Code);
            }
            finally
            {
                router.StopAll();
            }
        }

        [TestMethod]
        public void SilentCalleeGivesConnectionTimeoutAndSlowHandlerGivesResponseTimeout()
        {
            InMemoryDataRouterForTests router = new InMemoryDataRouterForTests();
            try
            {
                InMemoryDataRouterForTests.Endpoint a = router.Add("alice", 1);
                InMemoryDataRouterForTests.Endpoint b = router.Add("bob", 0);
                a.Layer.RpcClient.AckTimeoutMs = 300;
                ManualResetEvent release = new ManualResetEvent(false);
                b.Layer.RpcServer.Register("slow", (data) =>
                {
                    release.WaitOne(5000, false);
                    return "late";
                });

                // Acked at once, then no response within 400 ms.
                RpcError e = Call(a, "bob", "slow", "", 400);
                Assert.AreEqual(RpcErrorCode.ResponseTimeout, e.Code);
                release.Set();

                b.DropIncoming = true;
                e = Call(a, "bob", "slow", "", 5000);
                Assert.AreEqual(RpcErrorCode.ConnectionTimeout, e.Code);
                Assert.AreEqual(0, a.Layer.RpcClient.PendingCount);
            }
            finally
            {
                router.StopAll();
            }
        }

        [TestMethod]
        public void CalleeLeavingFailsThePendingCall()
        {
            InMemoryDataRouterForTests router = new InMemoryDataRouterForTests();
            try
            {
                InMemoryDataRouterForTests.Endpoint a = router.Add("alice", 1);
                InMemoryDataRouterForTests.Endpoint b = router.Add("bob", 1);
                ManualResetEvent entered = new ManualResetEvent(false);
                ManualResetEvent release = new ManualResetEvent(false);
                b.Layer.RpcServer.Register("hang", (data) =>
                {
                    entered.Set();
                    release.WaitOne(5000, false);
                    return "never";
                });
                RpcError result = null;
                Thread caller = new Thread(() => { result = Call(a, "bob", "hang", "", 10000); });
                caller.Start();
                Assert.IsTrue(entered.WaitOne(5000, false));

                // Bob's link dies with the call in progress; then he leaves the room.
                b.DropOutgoing = true;
                release.Set();
                router.Remove(b);
                Assert.IsTrue(caller.Join(5000));
                Assert.IsNotNull(result);
                Assert.IsTrue(result.Code == RpcErrorCode.RecipientDisconnected, "code " + result.Code.ToString());
            }
            finally
            {
                router.StopAll();
            }
        }

        [TestMethod]
        public void PerformRpcOnTheEventThreadIsRefused()
        {
            InMemoryDataRouterForTests router = new InMemoryDataRouterForTests();
            try
            {
                InMemoryDataRouterForTests.Endpoint a = router.Add("alice", 1);
                InMemoryDataRouterForTests.Endpoint b = router.Add("bob", 1);
                Exception seen = null;
                b.Layer.RpcServer.Register("nested", (data) =>
                {
                    try
                    {
                        b.Layer.RpcClient.PerformRpc("alice", "x", "", 1000);
                    }
                    catch (Exception ex)
                    {
                        seen = ex;
                    }

                    return "done";
                });
                Assert.AreEqual("done", a.Layer.RpcClient.PerformRpc("bob", "nested", "", 5000));
                Assert.IsNotNull(seen);
                Assert.IsInstanceOfType(seen, typeof(InvalidOperationException));
            }
            finally
            {
                router.StopAll();
            }
        }

        [TestMethod]
        public void RegisteringAMethodTwiceIsRefused()
        {
            InMemoryDataRouterForTests router = new InMemoryDataRouterForTests();
            try
            {
                InMemoryDataRouterForTests.Endpoint a = router.Add("alice", 1);
                a.Layer.RpcServer.Register("m", (d) => "1");
                Assert.ThrowsException(typeof(InvalidOperationException), () => a.Layer.RpcServer.Register("m", (d) => "2"));
                a.Layer.RpcServer.Unregister("m");
                a.Layer.RpcServer.Register("m", (d) => "3");
            }
            finally
            {
                router.StopAll();
            }
        }
    }
}
