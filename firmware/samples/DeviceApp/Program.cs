//
// Copyright (c) LiveKit for nanoFramework contributors. Licensed under the Apache License 2.0.
//

using System;
using System.Collections;
using System.Device.Wifi;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Threading;
using LiveKit.Rtc.Device;
using nanoFramework.Networking;

namespace LiveKit.Samples.DeviceApp
{
    /// <summary>
    /// The device sample: joins Wi-Fi (and gets the time over SNTP, which TLS certificate checks
    /// need), joins the LiveKit room of <see cref="Settings"/>, answers RPC "ping" (and "leave"),
    /// publishes a data packet, prints what happens, and leaves after
    /// <see cref="Settings.RunSeconds"/> (or when a participant calls RPC "leave").
    /// </summary>
    public static class Program
    {
        private static readonly ManualResetEvent s_leave = new ManualResetEvent(false);

        /// <summary>The app's entry point.</summary>
        public static void Main()
        {
            Log("LiveKit device app");
            LiveKitLog.Handler = new LogHandler(OnLibraryLog);

            if (!JoinWifi())
            {
                Thread.Sleep(Timeout.Infinite);
            }

            // wss:// is verified: against Settings.RootCaPem when given, else against the CA
            // roots stored in the device. Only Settings.AllowUnverifiedTls (a local test server)
            // turns verification off.
            DeviceSignalTransport transport;
            if (Settings.AllowUnverifiedTls)
            {
                Log("WARNING: the server's certificate is not verified (Settings.AllowUnverifiedTls)");
                transport = DeviceSignalTransport.WithoutCertificateVerification();
            }
            else if (Settings.RootCaPem.Length > 0)
            {
                transport = new DeviceSignalTransport(new X509Certificate(Settings.RootCaPem));
            }
            else
            {
                transport = new DeviceSignalTransport();
            }

            RoomOptions options = new RoomOptions();
            options.Transport = transport;
            options.PeerConnectionFactory = new DevicePeerConnectionFactory();
            Room room = new Room(options);
            Subscribe(room);
            room.LocalParticipant.RegisterRpcMethod("ping", new RpcHandler(OnPing));
            room.LocalParticipant.RegisterRpcMethod("leave", new RpcHandler(OnLeave));

            try
            {
                Log("connecting to " + Settings.LiveKitUrl);
                DateTime start = DateTime.UtcNow;
                room.Connect(Settings.LiveKitUrl, Settings.Token);
                Log("connected in " + Milliseconds(start) + " ms: room " + room.Name + " as " + room.LocalParticipant.Identity + ", server " + room.ServerVersion);
                Log("managed heap free: " + nanoFramework.Runtime.Native.GC.Run(false).ToString() + " bytes");
                foreach (DictionaryEntry e in room.RemoteParticipants)
                {
                    Log("participant present: " + ((RemoteParticipant)e.Value).Identity);
                }

                room.LocalParticipant.PublishData(Encoding.UTF8.GetBytes("hello from an ESP32-S3"), true, "hello", null);
                Log("published a data packet on topic \"hello\"; RPC \"ping\" and \"leave\" are answered");
                s_leave.WaitOne(Settings.RunSeconds * 1000, false);
                Log("leaving");
            }
            catch (ConnectException ex)
            {
                Log("connect failed: error " + ((int)ex.Error).ToString() + ": " + ex.Message);
            }
            finally
            {
                room.Dispose();
                Log("room disposed" + (room.TeardownTimedOut ? " (the engine did not stop in time)" : string.Empty));
            }

            Thread.Sleep(Timeout.Infinite);
        }

        private static bool JoinWifi()
        {
            Log("joining Wi-Fi " + Settings.WifiSsid);
            CancellationTokenSource cts = new CancellationTokenSource(Settings.WifiTimeoutMs);

            // requiresDateTime: wait until the clock is set (nanoFramework starts SNTP with the network);
            // TLS needs it to check certificate validity periods.
            bool ok = WifiNetworkHelper.ConnectDhcp(Settings.WifiSsid, Settings.WifiPassword, WifiReconnectionKind.Automatic, true, 0, cts.Token);
            if (!ok)
            {
                Log("Wi-Fi failed: status " + ((int)WifiNetworkHelper.Status).ToString() + ", connection error " + ((int)WifiNetworkHelper.ConnectionError).ToString()
                    + (WifiNetworkHelper.HelperException != null ? ", " + WifiNetworkHelper.HelperException.Message : string.Empty));
                return false;
            }

            Log("Wi-Fi up; UTC time " + DateTime.UtcNow.ToString());
            return true;
        }

        private static void Subscribe(Room room)
        {
            room.ConnectionStateChanged += new ConnectionStateChangedEventHandler(OnStateChanged);
            room.ParticipantConnected += new ParticipantEventHandler(OnParticipantConnected);
            room.ParticipantDisconnected += new ParticipantEventHandler(OnParticipantDisconnected);
            room.DataReceived += new DataReceivedEventHandler(OnData);
            room.ChatMessageReceived += new ChatMessageReceivedEventHandler(OnChat);
            room.Disconnected += new DisconnectedEventHandler(OnDisconnected);
        }

        private static void OnStateChanged(object sender, ConnectionStateChangedEventArgs e)
        {
            Log("connection state: " + StateName(e.State));
        }

        private static void OnParticipantConnected(object sender, ParticipantEventArgs e)
        {
            Log("participant connected: " + e.Participant.Identity);
        }

        private static void OnParticipantDisconnected(object sender, ParticipantEventArgs e)
        {
            Log("participant disconnected: " + e.Participant.Identity);
        }

        private static void OnData(object sender, DataReceivedEventArgs e)
        {
            int n = e.Payload.Length < 120 ? e.Payload.Length : 120;
            Log("data from " + e.ParticipantIdentity + " on \"" + e.Topic + "\" (" + e.Payload.Length.ToString() + " bytes): " + new string(Encoding.UTF8.GetChars(e.Payload, 0, n)));
        }

        private static void OnChat(object sender, ChatMessageReceivedEventArgs e)
        {
            Log("chat from " + e.ParticipantIdentity + ": " + e.Message);
        }

        private static void OnDisconnected(object sender, DisconnectedEventArgs e)
        {
            Log("disconnected: reason " + ((int)e.Reason).ToString() + ", error " + ((int)e.Error).ToString() + " " + e.Message);
        }

        private static string OnPing(RpcInvocationData data)
        {
            Log("rpc ping from " + data.CallerIdentity + ": " + data.Payload);
            return "pong: " + data.Payload;
        }

        private static string OnLeave(RpcInvocationData data)
        {
            Log("rpc leave from " + data.CallerIdentity);
            s_leave.Set();
            return "bye";
        }

        private static void OnLibraryLog(LogLevel level, string message)
        {
            string name = level == LogLevel.Error ? "error" : level == LogLevel.Warning ? "warning" : level == LogLevel.Info ? "info" : "debug";
            Log("[livekit " + name + "] " + message);
        }

        private static string StateName(ConnectionState state)
        {
            switch (state)
            {
                case ConnectionState.Connecting: return "connecting";
                case ConnectionState.Connected: return "connected";
                case ConnectionState.Reconnecting: return "reconnecting";
                default: return "disconnected";
            }
        }

        private static string Milliseconds(DateTime since)
        {
            return ((DateTime.UtcNow - since).Ticks / TimeSpan.TicksPerMillisecond).ToString();
        }

        private static void Log(string text)
        {
            Console.WriteLine(text);
        }
    }
}
