//
// Copyright (c) LiveKit for nanoFramework contributors. Licensed under the Apache License 2.0.
//

using System;
using System.Net.Http;
using System.Security.Cryptography.X509Certificates;
using LiveKit.Signal;

namespace LiveKit
{
    /// <summary>
    /// One GET on nanoFramework's HttpClient (the validate endpoint). HttpClient on the device
    /// has no cancellation: <see cref="Abort"/> disposes the client, which closes its socket
    /// and makes the blocking call fail.
    /// </summary>
    public sealed class DeviceHttpRequest : IHttpRequest
    {
        private readonly object _lock = new object();
        private HttpClient _client;
        private readonly X509Certificate _caCertificate;
        private bool _aborted;

        /// <summary>A request that does not verify an https:// server's certificate.</summary>
        public DeviceHttpRequest()
        {
        }

        /// <summary>A request that verifies an https:// server against <paramref name="caCertificate"/> (null: no verification).</summary>
        public DeviceHttpRequest(X509Certificate caCertificate)
        {
            _caCertificate = caCertificate;
        }

        /// <inheritdoc/>
        public int Get(string url, string token, int timeoutMs, out string body)
        {
            body = string.Empty;
            HttpClient client = new HttpClient();
            client.Timeout = TimeSpan.FromTicks(timeoutMs * TimeSpan.TicksPerMillisecond);
            if (_caCertificate != null)
            {
                client.HttpsAuthentCert = _caCertificate;
            }
            lock (_lock)
            {
                if (_aborted)
                {
                    client.Dispose();
                    return -1;
                }

                _client = client;
            }

            try
            {
                HttpRequestMessage req = new HttpRequestMessage(HttpMethod.Get, url);
                req.Headers.Add("Authorization", "Bearer " + token);
                HttpResponseMessage resp = client.Send(req);
                string text = resp.Content.ReadAsString();
                if (text != null && text.Length > 4096)
                {
                    text = text.Substring(0, 4096);
                }

                body = text == null ? string.Empty : text;
                int status = (int)resp.StatusCode;
                resp.Dispose();
                return status;
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
                    _client = null;
                }

                client.Dispose();
            }
        }

        /// <inheritdoc/>
        public void Abort()
        {
            HttpClient c;
            lock (_lock)
            {
                _aborted = true;
                c = _client;
            }

            if (c != null)
            {
                try
                {
                    c.Dispose();
                }
                catch (Exception)
                {
                }
            }
        }
    }
}
