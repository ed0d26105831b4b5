// Reference surface of nanoFramework.System.Net 1.11.54 (assembly System.Net), from nanoframework/System.Net
// and its use in nanoframework/System.Net.WebSockets (Socket, NetworkStream, SslStream, Dns, IPAddress...).
// Declarations only; a subset: the types an app and the WebSocket client need.
namespace System.Net
{
    [Serializable]
    public abstract class EndPoint
    {
        public virtual Sockets.AddressFamily AddressFamily => throw null;
        public virtual SocketAddress Serialize() => throw null;
        public virtual EndPoint Create(SocketAddress socketAddress) => throw null;
    }

    public class SocketAddress
    {
        public SocketAddress(Sockets.AddressFamily family, int size) { }
        public Sockets.AddressFamily Family => throw null;
        public int Size => throw null;
        public byte this[int offset] { get => throw null; set => throw null; }
    }

    [Serializable]
    public class IPAddress
    {
        public static readonly IPAddress Any;
        public static readonly IPAddress Loopback;
        public static readonly IPAddress None;
        public IPAddress(long newAddress) { }
        public IPAddress(byte[] address) { }
        public Sockets.AddressFamily AddressFamily => throw null;
        public override bool Equals(object obj) => throw null;
        public override int GetHashCode() => throw null;
        public byte[] GetAddressBytes() => throw null;
        public static IPAddress Parse(string ipString) => throw null;
        public override string ToString() => throw null;
        public static IPAddress GetDefaultLocalAddress() => throw null;
    }

    [Serializable]
    public class IPEndPoint : EndPoint
    {
        public const int MinPort = 0x00000000;
        public const int MaxPort = 0x0000FFFF;
        public IPEndPoint(long address, int port) { }
        public IPEndPoint(IPAddress address, int port) { }
        public IPAddress Address => throw null;
        public int Port => throw null;
        public override Sockets.AddressFamily AddressFamily => throw null;
        public override SocketAddress Serialize() => throw null;
        public override EndPoint Create(SocketAddress socketAddress) => throw null;
        public override string ToString() => throw null;
        public override bool Equals(object comparand) => throw null;
        public override int GetHashCode() => throw null;
    }

    public class IPHostEntry
    {
        public string HostName => throw null;
        public IPAddress[] AddressList => throw null;
    }

    public static class Dns
    {
        public static IPHostEntry GetHostEntry(string hostNameOrAddress) => throw null;
    }
}

namespace System.Net.Sockets
{
    public enum AddressFamily { Unknown = -1, Unspecified = 0, InterNetwork = 2, InterNetworkV6 = 23 }
    public enum SocketType { Stream = 1, Dgram = 2, Raw = 3, Rdm = 4, Seqpacket = 5, Unknown = -1 }
    public enum ProtocolType { IP = 0, IPv6HopByHopOptions = 0, Icmp = 1, Igmp = 2, Ggp = 3, IPv4 = 4, Tcp = 6, Pup = 12, Udp = 17, Idp = 22, IPv6 = 41, Raw = 255, Unknown = -1 }
    public enum SelectMode { SelectRead = 0, SelectWrite = 1, SelectError = 2 }
    public enum SocketShutdown { Receive = 0x00, Send = 0x01, Both = 0x02 }
    public enum SocketOptionLevel { Socket = 0xffff, IP = ProtocolType.IP, IPv6 = ProtocolType.IPv6, Tcp = ProtocolType.Tcp, Udp = ProtocolType.Udp }

    [Flags]
    public enum SocketFlags { None = 0x0000, OutOfBand = 0x0001, Peek = 0x0002, DontRoute = 0x0004, MaxIOVectorLength = 0x0010, Truncated = 0x0100, ControlDataTruncated = 0x0200, Broadcast = 0x0400, Multicast = 0x0800, Partial = 0x8000 }

    public enum SocketOptionName
    {
        Debug = 0x0001, AcceptConnection = 0x0002, ReuseAddress = 0x0004, KeepAlive = 0x0008, DontRoute = 0x0010,
        Broadcast = 0x0020, UseLoopback = 0x0040, Linger = 0x0080, OutOfBandInline = 0x0100, DontLinger = ~Linger,
        ExclusiveAddressUse = ~ReuseAddress, SendBuffer = 0x1001, ReceiveBuffer = 0x1002, SendLowWater = 0x1003,
        ReceiveLowWater = 0x1004, SendTimeout = 0x1005, ReceiveTimeout = 0x1006, Error = 0x1007, Type = 0x1008,
        MaxConnections = 0x7fffffff, NoDelay = 1,
    }

    public enum SocketError
    {
        Success = 0, SocketError = -1, Interrupted = 10004, AccessDenied = 10013, Fault = 10014, InvalidArgument = 10022,
        TooManyOpenSockets = 10024, WouldBlock = 10035, InProgress = 10036, AlreadyInProgress = 10037, NotSocket = 10038,
        AddressAlreadyInUse = 10048, NetworkDown = 10050, NetworkUnreachable = 10051, ConnectionAborted = 10053,
        ConnectionReset = 10054, NoBufferSpaceAvailable = 10055, IsConnected = 10056, NotConnected = 10057,
        Shutdown = 10058, TimedOut = 10060, ConnectionRefused = 10061, HostDown = 10064, HostUnreachable = 10065,
        HostNotFound = 11001, TryAgain = 11002, NoRecovery = 11003, NoData = 11004,
    }

    [Serializable]
    public class SocketException : Exception
    {
        public SocketException(SocketError errorCode) { }
        public SocketException(SocketError errorCode, string message) { }
        public int ErrorCode => throw null;
        public SocketError SocketErrorCode => throw null;
    }

    public class Socket : IDisposable
    {
        public Socket(AddressFamily addressFamily, SocketType socketType, ProtocolType protocolType) { }
        public int Available => throw null;
        public EndPoint LocalEndPoint => throw null;
        public EndPoint RemoteEndPoint => throw null;
        public int ReceiveTimeout { get => throw null; set => throw null; }
        public int SendTimeout { get => throw null; set => throw null; }
        public SocketType SocketType => throw null;
        public void Bind(EndPoint localEP) => throw null;
        public void Connect(EndPoint remoteEP) => throw null;
        public void Close() => throw null;
        public void Listen(int backlog) => throw null;
        public Socket Accept() => throw null;
        public int Send(byte[] buffer, int size, SocketFlags socketFlags) => throw null;
        public int Send(byte[] buffer, SocketFlags socketFlags) => throw null;
        public int Send(byte[] buffer) => throw null;
        public int Send(byte[] buffer, int offset, int size, SocketFlags socketFlags) => throw null;
        public int SendTo(byte[] buffer, int offset, int size, SocketFlags socketFlags, EndPoint remoteEP) => throw null;
        public int SendTo(byte[] buffer, int size, SocketFlags socketFlags, EndPoint remoteEP) => throw null;
        public int SendTo(byte[] buffer, SocketFlags socketFlags, EndPoint remoteEP) => throw null;
        public int SendTo(byte[] buffer, EndPoint remoteEP) => throw null;
        public int Receive(byte[] buffer, int size, SocketFlags socketFlags) => throw null;
        public int Receive(byte[] buffer, SocketFlags socketFlags) => throw null;
        public int Receive(byte[] buffer) => throw null;
        public int Receive(byte[] buffer, int offset, int size, SocketFlags socketFlags) => throw null;
        public int ReceiveFrom(byte[] buffer, int offset, int size, SocketFlags socketFlags, ref EndPoint remoteEP) => throw null;
        public int ReceiveFrom(byte[] buffer, int size, SocketFlags socketFlags, ref EndPoint remoteEP) => throw null;
        public int ReceiveFrom(byte[] buffer, SocketFlags socketFlags, ref EndPoint remoteEP) => throw null;
        public int ReceiveFrom(byte[] buffer, ref EndPoint remoteEP) => throw null;
        public void SetSocketOption(SocketOptionLevel optionLevel, SocketOptionName optionName, int optionValue) => throw null;
        public void SetSocketOption(SocketOptionLevel optionLevel, SocketOptionName optionName, bool optionValue) => throw null;
        public void SetSocketOption(SocketOptionLevel optionLevel, SocketOptionName optionName, byte[] optionValue) => throw null;
        public object GetSocketOption(SocketOptionLevel optionLevel, SocketOptionName optionName) => throw null;
        public bool Poll(int microSeconds, SelectMode mode) => throw null;
        public void Dispose() => throw null;
        protected virtual void Dispose(bool disposing) => throw null;
    }

    public class NetworkStream : IO.Stream
    {
        public NetworkStream(Socket socket) { }
        public NetworkStream(Socket socket, bool ownsSocket) { }
        public override bool CanRead => throw null;
        public override bool CanSeek => throw null;
        public override bool CanTimeout => throw null;
        public override bool CanWrite => throw null;
        public override int ReadTimeout { get => throw null; set => throw null; }
        public override int WriteTimeout { get => throw null; set => throw null; }
        public override long Length => throw null;
        public override long Position { get => throw null; set => throw null; }
        public virtual bool DataAvailable => throw null;
        public override void Close() => throw null;
        protected override void Dispose(bool disposing) => throw null;
        public override void Flush() => throw null;
        public override int Read(byte[] buffer, int offset, int count) => throw null;
        public override long Seek(long offset, IO.SeekOrigin origin) => throw null;
        public override void SetLength(long value) => throw null;
        public override void Write(byte[] buffer, int offset, int count) => throw null;
    }
}

namespace System.Net.Security
{
    [Flags]
    public enum SslProtocols { None = 0x00, Tls = 0x10, Tls11 = 0x20, Tls12 = 0x40, Tls13 = 0x80 }

    public enum SslVerification { NoVerification = 1, VerifyPeer = 2, CertificateRequired = 4, VerifyClientOnce = 8 }

    public class SslStream : Sockets.NetworkStream
    {
        public SslStream(Sockets.Socket socket) : base(socket) { }
        public SslVerification SslVerification { get => throw null; set => throw null; }
        public bool UseStoredDeviceCertificate { get => throw null; set => throw null; }
        public void AuthenticateAsClient(string targetHost, SslProtocols enabledSslProtocols) => throw null;
        public void AuthenticateAsClient(string targetHost, System.Security.Cryptography.X509Certificates.X509Certificate clientCertificate, SslProtocols enabledSslProtocols) => throw null;
        public void AuthenticateAsClient(string targetHost, System.Security.Cryptography.X509Certificates.X509Certificate clientCertificate, System.Security.Cryptography.X509Certificates.X509Certificate ca, SslProtocols enabledSslProtocols) => throw null;
        public bool IsServer => throw null;
    }
}

namespace System.Security.Cryptography.X509Certificates
{
    public class X509Certificate
    {
        public X509Certificate() { }
        public X509Certificate(byte[] certificate) { }
        public X509Certificate(string certificate) { }
        public virtual string Issuer => throw null;
        public virtual string Subject => throw null;
        public virtual DateTime GetEffectiveDate() => throw null;
        public virtual DateTime GetExpirationDate() => throw null;
        public virtual byte[] GetRawCertData() => throw null;
    }

    public class X509Certificate2 : X509Certificate
    {
        public X509Certificate2() { }
        public X509Certificate2(byte[] rawData) { }
        public X509Certificate2(string certificate) { }
        public X509Certificate2(string rawData, string key, string password) { }
        public X509Certificate2(byte[] rawData, string key, string password) { }
        public bool HasPrivateKey => throw null;
        public byte[] PrivateKey => throw null;
        public DateTime NotAfter => throw null;
        public DateTime NotBefore => throw null;
    }
}

namespace System.Net.NetworkInformation
{
    public enum NetworkInterfaceType { Unknown = 1, Ethernet = 6, Wireless80211 = 71, WirelessAP = 72 }

    public class NetworkInterface
    {
        public static NetworkInterface[] GetAllNetworkInterfaces() => throw null;
        public void EnableDhcp() => throw null;
        public void EnableStaticIPv4(string ipv4Address, string ipv4SubnetMask, string ipv4GatewayAddress) => throw null;
        public void EnableAutomaticDns() => throw null;
        public void EnableStaticIPv4Dns(string[] dnsAddresses) => throw null;
        public string IPv4Address => throw null;
        public string IPv4GatewayAddress => throw null;
        public string IPv4SubnetMask => throw null;
        public bool IsDhcpEnabled => throw null;
        public string[] IPv4DnsAddresses => throw null;
        public byte[] PhysicalAddress { get => throw null; set => throw null; }
        public NetworkInterfaceType NetworkInterfaceType => throw null;
    }

    public class NetworkAvailabilityEventArgs : EventArgs
    {
        public bool IsAvailable => throw null;
    }

    public delegate void NetworkAvailabilityChangedEventHandler(object sender, NetworkAvailabilityEventArgs e);
    public delegate void NetworkAddressChangedEventHandler(object sender, EventArgs e);

    public static class NetworkChange
    {
        public static event NetworkAddressChangedEventHandler NetworkAddressChanged { add { } remove { } }
        public static event NetworkAvailabilityChangedEventHandler NetworkAvailabilityChanged { add { } remove { } }
    }
}

namespace nanoFramework.Networking
{
    using System;
    using System.Threading;

    public enum NetworkHelperStatus { None, Started, NetworkIsReady, FailedNoNetworkInterface, TokenExpiredWaitingIPAddress, TokenExpiredWaitingDateTime, ExceptionOccurred }

    public static class NetworkHelper
    {
        public static NetworkHelperStatus Status => throw null;
        public static Exception HelperException => throw null;
        public static ManualResetEvent NetworkReady => throw null;
        public static bool SetupAndConnectNetwork(CancellationToken token = default, bool requiresDateTime = false) => throw null;
        public static void SetupNetworkHelper(bool requiresDateTime = false) => throw null;
        public static void ResetInstance() => throw null;
    }
}
