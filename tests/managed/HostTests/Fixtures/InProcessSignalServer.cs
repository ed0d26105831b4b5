//
// Copyright (c) LiveKit for nanoFramework contributors. Licensed under the Apache License 2.0.
//

using System;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Threading;
using System.Threading.Tasks;
using LiveKit.Protocol;
using LiveKit.Signal;

namespace LiveKit.IntegrationTests
{
    /// <summary>
    /// A small, fast signaling server in the test process (HttpListener WebSockets on
    /// 127.0.0.1) for the teardown stress test and benchmark: it answers /rtc/v1 joins with a
    /// JoinResponse, resumes with a ReconnectResponse, ping_req with pong_resp, and lets the
    /// test drop every connection at the exact moment it wants. It is not the project's local
    /// server (tests/server): it exists so that thousands of cycles take seconds, over the
    /// same real WebSocket adapter the host uses.
    /// </summary>
    public sealed class InProcessSignalServer : IDisposable
    {
        private readonly HttpListener _listener = new HttpListener();
        private readonly ConcurrentDictionary<int, HttpListenerContext> _live = new ConcurrentDictionary<int, HttpListenerContext>();
        private readonly Thread _accept;
        private int _ids;
        private int _participants;
        private volatile bool _stopped;

        /// <summary>Starts listening on a free port.</summary>
        public InProcessSignalServer()
        {
            TcpListener probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            Port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            _listener.Prefixes.Add("http://127.0.0.1:" + Port + "/");
            _listener.Start();
            _accept = new Thread(AcceptLoop) { IsBackground = true, Name = "test.inproc-accept" };
            _accept.Start();
        }

        /// <summary>The port.</summary>
        public int Port { get; }

        /// <summary>ws://127.0.0.1:port</summary>
        public string Url => "ws://127.0.0.1:" + Port;

        /// <summary>Joins answered so far.</summary>
        public int Joins;

        /// <summary>Resumes answered so far.</summary>
        public int Resumes;

        /// <summary>Leave requests received.</summary>
        public int Leaves;

        /// <summary>Open connections.</summary>
        public int OpenConnections => _live.Count;

        /// <summary>Drops every open connection without a close handshake.</summary>
        public int DropAll()
        {
            int n = 0;
            foreach (var kv in _live)
            {
                try
                {
                    // Closes the TCP connection itself: aborting the WebSocket alone leaves
                    // HttpListener's connection open.
                    kv.Value.Response.Abort();
                    n++;
                }
                catch (Exception)
                {
                }
            }

            return n;
        }

        /// <summary>Stops listening and drops everything.</summary>
        public void Dispose()
        {
            _stopped = true;
            DropAll();
            try
            {
                _listener.Stop();
                _listener.Close();
            }
            catch (Exception)
            {
            }

            _accept.Join(5000);
        }

        private void AcceptLoop()
        {
            while (!_stopped)
            {
                HttpListenerContext ctx;
                try
                {
                    ctx = _listener.GetContext();
                }
                catch (Exception)
                {
                    return;
                }

                _ = Task.Run(() => HandleAsync(ctx));
            }
        }

        private async Task HandleAsync(HttpListenerContext ctx)
        {
            string path = ctx.Request.Url.AbsolutePath;
            if (!ctx.Request.IsWebSocketRequest)
            {
                // validate: the token is never checked here.
                byte[] ok = System.Text.Encoding.UTF8.GetBytes("success");
                ctx.Response.StatusCode = path.EndsWith("/validate") ? 200 : 404;
                ctx.Response.OutputStream.Write(ok, 0, ok.Length);
                ctx.Response.Close();
                return;
            }

            JoinRequest join;
            try
            {
                string q = ctx.Request.Url.Query;
                int at = q.IndexOf("join_request=", StringComparison.Ordinal);
                string v = Uri.UnescapeDataString(q.Substring(at + 13).Split('&')[0]);
                WrappedJoinRequest w = WrappedJoinRequest.Decode(Base64Url.Decode(v));
                join = JoinRequest.Decode(w.JoinRequest);
            }
            catch (Exception)
            {
                ctx.Response.StatusCode = 400;
                ctx.Response.Close();
                return;
            }

            WebSocket ws;
            try
            {
                ws = (await ctx.AcceptWebSocketAsync(null).ConfigureAwait(false)).WebSocket;
            }
            catch (Exception)
            {
                return;
            }

            int id = Interlocked.Increment(ref _ids);
            _live[id] = ctx;
            try
            {
                SignalResponse first = new SignalResponse();
                if (join.Reconnect)
                {
                    Interlocked.Increment(ref Resumes);
                    first.Reconnect = new ReconnectResponse();
                }
                else
                {
                    Interlocked.Increment(ref Joins);
                    int n = Interlocked.Increment(ref _participants);
                    JoinResponse jr = new JoinResponse();
                    jr.Room = new LiveKit.Protocol.Room { Sid = "RM_inproc", Name = "stress" };
                    jr.Participant = new ParticipantInfo { Sid = "PA_" + n, Identity = "device", Version = 1, State = ParticipantInfoState.Joined };
                    jr.PingInterval = 5;
                    jr.PingTimeout = 15;
                    first.Join = jr;
                }

                await SendAsync(ws, first).ConfigureAwait(false);
                byte[] buf = new byte[16384];
                while (ws.State == WebSocketState.Open)
                {
                    WebSocketReceiveResult r = await ws.ReceiveAsync(new ArraySegment<byte>(buf), CancellationToken.None).ConfigureAwait(false);
                    if (r.MessageType == WebSocketMessageType.Close)
                    {
                        await ws.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, string.Empty, CancellationToken.None).ConfigureAwait(false);
                        break;
                    }

                    if (!r.EndOfMessage)
                    {
                        continue;
                    }

                    SignalRequest req = SignalRequest.Decode(buf, 0, r.Count);
                    if (req.MessageCase == SignalRequestMessageCase.PingReq)
                    {
                        SignalResponse pong = new SignalResponse();
                        pong.PongResp = new Pong { LastPingTimestamp = req.PingReq.Timestamp, Timestamp = 1 };
                        await SendAsync(ws, pong).ConfigureAwait(false);
                    }
                    else if (req.MessageCase == SignalRequestMessageCase.Leave)
                    {
                        Interlocked.Increment(ref Leaves);
                    }
                }
            }
            catch (Exception)
            {
                // Dropped by the test or by the client: nothing to do.
            }
            finally
            {
                _live.TryRemove(id, out _);
                ws.Dispose();
            }
        }

        private static Task SendAsync(WebSocket ws, SignalResponse res)
        {
            byte[] bytes = res.ToByteArray();
            return ws.SendAsync(new ArraySegment<byte>(bytes), WebSocketMessageType.Binary, true, CancellationToken.None);
        }
    }
}
