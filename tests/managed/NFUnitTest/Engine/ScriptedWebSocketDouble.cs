//
// Copyright (c) LiveKit for nanoFramework contributors. Licensed under the Apache License 2.0.
//

using System.Collections;
using System.Threading;
using LiveKit.Protocol;
using LiveKit.Signal;

namespace NFUnitTest
{
    /// <summary>
    /// A test double of one WebSocket, driven by <see cref="ScriptedSignalServerDouble"/>: it
    /// records what the engine sends and delivers what the script answers. Messages are
    /// delivered on the caller's thread (the script's or the test's), which stands in for the
    /// receive thread.
    /// </summary>
    public sealed class ScriptedWebSocketDouble : IWebSocket
    {
        private readonly ScriptedSignalServerDouble _server;
        private readonly object _lock = new object();
        private readonly ManualResetEvent _aborted = new ManualResetEvent(false);
        private IWebSocketListener _listener;
        private bool _open;
        private bool _closedRaised;

        internal ScriptedWebSocketDouble(ScriptedSignalServerDouble server)
        {
            _server = server;
            Sent = new ArrayList();
        }

        /// <summary>The URL of the connect call.</summary>
        public string Url { get; private set; }

        /// <summary>The Authorization header of the connect call.</summary>
        public string Authorization { get; private set; }

        /// <summary>Every SignalRequest sent, decoded, in order.</summary>
        public ArrayList Sent { get; private set; }

        /// <summary>True between a successful connect and close/drop.</summary>
        public bool IsOpen
        {
            get
            {
                lock (_lock)
                {
                    return _open;
                }
            }
        }

        /// <summary>True once Close was called by the client.</summary>
        public bool ClosedByClient { get; private set; }

        /// <inheritdoc/>
        public bool Connect(string url, string[] headerNames, string[] headerValues, int timeoutMs, IWebSocketListener listener)
        {
            Url = url;
            for (int i = 0; headerNames != null && i < headerNames.Length; i++)
            {
                if (headerNames[i] == "Authorization")
                {
                    Authorization = headerValues[i];
                }
            }

            _listener = listener;
            if (!_server.BeforeConnect(this, _aborted, timeoutMs))
            {
                return false;
            }

            lock (_lock)
            {
                _open = true;
            }

            _server.AfterConnect(this);
            return true;
        }

        /// <inheritdoc/>
        public bool Send(byte[] data, int offset, int length)
        {
            lock (_lock)
            {
                if (!_open)
                {
                    return false;
                }
            }

            SignalRequest req = SignalRequest.Decode(data, offset, length);
            lock (_lock)
            {
                Sent.Add(req);
            }

            _server.OnRequest(this, req);
            return true;
        }

        /// <inheritdoc/>
        public void Close()
        {
            ClosedByClient = true;
            lock (_lock)
            {
                _open = false;
            }

            _server.OnClosedByClient(this);
        }

        /// <inheritdoc/>
        public void Abort()
        {
            _aborted.Set();
            lock (_lock)
            {
                _open = false;
            }
        }

        /// <summary>Delivers a response as if it arrived from the server.</summary>
        public void Deliver(SignalResponse response)
        {
            byte[] bytes = response.ToByteArray();
            IWebSocketListener l = _listener;
            if (IsOpen && l != null)
            {
                l.OnMessage(this, bytes, bytes.Length);
            }
        }

        /// <summary>Drops the connection as if the network failed.</summary>
        public void Drop()
        {
            bool raise;
            lock (_lock)
            {
                raise = _open && !_closedRaised;
                _open = false;
                _closedRaised = true;
            }

            if (raise && _listener != null)
            {
                _listener.OnClosed(this, 1006, "dropped by the test");
            }
        }

        /// <summary>The requests sent of one kind.</summary>
        public int CountSent(SignalRequestMessageCase kind)
        {
            int n = 0;
            lock (_lock)
            {
                for (int i = 0; i < Sent.Count; i++)
                {
                    if (((SignalRequest)Sent[i]).MessageCase == kind)
                    {
                        n++;
                    }
                }
            }

            return n;
        }

        /// <summary>A snapshot of the sent requests.</summary>
        public SignalRequest[] SentSnapshot()
        {
            lock (_lock)
            {
                SignalRequest[] a = new SignalRequest[Sent.Count];
                for (int i = 0; i < a.Length; i++)
                {
                    a[i] = (SignalRequest)Sent[i];
                }

                return a;
            }
        }
    }
}
