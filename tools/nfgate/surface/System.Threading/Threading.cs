// Reference surface of nanoFramework.System.Threading 1.1.52 (assembly System.Threading), from
// nanoframework/System.Threading: CancellationToken and CancellationTokenSource only. Declarations only.
namespace System
{
    public class OperationCanceledException : SystemException
    {
        public OperationCanceledException() { }
        public OperationCanceledException(string message) { }
        public OperationCanceledException(string message, Exception innerException) { }
        public OperationCanceledException(Threading.CancellationToken token) { }
        public Threading.CancellationToken CancellationToken => throw null;
    }
}

namespace System.Threading
{
    public struct CancellationToken
    {
        public CancellationToken(bool canceled) { }
        public static CancellationToken None => throw null;
        public bool IsCancellationRequested => throw null;
        public bool CanBeCanceled => throw null;
        public WaitHandle WaitHandle => throw null;
        public void ThrowIfCancellationRequested() => throw null;
        public bool Equals(CancellationToken other) => throw null;
        public override bool Equals(object other) => throw null;
        public override int GetHashCode() => throw null;
        public static bool operator ==(CancellationToken left, CancellationToken right) => throw null;
        public static bool operator !=(CancellationToken left, CancellationToken right) => throw null;
    }

    public class CancellationTokenSource : IDisposable
    {
        public CancellationTokenSource() { }
        public CancellationTokenSource(TimeSpan delay) { }
        public CancellationTokenSource(int millisecondsDelay) { }
        public bool IsCancellationRequested => throw null;
        public CancellationToken Token => throw null;
        public void Cancel() => throw null;
        public void Cancel(bool throwOnFirstException) => throw null;
        public void CancelAfter(TimeSpan delay) => throw null;
        public void CancelAfter(int millisecondsDelay) => throw null;
        public void Dispose() => throw null;
        public static CancellationTokenSource CreateLinkedTokenSource(CancellationToken token1, CancellationToken token2) => throw null;
        public static CancellationTokenSource CreateLinkedTokenSource(params CancellationToken[] tokens) => throw null;
    }
}
