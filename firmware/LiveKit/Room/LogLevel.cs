//
// Copyright (c) LiveKit for nanoFramework contributors. Licensed under the Apache License 2.0.
//

namespace LiveKit
{
    /// <summary>Severity of a library log line.</summary>
    public enum LogLevel
    {
        /// <summary>Detail for debugging.</summary>
        Debug = 0,

        /// <summary>Normal events (connected, resumed).</summary>
        Info = 1,

        /// <summary>Something unexpected that the library handled.</summary>
        Warning = 2,

        /// <summary>Something failed.</summary>
        Error = 3
    }
}
