// Copyright (c) LiveKit for nanoFramework contributors. Licensed under the Apache License 2.0.
// nfgate-probe packages=nanoFramework.CoreLibrary,nanoFramework.System.Collections,nanoFramework.System.Text,nanoFramework.System.IO.Streams,nanoFramework.System.Threading,nanoFramework.System.Net,nanoFramework.System.Net.WebSockets.Client,nanoFramework.System.Net.Http.Client
// expect clean
//
// Device-side use of the nanoFramework WebSocket client and HttpClient (the signaling transport): must pass.
using System;
using System.Net.Http;
using System.Net.WebSockets;
using System.Net.WebSockets.WebSocketFrame;
using System.Text;

namespace Probe
{
    public class DeviceTransport
    {
        private ClientWebSocket _ws;

        public bool Open(string url, string token)
        {
            ClientWebSocketOptions options = new ClientWebSocketOptions();
            options.KeepAliveInterval = TimeSpan.FromSeconds(20);
            _ws = new ClientWebSocket(options);
            _ws.MessageReceived += OnMessage;
            _ws.ConnectionClosed += (sender, e) => { };
            ClientWebSocketHeaders headers = new ClientWebSocketHeaders();
            headers["Authorization"] = "Bearer " + token;
            _ws.Connect(url, headers);
            if (_ws.State != WebSocketState.Open)
            {
                return false;
            }

            return _ws.Send(new byte[] { 1, 2 }, WebSocketMessageType.Binary);
        }

        public int Validate(string url)
        {
            using (HttpClient http = new HttpClient())
            {
                http.Timeout = TimeSpan.FromSeconds(10);
                using (HttpResponseMessage response = http.Get(url))
                {
                    string body = response.Content.ReadAsString();
                    return (int)response.StatusCode + body.Length;
                }
            }
        }

        public void Close()
        {
            _ws.Close(WebSocketCloseStatus.NormalClosure, "bye");
            _ws.Dispose();
        }

        private void OnMessage(object sender, MessageReceivedEventArgs e)
        {
            if (e.Frame.MessageType == WebSocketMessageType.Binary)
            {
                byte[] buffer = e.Frame.Buffer;
                string text = Encoding.UTF8.GetString(buffer, 0, e.Frame.MessageLength);
                OnText(text);
            }
        }

        private void OnText(string text)
        {
        }
    }
}
