//
// Copyright (c) LiveKit for nanoFramework contributors. Licensed under the Apache License 2.0.
//

using System;
using System.Collections;
using System.Runtime.InteropServices;
using System.Text;
using System.Threading;
using LiveKit.Rtc.Native;

namespace LiveKit.Samples.HostDemo
{
    /// <summary>
    /// Joins a real LiveKit server (LiveKit Cloud or livekit-server) with the C# Room over the
    /// native transport, prints the connect phases, the participants and everything it receives
    /// (data, chat), answers RPC "ping", and leaves on Ctrl+C or SIGTERM (or after --seconds).
    /// </summary>
    public sealed class RemoteSession
    {
        private readonly Timeline _t;
        private readonly string _url;
        private readonly string _token;
        private readonly int _seconds;

        /// <summary>A session for <paramref name="url"/> with <paramref name="token"/>; <paramref name="seconds"/> 0 runs until Ctrl+C or SIGTERM.</summary>
        public RemoteSession(Timeline timeline, string url, string token, int seconds)
        {
            _t = timeline;
            _url = url;
            _token = token;
            _seconds = seconds;
        }

        /// <summary>Runs until Ctrl+C or SIGTERM; 0 when it connected and left cleanly.</summary>
        public int Run()
        {
            ManualResetEvent stop = new ManualResetEvent(false);
            ConsoleCancelEventHandler onCancel = (s, e) =>
            {
                e.Cancel = true;
                stop.Set();
            };
            Console.CancelKeyPress += onCancel;

            // SIGTERM (a service manager, `kill`) leaves the room the same way as Ctrl+C.
            using PosixSignalRegistration onTerm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, ctx =>
            {
                ctx.Cancel = true;
                stop.Set();
            });
            NativePeerConnectionFactory factory = new NativePeerConnectionFactory();
            Room room = new Room(new RoomOptions
            {
                Transport = new TimingSignalTransport(new HostSignalTransport(), _t),
                PeerConnectionFactory = new TimingPeerConnectionFactory(factory, _t),
            });
            int rc = 0;
            try
            {
                Subscribe(room);
                _t.Print("device: Room.Connect " + _url);
                double start = _t.Now;
                room.Connect(_url, _token);
                ConnectPhases.Print(_t, start, _t.Now);
                _t.Print("joined room " + room.Name + " (" + room.Sid + ") as " + room.LocalParticipant.Identity + ", server " + room.ServerVersion);
                foreach (DictionaryEntry e in room.RemoteParticipants)
                {
                    _t.Print("participant present: " + ((RemoteParticipant)e.Value).Identity);
                }

                room.LocalParticipant.PublishData(Encoding.UTF8.GetBytes("hello from a LiveKit nanoFramework host demo"), true, "hello", null);
                _t.Print(_seconds > 0 ? "waiting " + _seconds + " s (RPC \"ping\" is answered)" : "waiting for other participants; RPC \"ping\" is answered; Ctrl+C (or SIGTERM) leaves");
                stop.WaitOne(_seconds > 0 ? _seconds * 1000 : Timeout.Infinite);
                _t.Print("leaving");
            }
            catch (ConnectException ex)
            {
                _t.Print("connect failed: " + ex.Error + ": " + ex.Message);
                rc = 1;
            }
            finally
            {
                double start = _t.Now;
                room.Dispose();
                factory.Dispose();
                Console.CancelKeyPress -= onCancel;
                _t.Print(string.Format("teardown: room disposed in {0:F1} ms", _t.Now - start));
            }

            return rc;
        }

        private void Subscribe(Room room)
        {
            room.ConnectionStateChanged += (s, e) => _t.Print("connection state " + e.State + (e.Error != ConnectionError.None ? " (" + e.Error + ")" : string.Empty));
            room.ParticipantConnected += (s, e) => _t.Print("participant connected: " + e.Participant.Identity);
            room.ParticipantDisconnected += (s, e) => _t.Print("participant disconnected: " + e.Participant.Identity);
            room.Disconnected += (s, e) => _t.Print("disconnected (reason " + e.Reason + ", " + e.Error + ")");
            room.Reconnecting += (s, e) => _t.Print("reconnecting");
            room.Reconnected += (s, e) => _t.Print("reconnected");
            room.DataReceived += (s, e) => _t.Print(string.Format("data from {0} topic \"{1}\" ({2} bytes): {3}", e.ParticipantIdentity, e.Topic, e.Payload.Length, Printable(e.Payload)));
            room.ChatMessageReceived += (s, e) => _t.Print("chat from " + e.ParticipantIdentity + ": " + e.Message);
            room.LocalParticipant.RegisterRpcMethod("ping", d =>
            {
                _t.Print("rpc ping from " + d.CallerIdentity + ": " + d.Payload);
                return "pong: " + d.Payload;
            });
        }

        private static string Printable(byte[] payload)
        {
            string s = Encoding.UTF8.GetString(payload, 0, Math.Min(payload.Length, 200));
            StringBuilder sb = new StringBuilder();
            foreach (char c in s)
            {
                sb.Append(char.IsControl(c) ? '.' : c);
            }

            return sb.ToString();
        }
    }
}
