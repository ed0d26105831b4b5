//
// Copyright (c) LiveKit for nanoFramework contributors. Licensed under the Apache License 2.0.
//

using LiveKit.Engine;
using LiveKit.Protocol;

namespace LiveKit.Signal
{
    /// <summary>
    /// The signaling connection of one room: opens the WebSocket on /rtc/v1 (or /rtc) with the
    /// token in the Authorization header, asks the validate endpoint why when that fails and
    /// maps the answer to a <see cref="ConnectionError"/>, sends SignalRequests, and posts every
    /// received message and the closing of the socket into the engine's queue.
    /// </summary>
    /// <remarks>
    /// Threads: <see cref="Connect"/>, <see cref="Send"/> and <see cref="Close"/> run on the
    /// engine's worker only. <see cref="AbortConnecting"/> may be called from any thread. The
    /// listener methods run on the socket's receive thread and only post to the queue. Every
    /// connection gets a new generation number; events of older connections are recognised
    /// and ignored by the engine.
    /// </remarks>
    internal sealed class SignalClient : IWebSocketListener
    {
        private const string RoomMissing = "requested room does not exist";

        private readonly ISignalTransport _transport;
        private readonly EngineQueue _queue;
        private readonly object _lock = new object();
        private IWebSocket _socket;
        private IWebSocket _connecting;
        private IHttpRequest _http;
        private int _generation;
        private bool _abort;
        private int _overflowGeneration = -1;

        /// <summary>Creates the client; nothing is opened yet.</summary>
        public SignalClient(ISignalTransport transport, EngineQueue queue)
        {
            _transport = transport;
            _queue = queue;
        }

        /// <summary>The generation of the current (or last) connection.</summary>
        public int Generation
        {
            get
            {
                lock (_lock)
                {
                    return _generation;
                }
            }
        }

        /// <summary>True while a connection is open (as far as this side knows).</summary>
        public bool IsOpen
        {
            get
            {
                lock (_lock)
                {
                    return _socket != null;
                }
            }
        }

        /// <summary>
        /// Allows connecting again after <see cref="AbortConnecting"/> (the worker calls it when
        /// it starts a new Connect command).
        /// </summary>
        public void ResetAbort()
        {
            lock (_lock)
            {
                _abort = false;
            }
        }

        /// <summary>
        /// Makes a blocking <see cref="Connect"/> (WebSocket or validate) return promptly with
        /// <see cref="ConnectionError.Cancelled"/>, and any later one too until
        /// <see cref="ResetAbort"/>. An open connection is left alone (the leave still has to go
        /// out on it). Any thread.
        /// </summary>
        public void AbortConnecting()
        {
            IWebSocket ws;
            IHttpRequest http;
            lock (_lock)
            {
                _abort = true;
                ws = _connecting;
                http = _http;
            }

            if (ws != null)
            {
                ws.Abort();
            }

            if (http != null)
            {
                http.Abort();
            }
        }

        /// <summary>
        /// Opens a new connection (closing the previous one first). Blocking: bounded by
        /// <paramref name="timeoutMs"/> for the WebSocket and again for validate.
        /// </summary>
        public SignalConnectResult Connect(string wsBase, string token, JoinRequest join, bool v0, int timeoutMs)
        {
            Close();
            SignalConnectResult result = new SignalConnectResult();
            string url = v0 ? SignalUrls.V0(wsBase, join) : SignalUrls.V1(wsBase, join);
            IWebSocket ws = _transport.CreateWebSocket();
            lock (_lock)
            {
                if (_abort)
                {
                    result.Error = ConnectionError.Cancelled;
                    return result;
                }

                _connecting = ws;
                _generation++;
                _socket = ws;
            }

            bool open = false;
            try
            {
                open = ws.Connect(url, new string[] { "Authorization" }, new string[] { "Bearer " + token }, timeoutMs, this);
            }
            catch (System.Exception ex)
            {
                LiveKitLog.Write(LogLevel.Warning, "signal: WebSocket connect threw " + ex.Message);
                open = false;
            }

            bool aborted;
            lock (_lock)
            {
                _connecting = null;
                aborted = _abort;
                if (!open || aborted)
                {
                    _socket = null;
                }
            }

            if (open && !aborted)
            {
                result.Error = ConnectionError.None;
                return result;
            }

            if (open)
            {
                ws.Close();
            }

            if (aborted)
            {
                result.Error = ConnectionError.Cancelled;
                return result;
            }

            Validate(wsBase, token, join, v0, timeoutMs, result);
            return result;
        }

        private void Validate(string wsBase, string token, JoinRequest join, bool v0, int timeoutMs, SignalConnectResult result)
        {
            IHttpRequest http = _transport.CreateHttpRequest();
            lock (_lock)
            {
                if (_abort)
                {
                    result.Error = ConnectionError.Cancelled;
                    return;
                }

                _http = http;
            }

            string body;
            int status;
            try
            {
                status = http.Get(v0 ? SignalUrls.V0Validate(wsBase, join) : SignalUrls.V1Validate(wsBase, join), token, timeoutMs, out body);
            }
            catch (System.Exception ex)
            {
                status = -1;
                body = ex.Message;
            }

            bool aborted;
            lock (_lock)
            {
                _http = null;
                aborted = _abort;
            }

            result.HttpStatus = status;
            result.Message = body == null ? string.Empty : body.Trim();
            if (aborted)
            {
                result.Error = ConnectionError.Cancelled;
            }
            else
            {
                result.Error = MapValidate(status, result.Message, v0, out result.TryV0);
            }
        }

        /// <summary>Maps the validate answer to an error (tested on its own).</summary>
        public static ConnectionError MapValidate(int status, string body, bool v0, out bool tryV0)
        {
            tryV0 = false;
            if (status < 0)
            {
                return ConnectionError.Unreachable;
            }

            if (status == 200)
            {
                // Validate accepts the token and room, yet the WebSocket failed.
                return ConnectionError.Unreachable;
            }

            if (status == 401 || status == 403)
            {
                string lower = body == null ? string.Empty : body.ToLower();
                return lower.IndexOf("invalid token") >= 0 || lower.IndexOf("token is expired") >= 0 || lower.IndexOf("malformed") >= 0
                    ? ConnectionError.BadToken
                    : ConnectionError.Unauthorized;
            }

            if (status == 404)
            {
                if (!v0 && (body == null || body.IndexOf(RoomMissing) < 0))
                {
                    tryV0 = true;
                }

                return ConnectionError.NotFound;
            }

            return ConnectionError.ServerError;
        }

        /// <summary>Encodes and sends one request; false when no connection is open or the send failed.</summary>
        public bool Send(SignalRequest request)
        {
            IWebSocket ws;
            lock (_lock)
            {
                ws = _socket;
            }

            if (ws == null)
            {
                return false;
            }

            byte[] bytes = request.ToByteArray();
            return ws.Send(bytes, 0, bytes.Length);
        }

        /// <summary>Closes the current connection (normal closure) and waits for its receive thread; idempotent.</summary>
        public void Close()
        {
            IWebSocket ws;
            lock (_lock)
            {
                ws = _socket;
                _socket = null;
            }

            if (ws != null)
            {
                ws.Close();
            }
        }

        /// <summary>
        /// The generation whose messages overflowed the queue (then cleared), or -1. The engine
        /// treats that connection as lost.
        /// </summary>
        public int TakeOverflow()
        {
            lock (_lock)
            {
                int g = _overflowGeneration;
                _overflowGeneration = -1;
                return g;
            }
        }

        /// <inheritdoc/>
        public void OnMessage(IWebSocket socket, byte[] message, int length)
        {
            int gen = CurrentGeneration(socket);
            if (gen < 0)
            {
                return;
            }

            EngineEvent ev = new EngineEvent(EngineEventKind.SignalMessage);
            ev.Generation = gen;
            ev.Data = message;
            ev.Length = length;
            if (!_queue.TryPostNetwork(ev))
            {
                MarkOverflow(gen);
            }
        }

        /// <inheritdoc/>
        public void OnClosed(IWebSocket socket, int closeStatus, string reason)
        {
            int gen = CurrentGeneration(socket);
            if (gen < 0)
            {
                return;
            }

            EngineEvent ev = new EngineEvent(EngineEventKind.SignalClosed);
            ev.Generation = gen;
            ev.Number = closeStatus;
            ev.Text1 = reason;

            // One per connection: it may use the command reserve rather than be lost.
            if (!_queue.TryPostCommand(ev))
            {
                MarkOverflow(gen);
            }
        }

        private int CurrentGeneration(IWebSocket socket)
        {
            lock (_lock)
            {
                return socket == _socket ? _generation : -1;
            }
        }

        private void MarkOverflow(int gen)
        {
            lock (_lock)
            {
                _overflowGeneration = gen;
            }

            _queue.Wake();
        }
    }
}
