//
// Copyright (c) LiveKit for nanoFramework contributors. Licensed under the Apache License 2.0.
//

using System;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading;
using LiveKit.Signal;

namespace LiveKit
{
    /// <summary>One abortable GET on .NET's HttpClient (the validate endpoint).</summary>
    public sealed class HostHttpRequest : IHttpRequest
    {
        private static readonly HttpClient s_client = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(1) }) { Timeout = Timeout.InfiniteTimeSpan };

        private readonly object _lock = new object();
        private CancellationTokenSource _cts;
        private bool _aborted;

        /// <inheritdoc/>
        public int Get(string url, string token, int timeoutMs, out string body)
        {
            body = string.Empty;
            CancellationTokenSource cts = new CancellationTokenSource(timeoutMs);
            lock (_lock)
            {
                if (_aborted)
                {
                    cts.Dispose();
                    return -1;
                }

                _cts = cts;
            }

            try
            {
                using (HttpRequestMessage req = new HttpRequestMessage(HttpMethod.Get, url))
                {
                    req.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                    using (HttpResponseMessage resp = s_client.SendAsync(req, cts.Token).GetAwaiter().GetResult())
                    {
                        body = resp.Content.ReadAsStringAsync(cts.Token).GetAwaiter().GetResult();
                        if (body.Length > 4096)
                        {
                            body = body.Substring(0, 4096);
                        }

                        return (int)resp.StatusCode;
                    }
                }
            }
            catch (Exception ex)
            {
                body = ex.Message;
                return -1;
            }
            finally
            {
                lock (_lock)
                {
                    _cts = null;
                }

                cts.Dispose();
            }
        }

        /// <inheritdoc/>
        public void Abort()
        {
            lock (_lock)
            {
                _aborted = true;
                if (_cts != null)
                {
                    try
                    {
                        _cts.Cancel();
                    }
                    catch (ObjectDisposedException)
                    {
                    }
                }
            }
        }
    }
}
