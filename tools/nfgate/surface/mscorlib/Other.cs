// Reference surface of nanoFramework.CoreLibrary 1.17.11 (assembly mscorlib): System.Collections,
// System.Threading, System.Diagnostics, System.Reflection, System.Runtime.*, System.Globalization,
// System.IO. Declarations only, from the public sources of nanoframework/CoreLibrary (1.x line).
// Not in 1.x mscorlib: Hashtable/Queue/Stack/IDictionary (nanoFramework.System.Collections),
// StringBuilder/Encoding (nanoFramework.System.Text), public Math (nanoFramework.System.Math),
// CancellationToken (nanoFramework.System.Threading), WaitOne(int) and every generic type.
#pragma warning disable CS0626, CS0067, CS0169
namespace System.Collections
{
    public interface IEnumerable { IEnumerator GetEnumerator(); }

    public interface IEnumerator
    {
        object Current { get; }
        bool MoveNext();
        void Reset();
    }

    public interface ICollection : IEnumerable
    {
        void CopyTo(Array array, int index);
        int Count { get; }
        object SyncRoot { get; }
        bool IsSynchronized { get; }
    }

    public interface IList : ICollection
    {
        object this[int index] { get; set; }
        int Add(object value);
        bool Contains(object value);
        void Clear();
        bool IsReadOnly { get; }
        bool IsFixedSize { get; }
        int IndexOf(object value);
        void Insert(int index, object value);
        void Remove(object value);
        void RemoveAt(int index);
    }

    public interface IComparer { int Compare(object x, object y); }

    public interface IEqualityComparer
    {
        new bool Equals(object x, object y);
        int GetHashCode(object obj);
    }

    [Serializable]
    public class ArrayList : IList, ICloneable
    {
        public ArrayList() { }
        public virtual int Capacity { get => throw null; set => throw null; }
        public virtual int Count => throw null;
        public virtual bool IsFixedSize => throw null;
        public virtual bool IsReadOnly => throw null;
        public virtual bool IsSynchronized => throw null;
        public virtual object SyncRoot => throw null;
        public virtual object this[int index] { get => throw null; set => throw null; }
        public virtual int Add(object value) => throw null;
        public virtual int BinarySearch(object value, IComparer comparer) => throw null;
        public virtual void Clear() => throw null;
        public virtual object Clone() => throw null;
        public virtual bool Contains(object item) => throw null;
        public virtual void CopyTo(Array array) => throw null;
        public virtual void CopyTo(Array array, int arrayIndex) => throw null;
        public virtual IEnumerator GetEnumerator() => throw null;
        public virtual int IndexOf(object value) => throw null;
        public virtual int IndexOf(object value, int startIndex) => throw null;
        public virtual int IndexOf(object value, int startIndex, int count) => throw null;
        public virtual void Insert(int index, object value) => throw null;
        public virtual void Remove(object obj) => throw null;
        public virtual void RemoveAt(int index) => throw null;
        public virtual object[] ToArray() => throw null;
        public virtual Array ToArray(Type type) => throw null;
    }
}

namespace System.Threading
{
    public delegate void ThreadStart();
    public delegate void TimerCallback(object state);

    public enum ThreadPriority { Lowest = 0, BelowNormal = 1, Normal = 2, AboveNormal = 3, Highest = 4 }

    [Flags]
    public enum ThreadState
    {
        Running = 0, StopRequested = 1, SuspendRequested = 2, Background = 4, Unstarted = 8, Stopped = 16,
        WaitSleepJoin = 32, Suspended = 64, AbortRequested = 128, Aborted = 256,
    }

    public static class Timeout
    {
        public const int Infinite = -1;
        public static readonly TimeSpan InfiniteTimeSpan;
    }

    public sealed class Thread
    {
        public Thread(ThreadStart start) { }
        public void Start() => throw null;
        public void Abort() => throw null;
        public void Suspend() => throw null;
        public void Resume() => throw null;
        public ThreadPriority Priority { get => throw null; set => throw null; }
        public int ManagedThreadId => throw null;
        public bool IsAlive => throw null;
        public void Join() => throw null;
        public bool Join(int millisecondsTimeout) => throw null;
        public bool Join(TimeSpan timeout) => throw null;
        public static void Sleep(int millisecondsTimeout) => throw null;
        public static void Sleep(TimeSpan timeout) => throw null;
        public static Thread CurrentThread => throw null;
        public ThreadState ThreadState => throw null;
        public static void SpinWait(int iterations) => throw null;
    }

    public sealed class ThreadAbortException : SystemException { private ThreadAbortException() { } }

    public abstract class WaitHandle : MarshalByRefObject
    {
        public const int WaitTimeout = 0x102;
        public virtual bool WaitOne(int millisecondsTimeout, bool exitContext) => throw null;
        public virtual bool WaitOne() => throw null;
        public static bool WaitAll(WaitHandle[] waitHandles, int millisecondsTimeout, bool exitContext) => throw null;
        public static bool WaitAll(WaitHandle[] waitHandles) => throw null;
        public static int WaitAny(WaitHandle[] waitHandles, int millisecondsTimeout, bool exitContext) => throw null;
        public static int WaitAny(WaitHandle[] waitHandles) => throw null;
    }

    public sealed class ManualResetEvent : WaitHandle
    {
        public ManualResetEvent(bool initialState) { }
        public bool Reset() => throw null;
        public bool Set() => throw null;
    }

    public sealed class AutoResetEvent : WaitHandle
    {
        public AutoResetEvent(bool initialState) { }
        public bool Reset() => throw null;
        public bool Set() => throw null;
    }

    public static class Monitor
    {
        public static void Enter(object obj) => throw null;
        public static void Exit(object obj) => throw null;
    }

    public static class Interlocked
    {
        public static int Increment(ref int location) => throw null;
        public static int Decrement(ref int location) => throw null;
        public static int Exchange(ref int location1, int value) => throw null;
        public static int CompareExchange(ref int location1, int value, int comparand) => throw null;
    }

    public sealed class Timer : MarshalByRefObject, IDisposable
    {
        public Timer(TimerCallback callback, object state, int dueTime, int period) { }
        public Timer(TimerCallback callback, object state, TimeSpan dueTime, TimeSpan period) { }
        public bool Change(int dueTime, int period) => throw null;
        public bool Change(TimeSpan dueTime, TimeSpan period) => throw null;
        public void Dispose() => throw null;
    }
}

namespace System.Diagnostics
{
    public static class Debug
    {
        [Conditional("DEBUG")] public static void Assert(bool condition) => throw null;
        [Conditional("DEBUG")] public static void Assert(bool condition, string message) => throw null;
        [Conditional("DEBUG")] public static void Assert(bool condition, string message, string detailedMessage) => throw null;
        [Conditional("DEBUG")] public static void Write(string message) => throw null;
        [Conditional("DEBUG")] public static void WriteLine(string message) => throw null;
    }

    public static class Debugger
    {
        public static bool IsAttached => throw null;
        public static void Break() => throw null;
    }

    [AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = true)]
    public sealed class ConditionalAttribute : Attribute
    {
        public ConditionalAttribute(string conditionString) { }
        public string ConditionString => throw null;
    }

    [AttributeUsage(AttributeTargets.Class | AttributeTargets.Method | AttributeTargets.Constructor | AttributeTargets.Struct, Inherited = false)]
    public sealed class DebuggerStepThroughAttribute : Attribute { public DebuggerStepThroughAttribute() { } }

    [AttributeUsage(AttributeTargets.Class | AttributeTargets.Method | AttributeTargets.Constructor, Inherited = false)]
    public sealed class DebuggerStepperBoundaryAttribute : Attribute { public DebuggerStepperBoundaryAttribute() { } }

    [AttributeUsage(AttributeTargets.Class | AttributeTargets.Method | AttributeTargets.Constructor | AttributeTargets.Property, Inherited = false)]
    public sealed class DebuggerHiddenAttribute : Attribute { public DebuggerHiddenAttribute() { } }

    [AttributeUsage(AttributeTargets.Class | AttributeTargets.Method | AttributeTargets.Constructor | AttributeTargets.Struct | AttributeTargets.Property, Inherited = false)]
    public sealed class DebuggerNonUserCodeAttribute : Attribute { public DebuggerNonUserCodeAttribute() { } }

    public enum DebuggerBrowsableState { Never = 0, Collapsed = 2, RootHidden = 3 }

    [AttributeUsage(AttributeTargets.Field | AttributeTargets.Property, AllowMultiple = false)]
    public sealed class DebuggerBrowsableAttribute : Attribute
    {
        public DebuggerBrowsableAttribute(DebuggerBrowsableState state) { }
        public DebuggerBrowsableState State => throw null;
    }

    [AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct | AttributeTargets.Enum | AttributeTargets.Property | AttributeTargets.Field | AttributeTargets.Delegate, AllowMultiple = true)]
    public sealed class DebuggerDisplayAttribute : Attribute
    {
        public DebuggerDisplayAttribute(string value) { }
        public string Value => throw null;
        public string Name { get => throw null; set => throw null; }
        public string Type { get => throw null; set => throw null; }
    }

    [AttributeUsage(AttributeTargets.Assembly | AttributeTargets.Module, AllowMultiple = false)]
    public sealed class DebuggableAttribute : Attribute
    {
        [Flags]
        public enum DebuggingModes { None = 0x0, Default = 0x1, DisableOptimizations = 0x100, IgnoreSymbolStoreSequencePoints = 0x2, EnableEditAndContinue = 0x4 }
        public DebuggableAttribute(bool isJITTrackingEnabled, bool isJITOptimizerDisabled) { }
        public DebuggableAttribute(DebuggingModes modes) { }
    }
}

namespace System.Reflection
{
    [Flags]
    public enum BindingFlags
    {
        Default = 0x00, IgnoreCase = 0x01, DeclaredOnly = 0x02, Instance = 0x04, Static = 0x08, Public = 0x10,
        NonPublic = 0x20, FlattenHierarchy = 0x40, InvokeMethod = 0x0100, CreateInstance = 0x0200, GetField = 0x0400,
        SetField = 0x0800, GetProperty = 0x1000, SetProperty = 0x2000, ExactBinding = 0x010000,
        SuppressChangeType = 0x020000, OptionalParamBinding = 0x040000, IgnoreReturn = 0x01000000,
    }

    [Flags]
    public enum MemberTypes
    {
        Constructor = 0x01, Event = 0x02, Field = 0x04, Method = 0x08, Property = 0x10, TypeInfo = 0x20,
        Custom = 0x40, NestedType = 0x80, All = Constructor | Event | Field | Method | Property | TypeInfo | NestedType,
    }

    public interface IReflect
    {
        MethodInfo GetMethod(string name, BindingFlags bindingAttr);
        FieldInfo GetField(string name, BindingFlags bindingAttr);
    }

    public abstract class MemberInfo
    {
        public abstract MemberTypes MemberType { get; }
        public abstract string Name { get; }
        public abstract Type DeclaringType { get; }
        public virtual object[] GetCustomAttributes(bool inherit) => throw null;
    }

    public abstract class MethodBase : MemberInfo
    {
        public bool IsPublic => throw null;
        public bool IsStatic => throw null;
        public bool IsFinal => throw null;
        public bool IsVirtual => throw null;
        public bool IsAbstract => throw null;
        public object Invoke(object obj, object[] parameters) => throw null;
        public ParameterInfo[] GetParameters() => throw null;
    }

    public abstract class MethodInfo : MethodBase
    {
        public abstract Type ReturnType { get; }
        public override MemberTypes MemberType => throw null;
    }

    public abstract class ConstructorInfo : MethodBase
    {
        public override MemberTypes MemberType => throw null;
        public object Invoke(object[] parameters) => throw null;
    }

    public abstract class FieldInfo : MemberInfo
    {
        public override MemberTypes MemberType => throw null;
        public abstract Type FieldType { get; }
        public abstract object GetValue(object obj);
        public virtual void SetValue(object obj, object value) => throw null;
    }

    public abstract class PropertyInfo : MemberInfo
    {
        public abstract Type PropertyType { get; }
        public virtual object GetValue(object obj, object[] index) => throw null;
        public virtual void SetValue(object obj, object value, object[] index) => throw null;
    }

    public class ParameterInfo
    {
        public virtual Type ParameterType => throw null;
        public virtual int Position => throw null;
    }

    public class AssemblyName
    {
        public string Name => throw null;
        public string FullName => throw null;
        public Version Version => throw null;
    }

    public class Assembly
    {
        public virtual string FullName => throw null;
        public static Assembly GetExecutingAssembly() => throw null;
        public AssemblyName GetName() => throw null;
        public static Assembly GetAssembly(Type type) => throw null;
        public virtual Type GetType(string name) => throw null;
        public virtual Type[] GetTypes() => throw null;
        public static Assembly Load(string assemblyString) => throw null;
        public static Assembly Load(byte[] rawAssembly) => throw null;
        public object[] GetCustomAttributes(bool inherit) => throw null;
        public string[] GetManifestResourceNames() => throw null;
    }

    [AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct | AttributeTargets.Interface)]
    public sealed class DefaultMemberAttribute : Attribute
    {
        public DefaultMemberAttribute(string memberName) { }
        public string MemberName => throw null;
    }

    [AttributeUsage(AttributeTargets.Assembly, Inherited = false)] public sealed class AssemblyCultureAttribute : Attribute { public AssemblyCultureAttribute(string culture) { } }
    [AttributeUsage(AttributeTargets.Assembly, Inherited = false)] public sealed class AssemblyVersionAttribute : Attribute { public AssemblyVersionAttribute(string version) { } }
    [AttributeUsage(AttributeTargets.Assembly, Inherited = false)] public sealed class AssemblyKeyFileAttribute : Attribute { public AssemblyKeyFileAttribute(string keyFile) { } }
    [AttributeUsage(AttributeTargets.Assembly, Inherited = false)] public sealed class AssemblyDelaySignAttribute : Attribute { public AssemblyDelaySignAttribute(bool delaySign) { } }
    [AttributeUsage(AttributeTargets.Assembly, Inherited = false)] public sealed class AssemblyKeyNameAttribute : Attribute { public AssemblyKeyNameAttribute(string keyName) { } }
    [AttributeUsage(AttributeTargets.Assembly, Inherited = false)] public sealed class AssemblyFlagsAttribute : Attribute { public AssemblyFlagsAttribute(int assemblyFlags) { } }
    [AttributeUsage(AttributeTargets.Assembly, Inherited = false)] public sealed class AssemblyFileVersionAttribute : Attribute { public AssemblyFileVersionAttribute(string version) { } }
    [AttributeUsage(AttributeTargets.Assembly, Inherited = false)] public sealed class AssemblyInformationalVersionAttribute : Attribute { public AssemblyInformationalVersionAttribute(string informationalVersion) { } }
    [AttributeUsage(AttributeTargets.Assembly, Inherited = false)] public sealed class AssemblyCopyrightAttribute : Attribute { public AssemblyCopyrightAttribute(string copyright) { } }
    [AttributeUsage(AttributeTargets.Assembly, Inherited = false)] public sealed class AssemblyTrademarkAttribute : Attribute { public AssemblyTrademarkAttribute(string trademark) { } }
    [AttributeUsage(AttributeTargets.Assembly, Inherited = false)] public sealed class AssemblyProductAttribute : Attribute { public AssemblyProductAttribute(string product) { } }
    [AttributeUsage(AttributeTargets.Assembly, Inherited = false)] public sealed class AssemblyCompanyAttribute : Attribute { public AssemblyCompanyAttribute(string company) { } }
    [AttributeUsage(AttributeTargets.Assembly, Inherited = false)] public sealed class AssemblyDescriptionAttribute : Attribute { public AssemblyDescriptionAttribute(string description) { } }
    [AttributeUsage(AttributeTargets.Assembly, Inherited = false)] public sealed class AssemblyTitleAttribute : Attribute { public AssemblyTitleAttribute(string title) { } }
    [AttributeUsage(AttributeTargets.Assembly, Inherited = false)] public sealed class AssemblyConfigurationAttribute : Attribute { public AssemblyConfigurationAttribute(string configuration) { } }
    [AttributeUsage(AttributeTargets.Assembly, Inherited = false)] public sealed class AssemblyDefaultAliasAttribute : Attribute { public AssemblyDefaultAliasAttribute(string defaultAlias) { } }

    /// <summary>nanoFramework: fields the native side reads, hidden from reflection.</summary>
    [AttributeUsage(AttributeTargets.Field, Inherited = false)]
    public sealed class FieldNoReflectionAttribute : Attribute { public FieldNoReflectionAttribute() { } }

    /// <summary>nanoFramework: the native version an interop assembly declares (required for stubs).</summary>
    [AttributeUsage(AttributeTargets.Assembly, Inherited = false)]
    public sealed class AssemblyNativeVersionAttribute : Attribute { public AssemblyNativeVersionAttribute(string version) { } }
}

namespace System.Runtime.CompilerServices
{
    [AttributeUsage(AttributeTargets.Field, Inherited = false)]
    public sealed class AccessedThroughPropertyAttribute : Attribute { public AccessedThroughPropertyAttribute(string propertyName) { } }

    [AttributeUsage(AttributeTargets.Method | AttributeTargets.Class | AttributeTargets.Assembly)]
    public sealed class ExtensionAttribute : Attribute { public ExtensionAttribute() { } }

    [AttributeUsage(AttributeTargets.Property, Inherited = true)]
    public sealed class IndexerNameAttribute : Attribute { public IndexerNameAttribute(string indexerName) { } }

    [AttributeUsage(AttributeTargets.Assembly, AllowMultiple = true, Inherited = false)]
    public sealed class InternalsVisibleToAttribute : Attribute
    {
        public InternalsVisibleToAttribute(string assemblyName) { }
        public string AssemblyName => throw null;
    }

    [Flags]
    public enum MethodImplOptions
    {
        Unmanaged = 0x0004, ForwardRef = 0x0010, PreserveSig = 0x0080, InternalCall = 0x1000,
        Synchronized = 0x0020, NoInlining = 0x0008,
    }

    public enum MethodCodeType { IL = 0, Native = 1, OPTIL = 2, Runtime = 3 }

    [AttributeUsage(AttributeTargets.Method | AttributeTargets.Constructor, Inherited = false)]
    public sealed class MethodImplAttribute : Attribute
    {
        public MethodCodeType MethodCodeType;
        public MethodImplAttribute(MethodImplOptions methodImplOptions) { }
        public MethodImplAttribute(short value) { }
        public MethodImplAttribute() { }
        public MethodImplOptions Value => throw null;
    }

    public static class RuntimeHelpers
    {
        public static void InitializeArray(Array array, RuntimeFieldHandle fldHandle) => throw null;
        public static object GetObjectValue(object obj) => throw null;
        public static void RunClassConstructor(RuntimeTypeHandle type) => throw null;
        public static int OffsetToStringData => throw null;
    }
}

namespace System.Runtime.InteropServices
{
    public enum LayoutKind { Sequential = 0, Explicit = 2, Auto = 3 }
    public enum CharSet { None = 1, Ansi = 2, Unicode = 3, Auto = 4 }

    [AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct, Inherited = false)]
    public sealed class StructLayoutAttribute : Attribute
    {
        public int Pack;
        public int Size;
        public CharSet CharSet;
        public StructLayoutAttribute(LayoutKind layoutKind) { }
        public StructLayoutAttribute(short layoutKind) { }
        public LayoutKind Value => throw null;
    }

    [AttributeUsage(AttributeTargets.Field, Inherited = false)]
    public sealed class FieldOffsetAttribute : Attribute { public FieldOffsetAttribute(int offset) { } public int Value => throw null; }

    [AttributeUsage(AttributeTargets.Parameter, Inherited = false)]
    public sealed class InAttribute : Attribute { public InAttribute() { } }

    [AttributeUsage(AttributeTargets.Parameter, Inherited = false)]
    public sealed class OutAttribute : Attribute { public OutAttribute() { } }

    [AttributeUsage(AttributeTargets.Assembly | AttributeTargets.Interface | AttributeTargets.Class | AttributeTargets.Struct | AttributeTargets.Enum | AttributeTargets.Method | AttributeTargets.Property | AttributeTargets.Field | AttributeTargets.Delegate, Inherited = false)]
    public sealed class ComVisibleAttribute : Attribute { public ComVisibleAttribute(bool visibility) { } public bool Value => throw null; }

    [AttributeUsage(AttributeTargets.Assembly | AttributeTargets.Interface | AttributeTargets.Class | AttributeTargets.Enum | AttributeTargets.Struct | AttributeTargets.Delegate, Inherited = false)]
    public sealed class GuidAttribute : Attribute { public GuidAttribute(string guid) { } public string Value => throw null; }
}

namespace System.Globalization
{
    public class CultureInfo : IFormatProvider
    {
        public CultureInfo(string name) { }
        public static CultureInfo CurrentUICulture => throw null;
        public virtual string Name => throw null;
        public virtual NumberFormatInfo NumberFormat => throw null;
        public virtual DateTimeFormatInfo DateTimeFormat => throw null;
        public virtual object GetFormat(Type formatType) => throw null;
    }

    public sealed class NumberFormatInfo : IFormatProvider
    {
        public static NumberFormatInfo CurrentInfo => throw null;
        public string NegativeSign => throw null;
        public string NumberDecimalSeparator => throw null;
        public string NumberGroupSeparator => throw null;
        public string PositiveSign => throw null;
        public object GetFormat(Type formatType) => throw null;
    }

    public sealed class DateTimeFormatInfo : IFormatProvider
    {
        public static DateTimeFormatInfo CurrentInfo => throw null;
        public object GetFormat(Type formatType) => throw null;
    }
}

namespace System.IO
{
    [Serializable]
    public class IOException : SystemException
    {
        public enum IOExceptionErrorCode { Others = unchecked((int)0xE0000000) }
        public IOException() { }
        public IOException(string message) { }
        public IOException(string message, int hresult) { }
        public IOException(string message, Exception innerException) { }
    }

    public enum SeekOrigin { Begin = 0, Current = 1, End = 2 }

    public abstract class Stream : MarshalByRefObject, IDisposable
    {
        public abstract bool CanRead { get; }
        public abstract bool CanSeek { get; }
        public virtual bool CanTimeout => throw null;
        public abstract bool CanWrite { get; }
        public abstract long Length { get; }
        public abstract long Position { get; set; }
        public virtual int ReadTimeout { get => throw null; set => throw null; }
        public virtual int WriteTimeout { get => throw null; set => throw null; }
        public virtual void Close() => throw null;
        public void Dispose() => throw null;
        protected virtual void Dispose(bool disposing) => throw null;
        public abstract void Flush();
        public abstract long Seek(long offset, SeekOrigin origin);
        public abstract void SetLength(long value);
        public abstract int Read(byte[] buffer, int offset, int count);
        public virtual int ReadByte() => throw null;
        public abstract void Write(byte[] buffer, int offset, int count);
        public virtual void WriteByte(byte value) => throw null;
    }
}
