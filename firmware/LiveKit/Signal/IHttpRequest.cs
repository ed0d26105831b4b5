//
// Copyright (c) LiveKit for nanoFramework contributors. Licensed under the Apache License 2.0.
//

namespace LiveKit.Signal
{
    /// <summary>One HTTP GET that another thread can abort, like <see cref="IWebSocket"/>.</summary>
    public interface IHttpRequest
    {
        /// <summary>
        /// GET <paramref name="url"/> with "Authorization: Bearer <paramref name="token"/>"
        /// (blocking, bounded by <paramref name="timeoutMs"/>): the HTTP status and the body
        /// (at most a few KiB), or -1 when the server could not be reached, the time ran out or
        /// the request was aborted (also when <see cref="Abort"/> came first).
        /// </summary>
        int Get(string url, string token, int timeoutMs, out string body);

        /// <summary>Makes a pending or future <see cref="Get"/> return -1 promptly; any thread.</summary>
        void Abort();
    }
}
