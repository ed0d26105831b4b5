//
// Copyright (c) LiveKit for nanoFramework contributors. Licensed under the Apache License 2.0.
//

using System;
using System.Collections;
using System.Threading;

namespace LiveKit.Engine
{
    /// <summary>
    /// Starts every thread of the library and knows which are still running, so that tests
    /// can prove teardown leaves none behind. Names start with "LiveKit." (set where the
    /// platform has thread names). An exception that escapes a thread body is caught here,
    /// logged and counted — an unhandled exception would end the whole application.
    /// </summary>
    public static class LibraryThreads
    {
        private static readonly object s_lock = new object();
        private static readonly ArrayList s_live = new ArrayList();
        private static int s_started;
        private static int s_escaped;

        /// <summary>Threads started by the library that have not finished.</summary>
        public static int LiveCount
        {
            get
            {
                lock (s_lock)
                {
                    return s_live.Count;
                }
            }
        }

        /// <summary>Threads started since the application started.</summary>
        public static int StartedCount
        {
            get
            {
                lock (s_lock)
                {
                    return s_started;
                }
            }
        }

        /// <summary>Exceptions that escaped a thread body (each is a bug; they were logged).</summary>
        public static int EscapedExceptions
        {
            get
            {
                lock (s_lock)
                {
                    return s_escaped;
                }
            }
        }

        /// <summary>The names of the live threads, comma separated (diagnostics).</summary>
        public static string LiveNames()
        {
            lock (s_lock)
            {
                string s = string.Empty;
                for (int i = 0; i < s_live.Count; i++)
                {
                    s += (i == 0 ? string.Empty : ", ") + ((NamedBody)s_live[i]).Name;
                }

                return s;
            }
        }

        /// <summary>Creates and starts a thread named "LiveKit." + <paramref name="name"/>.</summary>
        internal static Thread Start(string name, ThreadStart body)
        {
            NamedBody nb = new NamedBody("LiveKit." + name, body);
            Thread t = new Thread(new ThreadStart(nb.Run));
            PlatformServices.NameThread(t, nb.Name);
            lock (s_lock)
            {
                s_live.Add(nb);
                s_started++;
            }

            try
            {
                t.Start();
            }
            catch (Exception)
            {
                Finished(nb);
                throw;
            }

            return t;
        }

        private static void Finished(NamedBody nb)
        {
            lock (s_lock)
            {
                s_live.Remove(nb);
            }
        }

        private sealed class NamedBody
        {
            public readonly string Name;
            private readonly ThreadStart _body;

            public NamedBody(string name, ThreadStart body)
            {
                Name = name;
                _body = body;
            }

            public void Run()
            {
                try
                {
                    _body();
                }
                catch (Exception ex)
                {
                    lock (s_lock)
                    {
                        s_escaped++;
                    }

                    LiveKitLog.Write(LogLevel.Error, Name + ": exception escaped the thread: " + ex.ToString());
                }
                finally
                {
                    Finished(this);
                }
            }
        }
    }
}
