//
// Copyright (c) LiveKit for nanoFramework contributors. Licensed under the Apache License 2.0.
//

using LiveKit.Signal;

namespace LiveKit.Samples.HostDemo
{
    /// <summary>
    /// The host's signaling transport with a stopwatch on it: marks when the WebSocket opened and
    /// when the first signal message (the JoinResponse, or the ReconnectResponse of a resume)
    /// arrived. It only watches; every call goes through unchanged.
    /// </summary>
    public sealed class TimingSignalTransport : ISignalTransport
    {
        private readonly ISignalTransport _inner;
        private readonly Timeline _timeline;

        /// <summary>Wraps <paramref name="inner"/>.</summary>
        public TimingSignalTransport(ISignalTransport inner, Timeline timeline)
        {
            _inner = inner;
            _timeline = timeline;
        }

        /// <inheritdoc/>
        public IWebSocket CreateWebSocket()
        {
            return new Socket(_inner.CreateWebSocket(), _timeline);
        }

        /// <inheritdoc/>
        public IHttpRequest CreateHttpRequest()
        {
            return _inner.CreateHttpRequest();
        }

        private sealed class Socket : IWebSocket, IWebSocketListener
        {
            private readonly IWebSocket _inner;
            private readonly Timeline _timeline;
            private IWebSocketListener _listener;
            private bool _first = true;

            public Socket(IWebSocket inner, Timeline timeline)
            {
                _inner = inner;
                _timeline = timeline;
            }

            public bool Connect(string url, string[] headerNames, string[] headerValues, int timeoutMs, IWebSocketListener listener)
            {
                _listener = listener;
                bool ok = _inner.Connect(url, headerNames, headerValues, timeoutMs, this);
                if (ok)
                {
                    _timeline.Mark("ws-open");
                }

                return ok;
            }

            public bool Send(byte[] data, int offset, int length)
            {
                return _inner.Send(data, offset, length);
            }

            public void Close()
            {
                _inner.Close();
            }

            public void Abort()
            {
                _inner.Abort();
            }

            public void OnMessage(IWebSocket socket, byte[] message, int length)
            {
                if (_first)
                {
                    _first = false;

                    // SignalResponse field 1 (join), length-delimited: tag 0x0A.
                    if (length > 0 && message[0] == 0x0A)
                    {
                        _timeline.Mark("join");
                    }
                }

                _listener.OnMessage(this, message, length);
            }

            public void OnClosed(IWebSocket socket, int closeStatus, string reason)
            {
                _listener.OnClosed(this, closeStatus, reason);
            }
        }
    }
}
