//
// Copyright (c) LiveKit for nanoFramework contributors. Licensed under the Apache License 2.0.
//

namespace LiveKit
{
    /// <summary>Receives the library's log lines (any thread; keep it short).</summary>
    public delegate void LogHandler(LogLevel level, string message);
}
