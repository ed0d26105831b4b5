//
// Copyright (c) LiveKit for nanoFramework contributors. Licensed under the Apache License 2.0.
//

using System;

namespace LiveKit.Engine
{
    /// <summary>
    /// Reconnection delays: exponential growth from a base to a cap, with "equal jitter" (half
    /// the step fixed, half random) so that many devices that lost the same server do not come
    /// back in lock-step, and never zero. Pure arithmetic, no overflow for any attempt number
    /// or cap: the exponent is clamped before shifting and every product stays under the cap.
    /// </summary>
    internal static class Backoff
    {
        /// <summary>
        /// The delay before retry number <paramref name="attempt"/> (0 for the first retry):
        /// step = min(maxMs, baseMs * 2^attempt); result in [step/2, step].
        /// </summary>
        /// <param name="attempt">Retries made so far (any non-negative value, even int.MaxValue).</param>
        /// <param name="baseMs">The first step, at least 1.</param>
        /// <param name="maxMs">The largest step, at least <paramref name="baseMs"/>.</param>
        /// <param name="random">The jitter source.</param>
        public static int DelayMs(int attempt, int baseMs, int maxMs, Random random)
        {
            int step = StepMs(attempt, baseMs, maxMs);
            int half = step / 2;
            int jitter = random.Next(step - half + 1);
            return half + jitter;
        }

        /// <summary>The step without jitter: min(maxMs, baseMs * 2^attempt), computed without overflow.</summary>
        public static int StepMs(int attempt, int baseMs, int maxMs)
        {
            if (baseMs < 1)
            {
                baseMs = 1;
            }

            if (maxMs < baseMs)
            {
                maxMs = baseMs;
            }

            if (attempt < 0)
            {
                attempt = 0;
            }

            long step = baseMs;
            for (int i = 0; i < attempt && step < maxMs; i++)
            {
                step *= 2;
            }

            return step > maxMs ? maxMs : (int)step;
        }
    }
}
