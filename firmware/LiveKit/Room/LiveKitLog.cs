//
// Copyright (c) LiveKit for nanoFramework contributors. Licensed under the Apache License 2.0.
//

namespace LiveKit
{
    /// <summary>
    /// Where the library's log lines go: nowhere until the application sets
    /// <see cref="Handler"/>. Warnings and errors worth an event are also raised as events.
    /// </summary>
    public static class LiveKitLog
    {
        private static LogHandler s_handler;

        /// <summary>The log sink (null: discard).</summary>
        public static LogHandler Handler
        {
            get { return s_handler; }
            set { s_handler = value; }
        }

        private static LogLevel s_minimumLevel = LogLevel.Info;

        /// <summary>The lowest level passed to the handler (default Info).</summary>
        public static LogLevel MinimumLevel
        {
            get { return s_minimumLevel; }
            set { s_minimumLevel = value; }
        }

        internal static void Write(LogLevel level, string message)
        {
            LogHandler h = s_handler;
            if (h == null || level < s_minimumLevel)
            {
                return;
            }

            try
            {
                h(level, message);
            }
            catch (System.Exception)
            {
                // A failing log sink must not break the engine.
            }
        }
    }
}
