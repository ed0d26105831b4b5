//
// Copyright (c) LiveKit for nanoFramework contributors. Licensed under the Apache License 2.0.
//

using System;
using System.Threading;

namespace NFUnitTest
{
    /// <summary>A condition a test waits for.</summary>
    public delegate bool TestCondition();

    /// <summary>
    /// Waits for a condition with a deadline, waking on a given event (the doubles and the
    /// recorders pulse theirs on every change) and re-checking at least every 20 ms.
    /// </summary>
    public static class TestWait
    {
        /// <summary>True when <paramref name="condition"/> became true within <paramref name="timeoutMs"/>.</summary>
        public static bool Until(TestCondition condition, int timeoutMs, WaitHandle wake)
        {
            DateTime end = DateTime.UtcNow.AddMilliseconds(timeoutMs);
            while (true)
            {
                if (condition())
                {
                    return true;
                }

                if (DateTime.UtcNow >= end)
                {
                    return condition();
                }

                if (wake != null)
                {
                    wake.WaitOne(20, false);
                }
                else
                {
                    Thread.Sleep(5);
                }
            }
        }
    }
}
