//
// Copyright (c) LiveKit for nanoFramework contributors. Licensed under the Apache License 2.0.
//

using System.Collections;

namespace nanoFramework.TestFramework
{
    /// <summary>Assertions on collections, as in nanoFramework.TestFramework.</summary>
    public sealed class CollectionAssert
    {
        /// <summary>Fails unless the collection is empty.</summary>
        public static void Empty(ICollection collection, string message = "")
        {
            if (collection == null || collection.Count != 0)
            {
                Assert.HandleFail("CollectionAssert.Empty", message);
            }
        }

        /// <summary>Fails when the collection is empty.</summary>
        public static void NotEmpty(ICollection collection, string message = "")
        {
            if (collection == null || collection.Count == 0)
            {
                Assert.HandleFail("CollectionAssert.NotEmpty", message);
            }
        }

        /// <summary>Fails unless both collections hold equal elements in the same order.</summary>
        public static void AreEqual(ICollection expected, ICollection actual, string message = "")
        {
            string reason = Compare(expected, actual);
            if (reason != null)
            {
                Assert.HandleFail("CollectionAssert.AreEqual", reason + " " + message);
            }
        }

        /// <summary>Fails when both collections hold equal elements in the same order.</summary>
        public static void AreNotEqual(ICollection notExpected, ICollection actual, string message = "")
        {
            if (Compare(notExpected, actual) == null)
            {
                Assert.HandleFail("CollectionAssert.AreNotEqual", "Both collections contain the same elements. " + message);
            }
        }

        private static string Compare(ICollection expected, ICollection actual)
        {
            if (ReferenceEquals(expected, actual))
            {
                return null;
            }

            if (expected == null || actual == null)
            {
                return "One collection is null.";
            }

            if (expected.Count != actual.Count)
            {
                return "Different number of elements: expected " + expected.Count + ", actual " + actual.Count + ".";
            }

            IEnumerator e1 = expected.GetEnumerator();
            IEnumerator e2 = actual.GetEnumerator();
            int index = 0;
            while (e1.MoveNext() && e2.MoveNext())
            {
                if (!Equals(e1.Current, e2.Current))
                {
                    return "Element at index " + index + " differs. Expected:<" + Assert.Show(e1.Current) + ">. Actual:<" + Assert.Show(e2.Current) + ">.";
                }

                index++;
            }

            return null;
        }
    }
}
