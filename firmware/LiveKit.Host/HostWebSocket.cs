//
// Copyright (c) LiveKit for nanoFramework contributors. Licensed under the Apache License 2.0.
//

using System;
using System.IO;
using System.Net.WebSockets;
using System.Threading;
using LiveKit.Engine;
using LiveKit.Signal;

namespace LiveKit
{
    /// <summary>
    /// <see cref="IWebSocket"/> on .NET's ClientWebSocket. It owns one receive thread
    /// ("LiveKit.WsReceive"), started when the connection opens and joined by
    /// <see cref="Close"/>; fragments are reassembled into whole messages.
    /// </summary>
    public sealed class HostWebSocket : IWebSocket
    {
        private const int CloseTimeoutMs = 2000;
        private const int JoinTimeoutMs = 3000;
        private const int SendTimeoutMs = 5000;

        private readonly object _lock = new object();
        private readonly object _sendLock = new object();
        private readonly CancellationTokenSource _abort = new CancellationTokenSource();
        private ClientWebSocket _ws;
        private Thread _receiver;
        private IWebSocketListener _listener;
        private bool _closed;

        /// <inheritdoc/>
        public bool Connect(string url, string[] headerNames, string[] headerValues, int timeoutMs, IWebSocketListener listener)
        {
            ClientWebSocket ws = new ClientWebSocket();
            ws.Options.KeepAliveInterval = TimeSpan.Zero;
            if (headerNames != null)
            {
                for (int i = 0; i < headerNames.Length; i++)
                {
                    ws.Options.SetRequestHeader(headerNames[i], headerValues[i]);
                }
            }

            lock (_lock)
            {
                if (_closed)
                {
                    ws.Dispose();
                    return false;
                }

                _ws = ws;
                _listener = listener;
            }

            try
            {
                using (CancellationTokenSource timeout = CancellationTokenSource.CreateLinkedTokenSource(_abort.Token))
                {
                    timeout.CancelAfter(timeoutMs);
                    ws.ConnectAsync(new Uri(url), timeout.Token).GetAwaiter().GetResult();
                }
            }
            catch (Exception)
            {
                return false;
            }

            lock (_lock)
            {
                if (_closed)
                {
                    return false;
                }

                _receiver = LibraryThreads.Start("WsReceive", ReceiveLoop);
            }

            return true;
        }

        /// <inheritdoc/>
        public bool Send(byte[] data, int offset, int length)
        {
            ClientWebSocket ws;
            lock (_lock)
            {
                ws = _closed ? null : _ws;
            }

            if (ws == null || ws.State != WebSocketState.Open)
            {
                return false;
            }

            try
            {
                lock (_sendLock)
                {
                    using (CancellationTokenSource cts = CancellationTokenSource.CreateLinkedTokenSource(_abort.Token))
                    {
                        cts.CancelAfter(SendTimeoutMs);
                        ws.SendAsync(new ArraySegment<byte>(data, offset, length), WebSocketMessageType.Binary, true, cts.Token).GetAwaiter().GetResult();
                    }
                }

                return true;
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
            Thread receiver;
            lock (_lock)
            {
                if (_closed)
                {
                    return;
                }

                _closed = true;
                ws = _ws;
                receiver = _receiver;
            }

            if (ws != null && ws.State == WebSocketState.Open)
            {
                try
                {
                    using (CancellationTokenSource cts = new CancellationTokenSource(CloseTimeoutMs))
                    {
                        // Sends our close frame; the receive loop sees the server's answer.
                        ws.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, string.Empty, cts.Token).GetAwaiter().GetResult();
                    }
                }
                catch (Exception)
                {
                }
            }

            if (receiver != null && !receiver.Join(JoinTimeoutMs))
            {
                // The server did not close in time: drop the connection, then the loop ends.
                AbortSocket(ws);
                if (!receiver.Join(JoinTimeoutMs))
                {
                    LiveKitLog.Write(LogLevel.Error, "HostWebSocket: receive thread did not end within " + (2 * JoinTimeoutMs).ToString() + " ms");
                }
            }

            AbortSocket(ws);
            if (ws != null)
            {
                ws.Dispose();
            }
        }

        /// <inheritdoc/>
        public void Abort()
        {
            ClientWebSocket ws;
            lock (_lock)
            {
                ws = _ws;
            }

            try
            {
                _abort.Cancel();
            }
            catch (ObjectDisposedException)
            {
            }

            AbortSocket(ws);
        }

        private static void AbortSocket(ClientWebSocket ws)
        {
            if (ws == null)
            {
                return;
            }

            try
            {
                ws.Abort();
            }
            catch (Exception)
            {
            }
        }

        private void ReceiveLoop()
        {
            ClientWebSocket ws = _ws;
            IWebSocketListener listener = _listener;
            byte[] buffer = new byte[16384];
            MemoryStream message = new MemoryStream();
            int status = 1006;
            string reason = "connection lost";
            try
            {
                while (true)
                {
                    WebSocketReceiveResult r = ws.ReceiveAsync(new ArraySegment<byte>(buffer), _abort.Token).GetAwaiter().GetResult();
                    if (r.MessageType == WebSocketMessageType.Close)
                    {
                        status = r.CloseStatus.HasValue ? (int)r.CloseStatus.Value : 1005;
                        reason = r.CloseStatusDescription ?? string.Empty;
                        break;
                    }

                    message.Write(buffer, 0, r.Count);
                    if (!r.EndOfMessage)
                    {
                        continue;
                    }

                    byte[] whole = message.ToArray();
                    message.SetLength(0);
                    if (r.MessageType == WebSocketMessageType.Binary)
                    {
                        listener.OnMessage(this, whole, whole.Length);
                    }
                }
            }
            catch (Exception ex)
            {
                reason = ex.Message;
            }

            listener.OnClosed(this, status, reason);
        }
    }
}
