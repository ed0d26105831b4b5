//
// Copyright (c) LiveKit for nanoFramework contributors. Licensed under the Apache License 2.0.
//
// Tests with known outcomes. The suite script expects exactly: 5 passed, 4 failed, 1 skipped,
// and that setup ran before and cleanup after the tests of each class.

using System;
using System.Collections;
using System.Reflection;
using nanoFramework.TestFramework;

namespace RunnerSelfTest
{
    [TestClass]
    public class KnownOutcomes
    {
        private static int s_setupRuns;

        [Setup]
        public void Setup()
        {
            s_setupRuns++;
            Console.WriteLine("setup ran");
        }

        [TestMethod]
        public void SetupRanOnce()
        {
            Assert.AreEqual(1, s_setupRuns);
        }

        [TestMethod]
        public void Passes()
        {
            Assert.AreEqual(3L, 3L);
            Assert.AreEqual("a", "a");
            CollectionAssert.AreEqual(new ArrayList { 1, 2 }, new ArrayList { 1, 2 });
            Assert.ThrowsException(typeof(InvalidOperationException), () => throw new InvalidOperationException());
        }

        [TestMethod]
        public void FailsOnAreEqual()
        {
            Assert.AreEqual(1, 2);
        }

        [TestMethod]
        public void FailsOnUnexpectedException()
        {
            throw new ArgumentException("boom");
        }

        [TestMethod]
        public void FailsWhenNothingIsThrown()
        {
            Assert.ThrowsException(typeof(ArgumentException), () => { });
        }

        [TestMethod]
        public void Skips()
        {
            Assert.SkipTest("not on this host");
        }

        [TestMethod]
        [DataRow(1, 2, 3)]
        [DataRow(2, 2, 4)]
        [DataRow(2, 2, 5)]
        public void RowsAdd(int a, int b, int sum)
        {
            Assert.AreEqual(sum, a + b);
        }

        [TestMethod]
        public void CollectionsCompareByElement()
        {
            CollectionAssert.AreNotEqual(new ArrayList { 1, 2 }, new ArrayList { 2, 1 });
        }

        [Cleanup]
        public void Cleanup()
        {
            Console.WriteLine("cleanup ran");
        }
    }

    public static class Program
    {
        public static int Main(string[] args)
        {
            return TestRunner.Run(Assembly.GetExecutingAssembly(), args);
        }
    }
}
