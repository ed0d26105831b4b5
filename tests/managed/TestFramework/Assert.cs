//
// Copyright (c) LiveKit for nanoFramework contributors. Licensed under the Apache License 2.0.
//

using System;

namespace nanoFramework.TestFramework
{
    /// <summary>
    /// Assertions with the names and signatures of nanoFramework.TestFramework 3.x. A failed
    /// assertion throws <see cref="AssertFailedException"/> with a message naming the assertion.
    /// </summary>
    public sealed partial class Assert
    {
        /// <summary>Fails when the objects are not equal (<see cref="object.Equals(object, object)"/>).</summary>
        public static void AreEqual(object expected, object actual, string message = "")
        {
            if (!Equals(expected, actual))
            {
                HandleFail("Assert.AreEqual", "Expected:<" + Show(expected) + ">. Actual:<" + Show(actual) + ">. " + message);
            }
        }

        /// <summary>Fails when the objects are equal.</summary>
        public static void AreNotEqual(object notExpected, object actual, string message = "")
        {
            if (Equals(notExpected, actual))
            {
                HandleFail("Assert.AreNotEqual", "Both are <" + Show(actual) + ">. " + message);
            }
        }

        /// <summary>Fails when the two references are not the same object.</summary>
        public static void AreSame(object expected, object actual, string message = "")
        {
            if (!ReferenceEquals(expected, actual))
            {
                HandleFail("Assert.AreSame", message);
            }
        }

        /// <summary>Fails when the two references are the same object.</summary>
        public static void AreNotSame(object notExpected, object actual, string message = "")
        {
            if (ReferenceEquals(notExpected, actual))
            {
                HandleFail("Assert.AreNotSame", message);
            }
        }

        /// <summary>Fails when the condition is false.</summary>
        public static void IsTrue(bool condition, string message = "")
        {
            if (!condition)
            {
                HandleFail("Assert.IsTrue", message);
            }
        }

        /// <summary>Fails when the condition is true.</summary>
        public static void IsFalse(bool condition, string message = "")
        {
            if (condition)
            {
                HandleFail("Assert.IsFalse", message);
            }
        }

        /// <summary>Fails when the value is not null.</summary>
        public static void IsNull(object value, string message = "")
        {
            if (value != null)
            {
                HandleFail("Assert.IsNull", "Actual:<" + Show(value) + ">. " + message);
            }
        }

        /// <summary>Fails when the value is null.</summary>
        public static void IsNotNull(object value, string message = "")
        {
            if (value == null)
            {
                HandleFail("Assert.IsNotNull", message);
            }
        }

        /// <summary>Fails unless the value's type is exactly <paramref name="expected"/>.</summary>
        public static void IsInstanceOfType(object value, Type expected, string message = "")
        {
            if (value == null || value.GetType() != expected)
            {
                HandleFail("Assert.IsInstanceOfType", "Expected type:<" + expected + ">. Actual type:<" + (value == null ? "(null)" : value.GetType().ToString()) + ">. " + message);
            }
        }

        /// <summary>Fails when the value's type is exactly <paramref name="notExpected"/>.</summary>
        public static void IsNotInstanceOfType(object value, Type notExpected, string message = "")
        {
            if (value != null && value.GetType() == notExpected)
            {
                HandleFail("Assert.IsNotInstanceOfType", "Wrong type:<" + notExpected + ">. " + message);
            }
        }

        /// <summary>Fails unless <paramref name="other"/> contains <paramref name="expected"/>.</summary>
        public static void Contains(string expected, string other, string message = "")
        {
            if (expected == null || other == null || other.IndexOf(expected, StringComparison.Ordinal) < 0)
            {
                HandleFail("Assert.Contains", Show(other) + " does not contain " + Show(expected) + ". " + message);
            }
        }

        /// <summary>Fails when <paramref name="other"/> contains <paramref name="expected"/>.</summary>
        public static void DoesNotContains(string expected, string other, string message = "")
        {
            if (expected == null || other == null || other.IndexOf(expected, StringComparison.Ordinal) >= 0)
            {
                HandleFail("Assert.DoesNotContains", Show(other) + " should not contain " + Show(expected) + ". " + message);
            }
        }

        /// <summary>Fails unless <paramref name="other"/> starts with <paramref name="expected"/>.</summary>
        public static void StartsWith(string expected, string other, string message = "")
        {
            if (expected == null || other == null || !other.StartsWith(expected, StringComparison.Ordinal))
            {
                HandleFail("Assert.StartsWith", Show(other) + " does not start with " + Show(expected) + ". " + message);
            }
        }

        /// <summary>Fails unless <paramref name="other"/> ends with <paramref name="expected"/>.</summary>
        public static void EndsWith(string expected, string other, string message = "")
        {
            if (expected == null || other == null || !other.EndsWith(expected, StringComparison.Ordinal))
            {
                HandleFail("Assert.EndsWith", Show(other) + " does not end with " + Show(expected) + ". " + message);
            }
        }

        /// <summary>
        /// Fails unless <paramref name="action"/> throws an exception of exactly <paramref name="exceptionType"/>.
        /// </summary>
        public static void ThrowsException(Type exceptionType, Action action, string message = "")
        {
            if (action == null)
            {
                throw new ArgumentNullException(nameof(action));
            }

            try
            {
                action();
            }
            catch (Exception ex)
            {
                if (ex.GetType() == exceptionType)
                {
                    return;
                }

                HandleFail("Assert.ThrowsException", "Threw " + ex.GetType().Name + " (" + ex.Message + "), but " + exceptionType.Name + " was expected. " + message);
            }

            HandleFail("Assert.ThrowsException", "No exception thrown. " + exceptionType.Name + " was expected. " + message);
        }

        /// <summary>Stops the test and reports it as skipped.</summary>
        public static void SkipTest(string message = null)
        {
            throw new SkipTestException(message);
        }

        /// <summary>
        /// Fails the test with a message. Host only: nanoFramework.TestFramework 3.0 has no
        /// Assert.Fail, and the compile gate refuses it in the device test sources.
        /// </summary>
        public static void Fail(string message = "")
        {
            HandleFail("Assert.Fail", message);
        }

        internal static void HandleFail(string assertion, string message)
        {
            throw new AssertFailedException(assertion + " failed. " + message);
        }

        internal static string Show(object value)
        {
            if (value == null)
            {
                return "(null)";
            }

            string s = value.ToString();
            return s.Length > 200 ? s.Substring(0, 200) + "..." : s;
        }
    }
}
