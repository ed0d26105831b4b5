//
// Copyright (c) LiveKit for nanoFramework contributors. Licensed under the Apache License 2.0.
//
// The host runner for tests written against nanoFramework.TestFramework's API. On a device the
// nanoFramework test adapter discovers the same [TestClass]es; here this class does it by
// reflection: per class, [Setup] methods once, then every [TestMethod] (once per [DataRow]),
// then [Cleanup] methods once. It prints one line per failed test with the reason and closes
// with "N passed, N failed[, N skipped]". A test that runs past the per-test timeout is reported
// as failed and ends the run (a hung thread cannot be killed in .NET).

using System;
using System.Diagnostics;
using System.Reflection;
using System.Threading;

namespace nanoFramework.TestFramework
{
    /// <summary>Discovers and runs the tests of an assembly; host only.</summary>
    public static class TestRunner
    {
        /// <summary>
        /// Runs every test class of <paramref name="assembly"/>. Arguments: substrings of
        /// "Class.Method" to select tests (none = all), "--list" to only list them,
        /// "--timeout SECONDS" (default 300, or LK_TEST_TIMEOUT_S) per test.
        /// </summary>
        /// <returns>The process exit code: 0 when nothing failed.</returns>
        public static int Run(Assembly assembly, string[] args)
        {
            int timeoutS = 300;
            string envTimeout = Environment.GetEnvironmentVariable("LK_TEST_TIMEOUT_S");
            if (!string.IsNullOrEmpty(envTimeout))
            {
                timeoutS = int.Parse(envTimeout);
            }

            bool listOnly = false;
            System.Collections.ArrayList filters = new System.Collections.ArrayList();
            for (int i = 0; i < args.Length; i++)
            {
                if (args[i] == "--list")
                {
                    listOnly = true;
                }
                else if (args[i] == "--timeout" && i + 1 < args.Length)
                {
                    timeoutS = int.Parse(args[++i]);
                }
                else
                {
                    filters.Add(args[i]);
                }
            }

            int passed = 0;
            int failed = 0;
            int skipped = 0;
            Type[] types = assembly.GetTypes();
            Array.Sort(types, (a, b) => string.CompareOrdinal(a.FullName, b.FullName));
            foreach (Type type in types)
            {
                if (type.GetCustomAttribute<TestClassAttribute>() == null)
                {
                    continue;
                }

                MethodInfo[] methods = type.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly);
                Array.Sort(methods, (a, b) => a.MetadataToken.CompareTo(b.MetadataToken));
                System.Collections.ArrayList selected = new System.Collections.ArrayList();
                foreach (MethodInfo m in methods)
                {
                    if (m.GetCustomAttribute<TestMethodAttribute>() != null && Selected(type.Name + "." + m.Name, filters))
                    {
                        selected.Add(m);
                    }
                }

                if (selected.Count == 0)
                {
                    continue;
                }

                if (listOnly)
                {
                    foreach (MethodInfo m in selected)
                    {
                        Console.WriteLine(type.Name + "." + m.Name);
                    }

                    continue;
                }

                object instance = null;
                string classError = null;
                try
                {
                    instance = type.IsAbstract && type.IsSealed ? null : Activator.CreateInstance(type);
                    foreach (MethodInfo m in methods)
                    {
                        if (m.GetCustomAttribute<SetupAttribute>() != null)
                        {
                            string error = Invoke(instance, m, null, timeoutS, out bool hung);
                            if (hung)
                            {
                                return Abort(type.Name + "." + m.Name + " (setup)", timeoutS, passed, failed, skipped);
                            }

                            if (error != null)
                            {
                                classError = "setup " + m.Name + ": " + error;
                                break;
                            }
                        }
                    }
                }
                catch (Exception ex)
                {
                    classError = "cannot create the test class: " + Unwrap(ex).Message;
                }

                foreach (MethodInfo m in selected)
                {
                    object[][] rows = Rows(m);
                    for (int r = 0; r < rows.Length; r++)
                    {
                        string name = type.Name + "." + m.Name + (rows[r] == null ? string.Empty : "(" + Describe(rows[r]) + ")");
                        if (classError != null)
                        {
                            failed++;
                            Console.WriteLine("FAILED " + name + ": " + classError);
                            continue;
                        }

                        Stopwatch sw = Stopwatch.StartNew();
                        string error = Invoke(instance, m, rows[r], timeoutS, out bool hung);
                        if (hung)
                        {
                            return Abort(name, timeoutS, passed, failed, skipped);
                        }

                        if (error == null)
                        {
                            passed++;
                            Console.WriteLine("Test passed," + name + "," + sw.Elapsed.Ticks);
                        }
                        else if (error.StartsWith("SKIP:", StringComparison.Ordinal))
                        {
                            skipped++;
                            Console.WriteLine("Test skipped," + name + "," + error.Substring(5));
                        }
                        else
                        {
                            failed++;
                            Console.WriteLine("FAILED " + name + ": " + error);
                        }
                    }
                }

                foreach (MethodInfo m in methods)
                {
                    if (classError == null && m.GetCustomAttribute<CleanupAttribute>() != null)
                    {
                        string error = Invoke(instance, m, null, timeoutS, out bool hung);
                        if (hung)
                        {
                            return Abort(type.Name + "." + m.Name + " (cleanup)", timeoutS, passed, failed, skipped);
                        }

                        if (error != null)
                        {
                            failed++;
                            Console.WriteLine("FAILED " + type.Name + "." + m.Name + " (cleanup): " + error);
                        }
                    }
                }

                (instance as IDisposable)?.Dispose();
            }

            if (listOnly)
            {
                return 0;
            }

            Console.WriteLine(Summary(passed, failed, skipped));
            return failed == 0 ? 0 : 1;
        }

        private static int Abort(string name, int timeoutS, int passed, int failed, int skipped)
        {
            Console.WriteLine("FAILED " + name + ": did not finish within " + timeoutS + " s; the run stops here");
            Console.WriteLine(Summary(passed, failed + 1, skipped));
            Console.Out.Flush();
            Environment.Exit(1);
            return 1;
        }

        private static string Summary(int passed, int failed, int skipped)
        {
            return skipped > 0
                ? passed + " passed, " + failed + " failed, " + skipped + " skipped"
                : passed + " passed, " + failed + " failed";
        }

        private static bool Selected(string name, System.Collections.ArrayList filters)
        {
            if (filters.Count == 0)
            {
                return true;
            }

            foreach (string f in filters)
            {
                if (name.IndexOf(f, StringComparison.OrdinalIgnoreCase) >= 0)
                {
                    return true;
                }
            }

            return false;
        }

        private static object[][] Rows(MethodInfo m)
        {
            object[] attrs = m.GetCustomAttributes(typeof(DataRowAttribute), false);
            if (attrs.Length == 0)
            {
                return new object[][] { null };
            }

            object[][] rows = new object[attrs.Length][];
            for (int i = 0; i < attrs.Length; i++)
            {
                rows[i] = ((DataRowAttribute)attrs[i]).MethodParameters;
            }

            return rows;
        }

        private static string Describe(object[] row)
        {
            string[] parts = new string[row.Length];
            for (int i = 0; i < row.Length; i++)
            {
                parts[i] = row[i] == null ? "null" : row[i].ToString();
            }

            return string.Join(",", parts);
        }

        // Runs the method on its own thread so that a hung test is reported instead of hanging CI.
        private static string Invoke(object instance, MethodInfo m, object[] row, int timeoutS, out bool hung)
        {
            string result = null;
            Thread t = new Thread(() =>
            {
                try
                {
                    m.Invoke(m.IsStatic ? null : instance, row);
                }
                catch (Exception ex)
                {
                    Exception inner = Unwrap(ex);
                    if (inner is SkipTestException)
                    {
                        result = "SKIP:" + inner.Message;
                    }
                    else if (inner is AssertFailedException)
                    {
                        result = inner.Message;
                    }
                    else
                    {
                        result = inner.GetType().Name + ": " + inner.Message + " " + FirstFrame(inner);
                    }
                }
            });
            t.IsBackground = true;
            t.Name = "test " + m.Name;
            t.Start();
            hung = !t.Join(TimeSpan.FromSeconds(timeoutS));
            return result;
        }

        private static Exception Unwrap(Exception ex)
        {
            while (ex is TargetInvocationException && ex.InnerException != null)
            {
                ex = ex.InnerException;
            }

            return ex;
        }

        private static string FirstFrame(Exception ex)
        {
            string trace = ex.StackTrace ?? string.Empty;
            int nl = trace.IndexOf('\n');
            return (nl < 0 ? trace : trace.Substring(0, nl)).Trim();
        }
    }
}
