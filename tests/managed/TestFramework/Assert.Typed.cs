//
// Copyright (c) LiveKit for nanoFramework contributors. Licensed under the Apache License 2.0.
//
// Typed AreEqual/AreNotEqual overloads, as nanoFramework.TestFramework has them, so that an int
// compared with a long is compared as a number and not as two boxed objects.

namespace nanoFramework.TestFramework
{
    public sealed partial class Assert
    {
        /// <summary>Fails when <paramref name="expected"/> and <paramref name="actual"/> differ.</summary>
        public static void AreEqual(bool expected, bool actual, string message = "")
        {
            if (!Equals(expected, actual))
            {
                HandleFail("Assert.AreEqual", "Expected:<" + Show(expected) + ">. Actual:<" + Show(actual) + ">. " + message);
            }
        }

        /// <summary>Fails when <paramref name="notExpected"/> and <paramref name="actual"/> are equal.</summary>
        public static void AreNotEqual(bool notExpected, bool actual, string message = "")
        {
            if (Equals(notExpected, actual))
            {
                HandleFail("Assert.AreNotEqual", "Both are <" + Show(actual) + ">. " + message);
            }
        }

        /// <summary>Fails when <paramref name="expected"/> and <paramref name="actual"/> differ.</summary>
        public static void AreEqual(char expected, char actual, string message = "")
        {
            if (!Equals(expected, actual))
            {
                HandleFail("Assert.AreEqual", "Expected:<" + Show(expected) + ">. Actual:<" + Show(actual) + ">. " + message);
            }
        }

        /// <summary>Fails when <paramref name="notExpected"/> and <paramref name="actual"/> are equal.</summary>
        public static void AreNotEqual(char notExpected, char actual, string message = "")
        {
            if (Equals(notExpected, actual))
            {
                HandleFail("Assert.AreNotEqual", "Both are <" + Show(actual) + ">. " + message);
            }
        }

        /// <summary>Fails when <paramref name="expected"/> and <paramref name="actual"/> differ.</summary>
        public static void AreEqual(sbyte expected, sbyte actual, string message = "")
        {
            if (!Equals(expected, actual))
            {
                HandleFail("Assert.AreEqual", "Expected:<" + Show(expected) + ">. Actual:<" + Show(actual) + ">. " + message);
            }
        }

        /// <summary>Fails when <paramref name="notExpected"/> and <paramref name="actual"/> are equal.</summary>
        public static void AreNotEqual(sbyte notExpected, sbyte actual, string message = "")
        {
            if (Equals(notExpected, actual))
            {
                HandleFail("Assert.AreNotEqual", "Both are <" + Show(actual) + ">. " + message);
            }
        }

        /// <summary>Fails when <paramref name="expected"/> and <paramref name="actual"/> differ.</summary>
        public static void AreEqual(byte expected, byte actual, string message = "")
        {
            if (!Equals(expected, actual))
            {
                HandleFail("Assert.AreEqual", "Expected:<" + Show(expected) + ">. Actual:<" + Show(actual) + ">. " + message);
            }
        }

        /// <summary>Fails when <paramref name="notExpected"/> and <paramref name="actual"/> are equal.</summary>
        public static void AreNotEqual(byte notExpected, byte actual, string message = "")
        {
            if (Equals(notExpected, actual))
            {
                HandleFail("Assert.AreNotEqual", "Both are <" + Show(actual) + ">. " + message);
            }
        }

        /// <summary>Fails when <paramref name="expected"/> and <paramref name="actual"/> differ.</summary>
        public static void AreEqual(short expected, short actual, string message = "")
        {
            if (!Equals(expected, actual))
            {
                HandleFail("Assert.AreEqual", "Expected:<" + Show(expected) + ">. Actual:<" + Show(actual) + ">. " + message);
            }
        }

        /// <summary>Fails when <paramref name="notExpected"/> and <paramref name="actual"/> are equal.</summary>
        public static void AreNotEqual(short notExpected, short actual, string message = "")
        {
            if (Equals(notExpected, actual))
            {
                HandleFail("Assert.AreNotEqual", "Both are <" + Show(actual) + ">. " + message);
            }
        }

        /// <summary>Fails when <paramref name="expected"/> and <paramref name="actual"/> differ.</summary>
        public static void AreEqual(ushort expected, ushort actual, string message = "")
        {
            if (!Equals(expected, actual))
            {
                HandleFail("Assert.AreEqual", "Expected:<" + Show(expected) + ">. Actual:<" + Show(actual) + ">. " + message);
            }
        }

        /// <summary>Fails when <paramref name="notExpected"/> and <paramref name="actual"/> are equal.</summary>
        public static void AreNotEqual(ushort notExpected, ushort actual, string message = "")
        {
            if (Equals(notExpected, actual))
            {
                HandleFail("Assert.AreNotEqual", "Both are <" + Show(actual) + ">. " + message);
            }
        }

        /// <summary>Fails when <paramref name="expected"/> and <paramref name="actual"/> differ.</summary>
        public static void AreEqual(int expected, int actual, string message = "")
        {
            if (!Equals(expected, actual))
            {
                HandleFail("Assert.AreEqual", "Expected:<" + Show(expected) + ">. Actual:<" + Show(actual) + ">. " + message);
            }
        }

        /// <summary>Fails when <paramref name="notExpected"/> and <paramref name="actual"/> are equal.</summary>
        public static void AreNotEqual(int notExpected, int actual, string message = "")
        {
            if (Equals(notExpected, actual))
            {
                HandleFail("Assert.AreNotEqual", "Both are <" + Show(actual) + ">. " + message);
            }
        }

        /// <summary>Fails when <paramref name="expected"/> and <paramref name="actual"/> differ.</summary>
        public static void AreEqual(uint expected, uint actual, string message = "")
        {
            if (!Equals(expected, actual))
            {
                HandleFail("Assert.AreEqual", "Expected:<" + Show(expected) + ">. Actual:<" + Show(actual) + ">. " + message);
            }
        }

        /// <summary>Fails when <paramref name="notExpected"/> and <paramref name="actual"/> are equal.</summary>
        public static void AreNotEqual(uint notExpected, uint actual, string message = "")
        {
            if (Equals(notExpected, actual))
            {
                HandleFail("Assert.AreNotEqual", "Both are <" + Show(actual) + ">. " + message);
            }
        }

        /// <summary>Fails when <paramref name="expected"/> and <paramref name="actual"/> differ.</summary>
        public static void AreEqual(long expected, long actual, string message = "")
        {
            if (!Equals(expected, actual))
            {
                HandleFail("Assert.AreEqual", "Expected:<" + Show(expected) + ">. Actual:<" + Show(actual) + ">. " + message);
            }
        }

        /// <summary>Fails when <paramref name="notExpected"/> and <paramref name="actual"/> are equal.</summary>
        public static void AreNotEqual(long notExpected, long actual, string message = "")
        {
            if (Equals(notExpected, actual))
            {
                HandleFail("Assert.AreNotEqual", "Both are <" + Show(actual) + ">. " + message);
            }
        }

        /// <summary>Fails when <paramref name="expected"/> and <paramref name="actual"/> differ.</summary>
        public static void AreEqual(ulong expected, ulong actual, string message = "")
        {
            if (!Equals(expected, actual))
            {
                HandleFail("Assert.AreEqual", "Expected:<" + Show(expected) + ">. Actual:<" + Show(actual) + ">. " + message);
            }
        }

        /// <summary>Fails when <paramref name="notExpected"/> and <paramref name="actual"/> are equal.</summary>
        public static void AreNotEqual(ulong notExpected, ulong actual, string message = "")
        {
            if (Equals(notExpected, actual))
            {
                HandleFail("Assert.AreNotEqual", "Both are <" + Show(actual) + ">. " + message);
            }
        }

        /// <summary>Fails when <paramref name="expected"/> and <paramref name="actual"/> differ.</summary>
        public static void AreEqual(float expected, float actual, string message = "")
        {
            if (!Equals(expected, actual))
            {
                HandleFail("Assert.AreEqual", "Expected:<" + Show(expected) + ">. Actual:<" + Show(actual) + ">. " + message);
            }
        }

        /// <summary>Fails when <paramref name="notExpected"/> and <paramref name="actual"/> are equal.</summary>
        public static void AreNotEqual(float notExpected, float actual, string message = "")
        {
            if (Equals(notExpected, actual))
            {
                HandleFail("Assert.AreNotEqual", "Both are <" + Show(actual) + ">. " + message);
            }
        }

        /// <summary>Fails when <paramref name="expected"/> and <paramref name="actual"/> differ.</summary>
        public static void AreEqual(double expected, double actual, string message = "")
        {
            if (!Equals(expected, actual))
            {
                HandleFail("Assert.AreEqual", "Expected:<" + Show(expected) + ">. Actual:<" + Show(actual) + ">. " + message);
            }
        }

        /// <summary>Fails when <paramref name="notExpected"/> and <paramref name="actual"/> are equal.</summary>
        public static void AreNotEqual(double notExpected, double actual, string message = "")
        {
            if (Equals(notExpected, actual))
            {
                HandleFail("Assert.AreNotEqual", "Both are <" + Show(actual) + ">. " + message);
            }
        }

        /// <summary>Fails when <paramref name="expected"/> and <paramref name="actual"/> differ.</summary>
        public static void AreEqual(string expected, string actual, string message = "")
        {
            if (!Equals(expected, actual))
            {
                HandleFail("Assert.AreEqual", "Expected:<" + Show(expected) + ">. Actual:<" + Show(actual) + ">. " + message);
            }
        }

        /// <summary>Fails when <paramref name="notExpected"/> and <paramref name="actual"/> are equal.</summary>
        public static void AreNotEqual(string notExpected, string actual, string message = "")
        {
            if (Equals(notExpected, actual))
            {
                HandleFail("Assert.AreNotEqual", "Both are <" + Show(actual) + ">. " + message);
            }
        }
    }
}
