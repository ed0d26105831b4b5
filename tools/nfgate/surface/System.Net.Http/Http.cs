// Reference surface of nanoFramework.System.Net.Http.Client 1.5.200 (assembly System.Net.Http, client API),
// from nanoframework/System.Net.Http (HttpClient.cs, HttpResponseMessage.cs, HttpContent.cs, Headers/*.cs,
// System.Uri.cs, System.Net.HttpStatusCode.cs). Blocking API: Get/Post/Send (no *Async). Declarations only;
// a subset (the HttpWebRequest family and HttpListener are left out).
namespace System
{
    public enum UriKind { RelativeOrAbsolute = 0, Absolute = 1, Relative = 2 }

    public class Uri
    {
        public Uri(string uriString) { }
        public Uri(string uriString, UriKind kind) { }
        public Uri(Uri baseUri, string relativeUri) { }
        public string AbsolutePath => throw null;
        public string AbsoluteUri => throw null;
        public string Host => throw null;
        public bool IsAbsoluteUri => throw null;
        public string OriginalString => throw null;
        public int Port => throw null;
        public string Scheme => throw null;
        public string Query => throw null;
        public string PathAndQuery => throw null;
        public override string ToString() => throw null;
    }
}

namespace System.Net
{
    public enum HttpStatusCode
    {
        Continue = 100, SwitchingProtocols = 101, OK = 200, Created = 201, Accepted = 202, NoContent = 204,
        MovedPermanently = 301, Found = 302, Redirect = 302, NotModified = 304, TemporaryRedirect = 307,
        BadRequest = 400, Unauthorized = 401, Forbidden = 403, NotFound = 404, MethodNotAllowed = 405,
        RequestTimeout = 408, Conflict = 409, Gone = 410, TooManyRequests = 429, InternalServerError = 500,
        NotImplemented = 501, BadGateway = 502, ServiceUnavailable = 503, GatewayTimeout = 504,
    }
}

namespace System.Net.Http.Headers
{
    public abstract class HttpHeaders
    {
        protected HttpHeaders() { }
        public void Add(string name, string value) => throw null;
    }

    public sealed class HttpRequestHeaders : HttpHeaders
    {
        public string Connection => throw null;
        public bool ConnectionClose { get => throw null; set => throw null; }
        public bool TransferEncodingChunked { get => throw null; set => throw null; }
    }

    public sealed class HttpResponseHeaders : HttpHeaders { }

    public sealed class HttpContentHeaders : HttpHeaders
    {
        public long ContentLength { get => throw null; set => throw null; }
        public MediaTypeHeaderValue ContentType { get => throw null; set => throw null; }
    }

    public class MediaTypeHeaderValue
    {
        public MediaTypeHeaderValue(string mediaType) { }
        public string CharSet { get => throw null; set => throw null; }
        public string MediaType { get => throw null; set => throw null; }
        public override string ToString() => throw null;
    }
}

namespace System.Net.Http
{
    using System.IO;
    using System.Net.Http.Headers;
    using System.Net.Security;
    using System.Security.Cryptography.X509Certificates;
    using System.Text;

    public enum HttpCompletionOption { ResponseContentRead = 0, ResponseHeadersRead = 1 }

    public class HttpRequestException : Exception
    {
        public HttpRequestException() { }
        public HttpRequestException(string message) { }
        public HttpRequestException(string message, Exception inner) { }
    }

    public class HttpMethod
    {
        public HttpMethod(string method) { }
        public static HttpMethod Delete => throw null;
        public static HttpMethod Get => throw null;
        public static HttpMethod Head => throw null;
        public static HttpMethod Options => throw null;
        public static HttpMethod Patch => throw null;
        public static HttpMethod Post => throw null;
        public static HttpMethod Put => throw null;
        public static HttpMethod Trace => throw null;
        public string Method => throw null;
        public override string ToString() => throw null;
    }

    public abstract class HttpContent : IDisposable
    {
        protected HttpContent() { }
        public HttpContentHeaders Headers => throw null;
        public void CopyTo(Stream stream) => throw null;
        public Stream LoadIntoBuffer() => throw null;
        public Stream ReadAsStream() => throw null;
        public byte[] ReadAsByteArray() => throw null;
        public string ReadAsString() => throw null;
        protected internal abstract bool TryComputeLength(out long length);
        public void Dispose() => throw null;
        protected virtual void Dispose(bool disposing) => throw null;
        protected abstract void SerializeToStream(Stream stream);
    }

    public class ByteArrayContent : HttpContent
    {
        public ByteArrayContent(byte[] content) { }
        public ByteArrayContent(byte[] content, int offset, int count) { }
        protected internal override bool TryComputeLength(out long length) => throw null;
        protected override void SerializeToStream(Stream stream) => throw null;
    }

    public class StringContent : ByteArrayContent
    {
        public StringContent(string content) : base(null) { }
        public StringContent(string content, Encoding encoding) : base(null) { }
        public StringContent(string content, Encoding encoding, string mediaType) : base(null) { }
    }

    public class StreamContent : HttpContent
    {
        public StreamContent(Stream content) { }
        public StreamContent(Stream content, int bufferSize) { }
        protected internal override bool TryComputeLength(out long length) => throw null;
        protected override void SerializeToStream(Stream stream) => throw null;
    }

    public class HttpRequestMessage : IDisposable
    {
        public HttpRequestMessage() { }
        public HttpRequestMessage(HttpMethod method, string requestUri) { }
        public HttpRequestMessage(HttpMethod method, Uri requestUri) { }
        public HttpContent Content { get => throw null; set => throw null; }
        public HttpRequestHeaders Headers => throw null;
        public HttpMethod Method { get => throw null; set => throw null; }
        public Uri RequestUri { get => throw null; set => throw null; }
        public Version Version { get => throw null; set => throw null; }
        public void Dispose() => throw null;
        protected virtual void Dispose(bool disposing) => throw null;
    }

    public class HttpResponseMessage : IDisposable
    {
        public HttpResponseMessage() { }
        public HttpResponseMessage(HttpStatusCode statusCode) { }
        public HttpContent Content { get => throw null; set => throw null; }
        public HttpResponseHeaders Headers => throw null;
        public bool IsSuccessStatusCode => throw null;
        public string ReasonPhrase { get => throw null; set => throw null; }
        public HttpRequestMessage RequestMessage { get => throw null; set => throw null; }
        public HttpStatusCode StatusCode => throw null;
        public Version Version { get => throw null; set => throw null; }
        public HttpResponseMessage EnsureSuccessStatusCode() => throw null;
        protected virtual void Dispose(bool disposing) => throw null;
        public void Dispose() => throw null;
    }

    public abstract class HttpMessageHandler : IDisposable
    {
        protected HttpMessageHandler() { }
        public void Dispose() => throw null;
        protected virtual void Dispose(bool disposing) => throw null;
    }

    public class HttpClientHandler : HttpMessageHandler
    {
        public HttpClientHandler() { }
    }

    public class HttpMessageInvoker : IDisposable
    {
        public HttpMessageInvoker(HttpMessageHandler handler) { }
        public HttpMessageInvoker(HttpMessageHandler handler, bool disposeHandler) { }
        public virtual HttpResponseMessage Send(HttpRequestMessage request) => throw null;
        public void Dispose() => throw null;
        protected virtual void Dispose(bool disposing) => throw null;
    }

    public class HttpClient : HttpMessageInvoker
    {
        public HttpClient() : base(null) { }
        public HttpRequestHeaders DefaultRequestHeaders => throw null;
        public Uri BaseAddress { get => throw null; set => throw null; }
        public TimeSpan Timeout { get => throw null; set => throw null; }
        public X509Certificate HttpsAuthentCert { get => throw null; set => throw null; }
        public SslProtocols SslProtocols { get => throw null; set => throw null; }
        public HttpResponseMessage Delete(string requestUri) => throw null;
        public HttpResponseMessage Get(string requestUri) => throw null;
        public HttpResponseMessage Get(string requestUri, HttpCompletionOption completionOption) => throw null;
        public HttpResponseMessage Patch(string requestUri, HttpContent content) => throw null;
        public HttpResponseMessage Post(string requestUri, HttpContent content) => throw null;
        public HttpResponseMessage Put(string requestUri, HttpContent content) => throw null;
        public byte[] GetByteArray(string requestUri) => throw null;
        public Stream GetStream(string requestUri) => throw null;
        public string GetString(string requestUri) => throw null;
        public HttpResponseMessage Send(HttpRequestMessage request, HttpCompletionOption completionOption) => throw null;
    }
}
