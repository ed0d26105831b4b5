//
// Copyright (c) LiveKit for nanoFramework contributors. Licensed under the Apache License 2.0.
//

using System;
using System.Net.Security;
using System.Net.WebSockets;
using System.Net.WebSockets.WebSocketFrame;
using System.Security.Cryptography.X509Certificates;
using LiveKit.Signal;

namespace LiveKit
{
    /// <summary>
    /// <see cref="IWebSocket"/> on nanoFramework's ClientWebSocket.
    /// </summary>
    /// <remarks>
    /// What this adapter covers for the device library: Connect swallows socket errors and
    /// leaves State Closed (so success is State == Open, never "no exception"); fragmented
    /// messages arrive frame by frame and are reassembled here; the library's handlers run on
    /// its own receive thread, which it owns (the adapter cannot join it: Close and Dispose
    /// end it). Connect has no timeout of its own on the device: <see cref="Abort"/> from
    /// another thread is how the engine bounds it.
    /// </remarks>
    public sealed class DeviceWebSocket : IWebSocket
    {
        /// <summary>The largest signal message accepted (a JoinResponse of a big room is a few tens of KiB).</summary>
        public const int MaxMessageBytes = 262144;

        private readonly object _lock = new object();
        private ClientWebSocket _ws;
        private IWebSocketListener _listener;
        private readonly MessageAssembler _assembler = new MessageAssembler(MaxMessageBytes);
        private readonly X509Certificate _caCertificate;
        private bool _closedRaised;
        private bool _aborted;

        private readonly bool _verify;

        /// <summary>A socket that verifies a wss:// server against the CA roots stored in the device.</summary>
        public DeviceWebSocket()
            : this(null, true)
        {
        }

        /// <summary>A socket that verifies a wss:// server against <paramref name="caCertificate"/> (null: no verification).</summary>
        public DeviceWebSocket(X509Certificate caCertificate, bool verify)
        {
            _caCertificate = caCertificate;
            _verify = verify;
        }

        /// <inheritdoc/>
        public bool Connect(string url, string[] headerNames, string[] headerValues, int timeoutMs, IWebSocketListener listener)
        {
            ClientWebSocketOptions options = new ClientWebSocketOptions();
            ClientWebSocket ws = new ClientWebSocket(options);
            if (_verify)
            {
                // Without an explicit CA, nanoFramework's TLS uses the CA roots stored in the device.
                if (_caCertificate != null)
                {
                    ws.CACertificate = _caCertificate;
                }

                ws.SslVerification = SslVerification.CertificateRequired;
            }
            else
            {
                ws.SslVerification = SslVerification.NoVerification;
            }

            lock (_lock)
            {
                if (_aborted)
                {
                    return false;
                }

                _ws = ws;
                _listener = listener;
            }

            ws.MessageReceived += OnMessageReceived;
            ws.ConnectionClosed += OnConnectionClosed;
            ClientWebSocketHeaders headers = new ClientWebSocketHeaders();
            for (int i = 0; headerNames != null && i < headerNames.Length; i++)
            {
                headers[headerNames[i]] = headerValues[i];
            }

            try
            {
                ws.Connect(url, headers);
            }
            catch (Exception)
            {
                return false;
            }

            lock (_lock)
            {
                return !_aborted && ws.State == WebSocketState.Open;
            }
        }

        /// <inheritdoc/>
        public bool Send(byte[] data, int offset, int length)
        {
            ClientWebSocket ws;
            lock (_lock)
            {
                ws = _ws;
            }

            if (ws == null || ws.State != WebSocketState.Open)
            {
                return false;
            }

            byte[] exact = data;
            if (offset != 0 || length != data.Length)
            {
                exact = new byte[length];
                Array.Copy(data, offset, exact, 0, length);
            }

            try
            {
                return ws.Send(exact, WebSocketMessageType.Binary);
            }
            catch (Exception)
            {
                return false;
            }
        }

        /// <inheritdoc/>
        public void Close()
        {
            ClientWebSocket ws;
            lock (_lock)
            {
                ws = _ws;
                _ws = null;
                _closedRaised = true;
            }

            if (ws == null)
            {
                return;
            }

            try
            {
                if (ws.State == WebSocketState.Open)
                {
                    ws.Close(WebSocketCloseStatus.NormalClosure, string.Empty);
                }
            }
            catch (Exception)
            {
            }

            try
            {
                ws.Dispose();
            }
            catch (Exception)
            {
            }
        }

        /// <inheritdoc/>
        public void Abort()
        {
            ClientWebSocket ws;
            lock (_lock)
            {
                _aborted = true;
                ws = _ws;
            }

            if (ws != null)
            {
                try
                {
                    ws.Abort();
                }
                catch (Exception)
                {
                }
            }
        }

        private void OnMessageReceived(object sender, MessageReceivedEventArgs e)
        {
            ReceiveMessageFrame frame = e.Frame;
            if (frame == null)
            {
                return;
            }

            FragmentationType f = frame.Fragmentation;
            if (f == FragmentationType.NotFragmented && frame.MessageType != WebSocketMessageType.Binary)
            {
                return;
            }

            bool first = f == FragmentationType.NotFragmented || f == FragmentationType.FirstFragment;
            bool final = f == FragmentationType.NotFragmented || f == FragmentationType.FinalFragment;
            byte[] whole;
            lock (_lock)
            {
                whole = _assembler.Add(frame.Buffer, 0, frame.MessageLength, first, final);
            }

            IWebSocketListener l = _listener;
            if (whole != null && l != null)
            {
                l.OnMessage(this, whole, whole.Length);
            }
        }

        private void OnConnectionClosed(object sender, EventArgs e)
        {
            IWebSocketListener l;
            lock (_lock)
            {
                if (_closedRaised)
                {
                    return;
                }

                _closedRaised = true;
                l = _listener;
            }

            if (l != null)
            {
                l.OnClosed(this, 1006, "connection closed");
            }
        }
    }
}
