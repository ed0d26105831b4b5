//
// Copyright (c) LiveKit for nanoFramework contributors. Licensed under the Apache License 2.0.
//

using System;

namespace nanoFramework.TestFramework
{
    /// <summary>Writes test output (to the console on the host, to the debugger on a device).</summary>
    public static class OutputHelper
    {
        /// <summary>Writes a line of test output.</summary>
        public static void WriteLine(string message)
        {
            Console.WriteLine(message);
        }

        /// <summary>Writes test output without a line break.</summary>
        public static void Write(string message)
        {
            Console.Write(message);
        }
    }
}
