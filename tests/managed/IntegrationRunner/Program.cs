//
// Copyright (c) LiveKit for nanoFramework contributors. Licensed under the Apache License 2.0.
//

using System.Reflection;
using nanoFramework.TestFramework;

namespace LiveKit.IntegrationTests
{
    /// <summary>Entry point of the host-only integration tests.</summary>
    public static class Program
    {
        /// <summary>Runs the tests; see <see cref="TestRunner.Run"/> for the arguments.</summary>
        public static int Main(string[] args)
        {
            return TestRunner.Run(Assembly.GetExecutingAssembly(), args);
        }
    }
}
