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

        private readonly bool _verify;

        /// <summary>
        /// A request that verifies an https:// server against <paramref name="caCertificate"/>;
        /// with verification on and no certificate, https:// is refused (-1) so the token is
        /// never sent to an unverified server.
        /// </summary>
        public DeviceHttpRequest(X509Certificate caCertificate, bool verify)
        {
            _caCertificate = caCertificate;
            _verify = verify;
        }

        /// <inheritdoc/>
        public int Get(string url, string token, int timeoutMs, out string body)
        {
            body = string.Empty;
            if (_verify && _caCertificate == null && url.Length >= 6 && url.Substring(0, 6) == "https:")
            {
                body = "https validate needs a CA certificate to verify the server";
                return -1;
            }

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
