// Reference surface of nanoFramework.System.Net.WebSockets.Client 1.1.x (assembly System.Net.WebSockets),
// from nanoframework/System.Net.WebSockets (WebSocket.cs, ClientWebSocket.cs, ClientWebSocketOptions.cs,
// ClientWebSocketHeaders.cs, WebSocketFrame/*.cs). Client API only. Declarations only.
namespace System.Net.WebSockets.WebSocketFrame
{
    public enum WebSocketMessageType { Text = 0, Binary = 1, Close = 2 }
    public enum WebSocketState { None, Connecting, Open, CloseSent, CloseReceived, Closed, Aborted, Closing }
    public enum FragmentationType { NotFragmented, FirstFragment, Fragment, FinalFragment }

    public enum WebSocketCloseStatus
    {
        NormalClosure = 1000, EndpointUnavailable = 1001, ProtocolError = 1002, InvalidMessageType = 1003,
        Empty = 1005, ClosedAbnormally = 1006, InvalidPayloadData = 1007, PolicyViolation = 1008,
        MessageTooBig = 1009, MandatoryExtension = 1010, InternalServerError = 1011,
    }

    public class WebSocketOptions
    {
        public TimeSpan KeepAliveInterval { get => throw null; set => throw null; }
        public TimeSpan ServerTimeout { get => throw null; set => throw null; }
        public int MaxReceiveFrameSize { get => throw null; set => throw null; }
        public int MaxFragmentSize => throw null;
    }
}

namespace System.Net.WebSockets
{
    using System.Net.Security;
    using System.Net.Sockets;
    using System.Net.WebSockets.WebSocketFrame;
    using System.Security.Cryptography.X509Certificates;

    public delegate void MessageReceivedEventHandler(object sender, MessageReceivedEventArgs e);

    public class MessageReceivedEventArgs : EventArgs
    {
        public ReceiveMessageFrame Frame { get => throw null; set => throw null; }
    }

    public class MessageFrame
    {
        public IPEndPoint EndPoint { get => throw null; set => throw null; }
        public WebSocketMessageType MessageType => throw null;
    }

    public class ReceiveMessageFrame : MessageFrame
    {
        public FragmentationType Fragmentation { get => throw null; set => throw null; }
        public bool IsFragmented => throw null;
        public int MessageLength { get => throw null; set => throw null; }
        public byte[] Buffer { get => throw null; set => throw null; }
    }

    public abstract class WebSocket : IDisposable
    {
        protected WebSocket(WebSocketOptions options = null) { }
        public bool IsServer => throw null;
        public TimeSpan ServerTimeout => throw null;
        public TimeSpan KeepAliveInterval => throw null;
        public int MaxReceiveFrameSize => throw null;
        public int MaxFragmentSize => throw null;
        public abstract WebSocketState State { get; set; }
        // the event's type is this nested delegate (WebSocket.cs), not the namespace-level one of ClientWebSocket.cs
        public delegate void MessageReceivedEventHandler(object sender, MessageReceivedEventArgs e);
        public event MessageReceivedEventHandler MessageReceived { add { } remove { } }
        public event EventHandler ConnectionClosed { add { } remove { } }
        public IPEndPoint RemoteEndPoint => throw null;
        protected void ConnectToStream(NetworkStream stream, bool isServer, Socket socket) => throw null;
        public bool Send(byte[] buffer, WebSocketMessageType messageType, int fragmentSize = -1) => throw null;
        public bool SendString(string message, int fragmentSize = -1) => throw null;
        public bool SendBytes(byte[] data, int fragmentSize = -1) => throw null;
        public void Close(WebSocketCloseStatus closeStatus = WebSocketCloseStatus.Empty, string statusDescription = null) => throw null;
        public void Abort() => throw null;
        public void Dispose() => throw null;
    }

    public class ClientWebSocketOptions : WebSocketOptions
    {
        public SslProtocols SslProtocol { get => throw null; set => throw null; }
        public SslVerification SslVerification { get => throw null; set => throw null; }
        public X509Certificate Certificate { get => throw null; set => throw null; }
    }

    public class ClientWebSocketHeaders
    {
        public int Count => throw null;
        public string[] Keys => throw null;
        public string[] Values => throw null;
        public string this[string key] { get => throw null; set => throw null; }
        public void Remove(string value) => throw null;
    }

    public class ClientWebSocket : WebSocket, IDisposable
    {
        public ClientWebSocket(ClientWebSocketOptions options = null) : base(options) { }
        public bool IsSSL => throw null;
        public int Port => throw null;
        public SslProtocols SslProtocol => throw null;
        public string Host => throw null;
        public bool UseCustomCertificate => throw null;
        public string Prefix => throw null;
        public SslVerification SslVerification { get => throw null; set => throw null; }
        public X509Certificate CACertificate { get => throw null; set => throw null; }
        public bool UseStoredDeviceCertificate { get => throw null; set => throw null; }
        public override WebSocketState State { get => throw null; set => throw null; }
        public void Connect(string uri, ClientWebSocketHeaders headers = null) => throw null;
        public new void Dispose() => throw null;
    }
}
