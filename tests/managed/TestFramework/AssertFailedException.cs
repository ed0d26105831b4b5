//
// Copyright (c) LiveKit for nanoFramework contributors. Licensed under the Apache License 2.0.
//

using System;

namespace nanoFramework.TestFramework
{
    /// <summary>Thrown by a failed assertion.</summary>
    public class AssertFailedException : Exception
    {
        /// <summary>Creates the exception with the assertion's message.</summary>
        public AssertFailedException(string message) : base(message)
        {
        }
    }

    /// <summary>Thrown by <see cref="Assert.SkipTest"/>: the test is reported as skipped.</summary>
    public class SkipTestException : Exception
    {
        /// <summary>Creates the exception with the reason for skipping.</summary>
        public SkipTestException(string message) : base(message)
        {
        }
    }
}
