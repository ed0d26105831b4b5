//
// Copyright (c) LiveKit for nanoFramework contributors. Licensed under the Apache License 2.0.
//

using System;
using LiveKit.Engine;
using nanoFramework.TestFramework;

namespace NFUnitTest
{
    [TestClass]
    public class BackoffTests
    {
        [TestMethod]
        public void StepDoublesFromBaseToCap()
        {
            Assert.AreEqual(300, Backoff.StepMs(0, 300, 7000));
            Assert.AreEqual(600, Backoff.StepMs(1, 300, 7000));
            Assert.AreEqual(1200, Backoff.StepMs(2, 300, 7000));
            Assert.AreEqual(4800, Backoff.StepMs(4, 300, 7000));
            Assert.AreEqual(7000, Backoff.StepMs(5, 300, 7000));
            Assert.AreEqual(7000, Backoff.StepMs(6, 300, 7000));
        }

        [TestMethod]
        public void NoOverflowAtAnyAttemptOrCap()
        {
            Assert.AreEqual(7000, Backoff.StepMs(int.MaxValue, 300, 7000));
            Assert.AreEqual(int.MaxValue, Backoff.StepMs(int.MaxValue, 300, int.MaxValue));
            Assert.AreEqual(int.MaxValue, Backoff.StepMs(31, 1, int.MaxValue));
            Assert.AreEqual(int.MaxValue, Backoff.StepMs(40, int.MaxValue, int.MaxValue));
            Random r = new Random(1);
            for (int attempt = 0; attempt < 80; attempt++)
            {
                int d = Backoff.DelayMs(attempt, 300, int.MaxValue, r);
                Assert.IsTrue(d > 0, "delay must stay positive at attempt " + attempt.ToString());
            }

            int big = Backoff.DelayMs(int.MaxValue, int.MaxValue, int.MaxValue, r);
            Assert.IsTrue(big >= int.MaxValue / 2);
        }

        [TestMethod]
        public void DegenerateArgumentsAreClamped()
        {
            Assert.AreEqual(1, Backoff.StepMs(-5, 0, 0));
            Assert.AreEqual(50, Backoff.StepMs(0, 50, 10));
        }

        [TestMethod]
        public void JitterStaysWithinHalfStepAndStepAndVaries()
        {
            Random r = new Random(42);
            int min = int.MaxValue;
            int max = 0;
            for (int i = 0; i < 500; i++)
            {
                int d = Backoff.DelayMs(3, 300, 7000, r);
                Assert.IsTrue(d >= 1200 && d <= 2400, "delay " + d.ToString() + " outside [1200, 2400]");
                if (d < min)
                {
                    min = d;
                }

                if (d > max)
                {
                    max = d;
                }
            }

            Assert.IsTrue(max - min > 600, "jitter should spread the delays");
        }
    }
}
