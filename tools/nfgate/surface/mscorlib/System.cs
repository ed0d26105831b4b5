// Reference surface of nanoFramework.CoreLibrary 1.17.11 (assembly mscorlib), namespace System.
// Declarations only, written for the nfgate compile gate from the public sources of
// nanoframework/CoreLibrary (1.x line: CoreLibrary.nfproj file list, String.cs, WaitHandle.cs,
// ...). Only what exists on 1.17 is declared; no generics (those came with 2.0 previews).
// System.Decimal is left out on purpose: CoreLibrary declares it but the MetadataProcessor strips
// it from the deployed image (NFMDP_PE_ExcludeClassByName), so code using it cannot run.
#pragma warning disable CS0660, CS0661, CS0659, CS0626, CS0067, CS8618, CS0169
namespace System
{
    public class Object
    {
        public Object() { }
        ~Object() { }
        public virtual bool Equals(object obj) => throw null;
        public static bool Equals(object objA, object objB) => throw null;
        public static bool ReferenceEquals(object objA, object objB) => throw null;
        public virtual int GetHashCode() => throw null;
        public Type GetType() => throw null;
        public virtual string ToString() => throw null;
        protected object MemberwiseClone() => throw null;
    }

    public abstract class ValueType
    {
        public override bool Equals(object obj) => throw null;
        public override int GetHashCode() => throw null;
        public override string ToString() => throw null;
    }

    public abstract class Enum : ValueType
    {
        public override string ToString() => throw null;
        public bool HasFlag(Enum flag) => throw null;
    }

    public struct Void { }

    [Serializable]
    public struct Boolean
    {
        public static readonly string FalseString = "False";
        public static readonly string TrueString = "True";
        public override string ToString() => throw null;
        public override bool Equals(object obj) => throw null;
        public override int GetHashCode() => throw null;
    }

    [Serializable]
    public struct Char
    {
        public const char MaxValue = (char)0xFFFF;
        public const char MinValue = (char)0x00;
        public override string ToString() => throw null;
        public char ToLower() => throw null;
        public char ToUpper() => throw null;
    }

    [Serializable]
    public struct SByte
    {
        public const sbyte MaxValue = 127;
        public const sbyte MinValue = -128;
        public override string ToString() => throw null;
        public string ToString(string format) => throw null;
        public static sbyte Parse(string s) => throw null;
        public static bool TryParse(string s, out sbyte result) => throw null;
    }

    [Serializable]
    public struct Byte
    {
        public const byte MaxValue = 255;
        public const byte MinValue = 0;
        public override string ToString() => throw null;
        public string ToString(string format) => throw null;
        public static byte Parse(string s) => throw null;
        public static bool TryParse(string s, out byte result) => throw null;
    }

    [Serializable]
    public struct Int16
    {
        public const short MaxValue = 32767;
        public const short MinValue = -32768;
        public override string ToString() => throw null;
        public string ToString(string format) => throw null;
        public static short Parse(string s) => throw null;
        public static bool TryParse(string s, out short result) => throw null;
    }

    [Serializable]
    public struct UInt16
    {
        public const ushort MaxValue = 0xFFFF;
        public const ushort MinValue = 0;
        public override string ToString() => throw null;
        public string ToString(string format) => throw null;
        public static ushort Parse(string s) => throw null;
        public static bool TryParse(string s, out ushort result) => throw null;
    }

    [Serializable]
    public struct Int32
    {
        public const int MaxValue = 0x7fffffff;
        public const int MinValue = unchecked((int)0x80000000);
        public override bool Equals(object obj) => throw null;
        public override int GetHashCode() => throw null;
        public override string ToString() => throw null;
        public string ToString(string format) => throw null;
        public static int Parse(string s) => throw null;
        public static bool TryParse(string s, out int result) => throw null;
    }

    [Serializable]
    public struct UInt32
    {
        public const uint MaxValue = 0xffffffff;
        public const uint MinValue = 0U;
        public override string ToString() => throw null;
        public string ToString(string format) => throw null;
        public static uint Parse(string s) => throw null;
        public static bool TryParse(string s, out uint result) => throw null;
    }

    [Serializable]
    public struct Int64
    {
        public const long MaxValue = 0x7fffffffffffffffL;
        public const long MinValue = unchecked((long)0x8000000000000000L);
        public override string ToString() => throw null;
        public string ToString(string format) => throw null;
        public static long Parse(string s) => throw null;
        public static bool TryParse(string s, out long result) => throw null;
    }

    [Serializable]
    public struct UInt64
    {
        public const ulong MaxValue = 0xffffffffffffffffL;
        public const ulong MinValue = 0x0;
        public override string ToString() => throw null;
        public string ToString(string format) => throw null;
        public static ulong Parse(string s) => throw null;
        public static bool TryParse(string s, out ulong result) => throw null;
    }

    [Serializable]
    public struct Single
    {
        public const float MinValue = (float)-3.40282346638528859e+38;
        public const float Epsilon = (float)1.4e-45;
        public const float MaxValue = (float)3.40282346638528859e+38;
        public const float PositiveInfinity = (float)1.0 / (float)0.0;
        public const float NegativeInfinity = (float)-1.0 / (float)0.0;
        public const float NaN = (float)0.0 / (float)0.0;
        public override string ToString() => throw null;
        public string ToString(string format) => throw null;
        public static float Parse(string s) => throw null;
        public static bool TryParse(string s, out float result) => throw null;
        public static bool IsNaN(float f) => throw null;
        public static bool IsInfinity(float f) => throw null;
        public static bool IsNegativeInfinity(float f) => throw null;
        public static bool IsPositiveInfinity(float f) => throw null;
    }

    [Serializable]
    public struct Double
    {
        public const double MinValue = -1.7976931348623157E+308;
        public const double MaxValue = 1.7976931348623157E+308;
        public const double Epsilon = 4.9406564584124654E-324;
        public const double NegativeInfinity = (double)-1.0 / (double)(0.0);
        public const double PositiveInfinity = (double)1.0 / (double)(0.0);
        public const double NaN = (double)0.0 / (double)0.0;
        public override string ToString() => throw null;
        public string ToString(string format) => throw null;
        public static double Parse(string s) => throw null;
        public static bool TryParse(string s, out double result) => throw null;
        public static bool IsNaN(double d) => throw null;
        public static bool IsInfinity(double d) => throw null;
        public static bool IsNegativeInfinity(double d) => throw null;
        public static bool IsPositiveInfinity(double d) => throw null;
    }

    [Serializable]
    public struct IntPtr
    {
        public static readonly IntPtr Zero;
        public IntPtr(int value) { }
        public IntPtr(long value) { }
        public int ToInt32() => throw null;
        public long ToInt64() => throw null;
        public static int Size => throw null;
    }

    [Serializable]
    public struct UIntPtr
    {
        public static readonly UIntPtr Zero;
        public UIntPtr(uint value) { }
        public uint ToUInt32() => throw null;
    }

    public sealed class String : IComparable, Collections.IEnumerable
    {
        public static readonly string Empty = "";
        public String(char[] value, int startIndex, int length) { }
        public String(char[] value) { }
        public String(char c, int count) { }
        public override bool Equals(object obj) => throw null;
        public static bool Equals(string a, string b) => throw null;
        public static bool operator ==(string a, string b) => throw null;
        public static bool operator !=(string a, string b) => throw null;
        [Runtime.CompilerServices.IndexerName("Chars")]
        public char this[int index] => throw null;
        public int Length => throw null;
        public Collections.IEnumerator GetEnumerator() => throw null;
        public char[] ToCharArray() => throw null;
        public char[] ToCharArray(int startIndex, int length) => throw null;
        public string[] Split(params char[] separator) => throw null;
        public string[] Split(char[] separator, int count) => throw null;
        public string Substring(int startIndex) => throw null;
        public string Substring(int startIndex, int length) => throw null;
        public string Trim() => throw null;
        public string Trim(params char[] trimChars) => throw null;
        public string TrimStart(params char[] trimChars) => throw null;
        public string TrimEnd(params char[] trimChars) => throw null;
        public static int Compare(string strA, string strB) => throw null;
        public int CompareTo(object value) => throw null;
        public int CompareTo(string strB) => throw null;
        public int IndexOf(char value) => throw null;
        public int IndexOf(char value, int startIndex) => throw null;
        public int IndexOf(char value, int startIndex, int count) => throw null;
        public int IndexOfAny(char[] anyOf) => throw null;
        public int IndexOfAny(char[] anyOf, int startIndex) => throw null;
        public int IndexOfAny(char[] anyOf, int startIndex, int count) => throw null;
        public int IndexOf(string value) => throw null;
        public int IndexOf(string value, int startIndex) => throw null;
        public int IndexOf(string value, int startIndex, int count) => throw null;
        public int LastIndexOf(char value) => throw null;
        public int LastIndexOf(char value, int startIndex) => throw null;
        public int LastIndexOf(char value, int startIndex, int count) => throw null;
        public int LastIndexOfAny(char[] anyOf) => throw null;
        public int LastIndexOfAny(char[] anyOf, int startIndex) => throw null;
        public int LastIndexOfAny(char[] anyOf, int startIndex, int count) => throw null;
        public int LastIndexOf(string value) => throw null;
        public int LastIndexOf(string value, int startIndex) => throw null;
        public int LastIndexOf(string value, int startIndex, int count) => throw null;
        public string ToLower() => throw null;
        public string ToUpper() => throw null;
        public override string ToString() => throw null;
        public static string Concat(object arg0) => throw null;
        public static string Concat(object arg0, object arg1) => throw null;
        public static string Concat(object arg0, object arg1, object arg2) => throw null;
        public static string Concat(params object[] args) => throw null;
        public static string Concat(string str0, string str1) => throw null;
        public static string Concat(string str0, string str1, string str2) => throw null;
        public static string Concat(string str0, string str1, string str2, string str3) => throw null;
        public static string Concat(params string[] values) => throw null;
        public static string Intern(string str) => throw null;
        public static string IsInterned(string str) => throw null;
        public static string Format(string format, params object[] args) => throw null;
        public string PadLeft(int totalWidth, char paddingChar = ' ') => throw null;
        public string PadRight(int totalWidth, char paddingChar = ' ') => throw null;
        public static bool IsNullOrEmpty(string value) => throw null;
        public bool Contains(string value) => throw null;
        public bool StartsWith(string value) => throw null;
        public bool EndsWith(string value) => throw null;
    }

    [Serializable]
    public abstract class Array : ICloneable, Collections.IList
    {
        public static Array CreateInstance(Type elementType, int length) => throw null;
        public static void Copy(Array sourceArray, Array destinationArray, int length) => throw null;
        public static void Copy(Array sourceArray, int sourceIndex, Array destinationArray, int destinationIndex, int length) => throw null;
        public static void Clear(Array array, int index, int length) => throw null;
        public object GetValue(int index) => throw null;
        public int Length => throw null;
        public object Clone() => throw null;
        public static int BinarySearch(Array array, object value, Collections.IComparer comparer) => throw null;
        public static int BinarySearch(Array array, int index, int length, object value, Collections.IComparer comparer) => throw null;
        public void CopyTo(Array array, int index) => throw null;
        public Collections.IEnumerator GetEnumerator() => throw null;
        public static int IndexOf(Array array, object value) => throw null;
        public static int IndexOf(Array array, object value, int startIndex) => throw null;
        public static int IndexOf(Array array, object value, int startIndex, int count) => throw null;
        public bool IsFixedSize => throw null;
        public bool IsReadOnly => throw null;
        public bool IsSynchronized => throw null;
        public object SyncRoot => throw null;
        int Collections.ICollection.Count => throw null;
        object Collections.IList.this[int index] { get => throw null; set => throw null; }
        int Collections.IList.Add(object value) => throw null;
        bool Collections.IList.Contains(object value) => throw null;
        void Collections.IList.Clear() => throw null;
        int Collections.IList.IndexOf(object value) => throw null;
        void Collections.IList.Insert(int index, object value) => throw null;
        void Collections.IList.Remove(object value) => throw null;
        void Collections.IList.RemoveAt(int index) => throw null;
    }

    public static class BitConverter
    {
        public static bool IsLittleEndian => throw null;
        public static long DoubleToInt64Bits(double value) => throw null;
        public static byte[] GetBytes(bool value) => throw null;
        public static byte[] GetBytes(char value) => throw null;
        public static byte[] GetBytes(double value) => throw null;
        public static byte[] GetBytes(float value) => throw null;
        public static byte[] GetBytes(int value) => throw null;
        public static byte[] GetBytes(long value) => throw null;
        public static byte[] GetBytes(short value) => throw null;
        public static byte[] GetBytes(uint value) => throw null;
        public static byte[] GetBytes(ulong value) => throw null;
        public static byte[] GetBytes(ushort value) => throw null;
        public static double Int64BitsToDouble(long value) => throw null;
        public static bool ToBoolean(byte[] value, int startIndex) => throw null;
        public static char ToChar(byte[] value, int startIndex) => throw null;
        public static double ToDouble(byte[] value, int startIndex) => throw null;
        public static short ToInt16(byte[] value, int startIndex) => throw null;
        public static int ToInt32(byte[] value, int startIndex) => throw null;
        public static long ToInt64(byte[] value, int startIndex) => throw null;
        public static float ToSingle(byte[] value, int startIndex) => throw null;
        public static string ToString(byte[] value) => throw null;
        public static string ToString(byte[] value, int startIndex) => throw null;
        public static string ToString(byte[] value, int startIndex, int length) => throw null;
        public static ushort ToUInt16(byte[] value, int startIndex) => throw null;
        public static uint ToUInt32(byte[] value, int startIndex) => throw null;
        public static ulong ToUInt64(byte[] value, int startIndex) => throw null;
    }

    [Flags]
    public enum Base64FormattingOptions { None = 0, InsertLineBreaks = 1 }

    public static class Convert
    {
        public static bool ToBoolean(byte value) => throw null;
        public static char ToChar(ushort value) => throw null;
        public static sbyte ToSByte(string value, int fromBase = 10) => throw null;
        public static byte ToByte(string value, int fromBase = 10) => throw null;
        public static byte ToByte(bool value) => throw null;
        public static short ToInt16(string value, int fromBase = 10) => throw null;
        public static ushort ToUInt16(string value, int fromBase = 10) => throw null;
        public static int ToInt32(string value, int fromBase = 10) => throw null;
        public static uint ToUInt32(string value, int fromBase = 10) => throw null;
        public static long ToInt64(string value, int fromBase = 10) => throw null;
        public static ulong ToUInt64(string value, int fromBase = 10) => throw null;
        public static double ToDouble(string value) => throw null;
        public static float ToSingle(string value) => throw null;
        public static string ToBase64String(byte[] inArray) => throw null;
        public static string ToBase64String(byte[] inArray, Base64FormattingOptions options) => throw null;
        public static string ToBase64String(byte[] inArray, int offset, int length) => throw null;
        public static string ToBase64String(byte[] inArray, int offset, int length, Base64FormattingOptions options) => throw null;
        public static byte[] FromBase64String(string inString) => throw null;
        public static byte[] FromBase64CharArray(char[] inArray, int offset, int length) => throw null;
    }

    public class Random
    {
        public Random() { }
        public Random(int seed) { }
        public virtual int Next() => throw null;
        public virtual int Next(int maxValue) => throw null;
        public virtual double NextDouble() => throw null;
        public virtual void NextBytes(byte[] buffer) => throw null;
    }

    [Serializable]
    public struct Guid
    {
        public static readonly Guid Empty;
        public Guid(int a, short b, short c, byte d, byte e, byte f, byte g, byte h, byte i, byte j, byte k) { }
        public Guid(uint a, ushort b, ushort c, byte d, byte e, byte f, byte g, byte h, byte i, byte j, byte k) { }
        public Guid(byte[] b) { }
        public Guid(string g) { }
        public int CompareTo(object value) => throw null;
        public byte[] ToByteArray() => throw null;
        public override string ToString() => throw null;
        public override bool Equals(object o) => throw null;
        public override int GetHashCode() => throw null;
        public static Guid NewGuid() => throw null;
    }

    public enum DateTimeKind
    {
        Utc = 1,
        [Obsolete("nanoFramework doesn't support local time, so DateTimeKind.Local is provided to allow code reuse and keep consistency with full .NET framework", true)]
        Local = 2,
    }

    public enum DayOfWeek { Sunday = 0, Monday = 1, Tuesday = 2, Wednesday = 3, Thursday = 4, Friday = 5, Saturday = 6 }

    [Serializable]
    public struct DateTime
    {
        public static readonly DateTime MinValue;
        public static readonly DateTime MaxValue;
        public static readonly DateTime UnixEpoch;
        public DateTime(long ticks) { }
        public DateTime(long ticks, DateTimeKind kind) { }
        public DateTime(int year, int month, int day) { }
        public DateTime(int year, int month, int day, int hour, int minute, int second) { }
        public DateTime(int year, int month, int day, int hour, int minute, int second, int millisecond) { }
        public DateTime Add(TimeSpan val) => throw null;
        public DateTime AddDays(double val) => throw null;
        public DateTime AddHours(double val) => throw null;
        public DateTime AddMilliseconds(double val) => throw null;
        public DateTime AddMinutes(double val) => throw null;
        public DateTime AddSeconds(double val) => throw null;
        public DateTime AddTicks(long val) => throw null;
        public static int Compare(DateTime t1, DateTime t2) => throw null;
        public int CompareTo(object val) => throw null;
        public static int DaysInMonth(int year, int month) => throw null;
        public override bool Equals(object obj) => throw null;
        public static bool Equals(DateTime t1, DateTime t2) => throw null;
        public override int GetHashCode() => throw null;
        public DateTime Date => throw null;
        public int Day => throw null;
        public DayOfWeek DayOfWeek => throw null;
        public int DayOfYear => throw null;
        public int Hour => throw null;
        public DateTimeKind Kind => throw null;
        public int Millisecond => throw null;
        public int Minute => throw null;
        public int Month => throw null;
        public static DateTime UtcNow => throw null;
        public static DateTime Today => throw null;
        public int Second => throw null;
        public long Ticks => throw null;
        public TimeSpan TimeOfDay => throw null;
        public int Year => throw null;
        public TimeSpan Subtract(DateTime val) => throw null;
        public static DateTime FromUnixTimeSeconds(long seconds) => throw null;
        public long ToUnixTimeSeconds() => throw null;
        public static DateTime Parse(string s) => throw null;
        public static bool TryParse(string s, out DateTime result) => throw null;
        public DateTime Subtract(TimeSpan val) => throw null;
        public override string ToString() => throw null;
        public string ToString(string format) => throw null;
        public static DateTime operator +(DateTime d, TimeSpan t) => throw null;
        public static DateTime operator -(DateTime d, TimeSpan t) => throw null;
        public static TimeSpan operator -(DateTime d1, DateTime d2) => throw null;
        public static bool operator ==(DateTime d1, DateTime d2) => throw null;
        public static bool operator !=(DateTime t1, DateTime t2) => throw null;
        public static bool operator <(DateTime t1, DateTime t2) => throw null;
        public static bool operator <=(DateTime t1, DateTime t2) => throw null;
        public static bool operator >(DateTime t1, DateTime t2) => throw null;
        public static bool operator >=(DateTime t1, DateTime t2) => throw null;
    }

    [Serializable]
    public struct TimeSpan : IComparable
    {
        public const long TicksPerMillisecond = 10000;
        public const long TicksPerSecond = TicksPerMillisecond * 1000;
        public const long TicksPerMinute = TicksPerSecond * 60;
        public const long TicksPerHour = TicksPerMinute * 60;
        public const long TicksPerDay = TicksPerHour * 24;
        public static readonly TimeSpan Zero;
        public static readonly TimeSpan MaxValue;
        public static readonly TimeSpan MinValue;
        public TimeSpan(long ticks) { }
        public TimeSpan(int hours, int minutes, int seconds) { }
        public TimeSpan(int days, int hours, int minutes, int seconds) { }
        public TimeSpan(int days, int hours, int minutes, int seconds, int milliseconds) { }
        public long Ticks => throw null;
        public int Days => throw null;
        public int Hours => throw null;
        public int Milliseconds => throw null;
        public int Minutes => throw null;
        public int Seconds => throw null;
        public double TotalDays => throw null;
        public double TotalHours => throw null;
        public double TotalMilliseconds => throw null;
        public double TotalMinutes => throw null;
        public double TotalSeconds => throw null;
        public TimeSpan Add(TimeSpan ts) => throw null;
        public static int Compare(TimeSpan t1, TimeSpan t2) => throw null;
        public int CompareTo(object value) => throw null;
        public TimeSpan Duration() => throw null;
        public override bool Equals(object value) => throw null;
        public static bool Equals(TimeSpan t1, TimeSpan t2) => throw null;
        public override int GetHashCode() => throw null;
        public TimeSpan Negate() => throw null;
        public TimeSpan Subtract(TimeSpan ts) => throw null;
        public static TimeSpan FromDays(long value) => throw null;
        public static TimeSpan FromHours(long value) => throw null;
        public static TimeSpan FromMilliseconds(long value) => throw null;
        public static TimeSpan FromMinutes(long value) => throw null;
        public static TimeSpan FromSeconds(long value) => throw null;
        public static TimeSpan FromTicks(long value) => throw null;
        public override string ToString() => throw null;
        public static TimeSpan operator -(TimeSpan t) => throw null;
        public static TimeSpan operator -(TimeSpan t1, TimeSpan t2) => throw null;
        public static TimeSpan operator +(TimeSpan t) => throw null;
        public static TimeSpan operator +(TimeSpan t1, TimeSpan t2) => throw null;
        public static bool operator ==(TimeSpan t1, TimeSpan t2) => throw null;
        public static bool operator !=(TimeSpan t1, TimeSpan t2) => throw null;
        public static bool operator <(TimeSpan t1, TimeSpan t2) => throw null;
        public static bool operator <=(TimeSpan t1, TimeSpan t2) => throw null;
        public static bool operator >(TimeSpan t1, TimeSpan t2) => throw null;
        public static bool operator >=(TimeSpan t1, TimeSpan t2) => throw null;
    }

    /// <summary>SpanByte: the 1.x byte-only span (a ref struct).</summary>
    public readonly ref struct SpanByte
    {
        public SpanByte(byte[] array) { }
        public SpanByte(byte[] array, int start, int length) { }
        public byte this[int index] { get => throw null; set => throw null; }
        public static SpanByte Empty => throw null;
        public int Length => throw null;
        public bool IsEmpty => throw null;
        public void CopyTo(SpanByte destination) => throw null;
        public SpanByte Slice(int start) => throw null;
        public SpanByte Slice(int start, int length) => throw null;
        public byte[] ToArray() => throw null;
        public static implicit operator SpanByte(byte[] array) => throw null;
    }

    public abstract class Delegate : ICloneable
    {
        public object Clone() => throw null;
        public override bool Equals(object obj) => throw null;
        public override int GetHashCode() => throw null;
        public Reflection.MethodInfo Method => throw null;
        public object Target => throw null;
        public static Delegate Combine(Delegate a, Delegate b) => throw null;
        public static Delegate Remove(Delegate source, Delegate value) => throw null;
        public static bool operator ==(Delegate d1, Delegate d2) => throw null;
        public static bool operator !=(Delegate d1, Delegate d2) => throw null;
    }

    public abstract class MulticastDelegate : Delegate
    {
        public static bool operator ==(MulticastDelegate d1, MulticastDelegate d2) => throw null;
        public static bool operator !=(MulticastDelegate d1, MulticastDelegate d2) => throw null;
        public override bool Equals(object obj) => throw null;
        public override int GetHashCode() => throw null;
    }

    public delegate void AsyncCallback(IAsyncResult ar);
    public delegate void EventHandler(object sender, EventArgs e);

    public interface IAsyncResult
    {
        object AsyncState { get; }
        Threading.WaitHandle AsyncWaitHandle { get; }
        bool CompletedSynchronously { get; }
        bool IsCompleted { get; }
    }

    public class EventArgs
    {
        public static readonly EventArgs Empty = new EventArgs();
        public EventArgs() { }
    }

    public interface IDisposable { void Dispose(); }
    public interface ICloneable { object Clone(); }
    public interface IComparable { int CompareTo(object obj); }
    public interface IFormatProvider { object GetFormat(Type formatType); }
    public interface IFormattable { string ToString(string format, IFormatProvider formatProvider); }
    public interface ICustomFormatter { string Format(string format, object arg, IFormatProvider formatProvider); }

    public static class Console
    {
        public static void Write(string value) => throw null;
        public static void WriteLine() => throw null;
        public static void WriteLine(string value) => throw null;
    }

    public static class GC
    {
        public static void SuppressFinalize(object obj) => throw null;
        public static void ReRegisterForFinalize(object obj) => throw null;
        public static void WaitForPendingFinalizers() => throw null;
    }

    public abstract class MarshalByRefObject { protected MarshalByRefObject() { } }

    public sealed class AppDomain : MarshalByRefObject
    {
        public static AppDomain CurrentDomain => throw null;
        public string FriendlyName => throw null;
        public Reflection.Assembly[] GetAssemblies() => throw null;
    }

    public sealed class DBNull { public static readonly DBNull Value; }

    public class WeakReference
    {
        public WeakReference(object target) { }
        public virtual bool IsAlive => throw null;
        public virtual object Target { get => throw null; set => throw null; }
    }

    public sealed class Version : ICloneable, IComparable
    {
        public Version(int major, int minor, int build, int revision) { }
        public Version(int major, int minor, int build) { }
        public Version(int major, int minor) { }
        public Version(string version) { }
        public int Major => throw null;
        public int Minor => throw null;
        public int Build => throw null;
        public int Revision => throw null;
        public object Clone() => throw null;
        public int CompareTo(object version) => throw null;
        public override bool Equals(object obj) => throw null;
        public override int GetHashCode() => throw null;
        public override string ToString() => throw null;
        public string ToString(int fieldCount) => throw null;
        public static bool operator ==(Version v1, Version v2) => throw null;
        public static bool operator !=(Version v1, Version v2) => throw null;
        public static bool operator <(Version v1, Version v2) => throw null;
        public static bool operator <=(Version v1, Version v2) => throw null;
        public static bool operator >(Version v1, Version v2) => throw null;
        public static bool operator >=(Version v1, Version v2) => throw null;
    }

    public enum TypeCode
    {
        Empty = 0, Object = 1, DBNull = 2, Boolean = 3, Char = 4, SByte = 5, Byte = 6, Int16 = 7, UInt16 = 8,
        Int32 = 9, UInt32 = 10, Int64 = 11, UInt64 = 12, Single = 13, Double = 14, Decimal = 15, DateTime = 16,
        String = 18,
    }

    public struct RuntimeTypeHandle { }
    public struct RuntimeFieldHandle { }
    public struct RuntimeMethodHandle { }
    public struct RuntimeArgumentHandle { }
    public struct TypedReference { }

    [Serializable]
    public abstract class Type : Reflection.MemberInfo, Reflection.IReflect
    {
        public abstract Reflection.Assembly Assembly { get; }
        public abstract string AssemblyQualifiedName { get; }
        public abstract Type BaseType { get; }
        public abstract string FullName { get; }
        public override Reflection.MemberTypes MemberType => throw null;
        public static Type GetType(string typeName) => throw null;
        public static Type GetTypeFromHandle(RuntimeTypeHandle handle) => throw null;
        public Reflection.ConstructorInfo GetConstructor(Type[] types) => throw null;
        public Reflection.MethodInfo GetMethod(string name, Type[] types) => throw null;
        public Reflection.MethodInfo GetMethod(string name, Reflection.BindingFlags bindingAttr) => throw null;
        public Reflection.MethodInfo GetMethod(string name) => throw null;
        public abstract Reflection.MethodInfo[] GetMethods(Reflection.BindingFlags bindingAttr);
        public Reflection.MethodInfo[] GetMethods() => throw null;
        public abstract Reflection.FieldInfo GetField(string name, Reflection.BindingFlags bindingAttr);
        public Reflection.FieldInfo GetField(string name) => throw null;
        public abstract Reflection.FieldInfo[] GetFields(Reflection.BindingFlags bindingAttr);
        public Reflection.FieldInfo[] GetFields() => throw null;
        public abstract Type[] GetInterfaces();
        public abstract Type GetElementType();
        public bool IsArray => throw null;
        public bool IsClass => throw null;
        public bool IsEnum => throw null;
        public bool IsInterface => throw null;
        public bool IsNotPublic => throw null;
        public bool IsPublic => throw null;
        public bool IsSerializable => throw null;
        public bool IsValueType => throw null;
        public bool IsAbstract => throw null;
        public bool IsSealed => throw null;
        public virtual bool IsSubclassOf(Type c) => throw null;
        public virtual bool IsInstanceOfType(object o) => throw null;
        public virtual bool IsAssignableFrom(Type c) => throw null;
        public override string ToString() => throw null;
        public override bool Equals(object o) => throw null;
        public override int GetHashCode() => throw null;
        public static bool operator ==(Type left, Type right) => throw null;
        public static bool operator !=(Type left, Type right) => throw null;
    }

    // Exceptions (CoreLibrary 1.x: no exception messages are required; all keep the classic constructors)
    [Serializable]
    public class Exception
    {
        public Exception() { }
        public Exception(string message) { }
        public Exception(string message, Exception innerException) { }
        public virtual string Message => throw null;
        public Exception InnerException => throw null;
        public virtual string StackTrace => throw null;
        public override string ToString() => throw null;
        protected int HResult { get => throw null; set => throw null; }
    }

    [Serializable] public class SystemException : Exception { public SystemException() { } public SystemException(string message) { } public SystemException(string message, Exception innerException) { } }
    [Serializable] public class ApplicationException : Exception { public ApplicationException() { } public ApplicationException(string message) { } public ApplicationException(string message, Exception innerException) { } }
    [Serializable] public class AppDomainUnloadedException : SystemException { public AppDomainUnloadedException() { } public AppDomainUnloadedException(string message) { } public AppDomainUnloadedException(string message, Exception innerException) { } }

    [Serializable]
    public class ArgumentException : SystemException
    {
        public ArgumentException() { }
        public ArgumentException(string message) { }
        public ArgumentException(string message, Exception innerException) { }
        public ArgumentException(string message, string paramName, Exception innerException) { }
        public ArgumentException(string message, string paramName) { }
        public override string Message => throw null;
        public virtual string ParamName => throw null;
    }

    [Serializable]
    public class ArgumentNullException : ArgumentException
    {
        public ArgumentNullException() { }
        public ArgumentNullException(string paramName) { }
        public ArgumentNullException(string paramName, string message) { }
        public ArgumentNullException(string message, Exception innerException) { }
    }

    [Serializable]
    public class ArgumentOutOfRangeException : ArgumentException
    {
        public ArgumentOutOfRangeException() { }
        public ArgumentOutOfRangeException(string paramName) { }
        public ArgumentOutOfRangeException(string paramName, string message) { }
    }

    [Serializable] public class FormatException : SystemException { public FormatException() { } public FormatException(string message) { } public FormatException(string message, Exception innerException) { } }
    [Serializable] public class IndexOutOfRangeException : SystemException { public IndexOutOfRangeException() { } public IndexOutOfRangeException(string message) { } public IndexOutOfRangeException(string message, Exception innerException) { } }
    [Serializable] public class InvalidCastException : SystemException { public InvalidCastException() { } public InvalidCastException(string message) { } public InvalidCastException(string message, Exception innerException) { } }
    [Serializable] public class InvalidOperationException : SystemException { public InvalidOperationException() { } public InvalidOperationException(string message) { } public InvalidOperationException(string message, Exception innerException) { } }
    [Serializable] public class NotImplementedException : SystemException { public NotImplementedException() { } public NotImplementedException(string message) { } public NotImplementedException(string message, Exception innerException) { } }
    [Serializable] public class NotSupportedException : SystemException { public NotSupportedException() { } public NotSupportedException(string message) { } public NotSupportedException(string message, Exception innerException) { } }
    [Serializable] public class NullReferenceException : SystemException { public NullReferenceException() { } public NullReferenceException(string message) { } public NullReferenceException(string message, Exception innerException) { } }
    [Serializable] public class OutOfMemoryException : SystemException { public OutOfMemoryException() { } public OutOfMemoryException(string message) { } public OutOfMemoryException(string message, Exception innerException) { } }
    [Serializable] public class PlatformNotSupportedException : NotSupportedException { public PlatformNotSupportedException() { } public PlatformNotSupportedException(string message) { } public PlatformNotSupportedException(string message, Exception inner) { } }
    [Serializable] public class ArrayTypeMismatchException : SystemException { public ArrayTypeMismatchException() { } public ArrayTypeMismatchException(string message) { } public ArrayTypeMismatchException(string message, Exception innerException) { } }

    [Serializable]
    public class ObjectDisposedException : InvalidOperationException
    {
        public ObjectDisposedException() { }
        public ObjectDisposedException(string objectName) { }
        public ObjectDisposedException(string objectName, string message) { }
        public ObjectDisposedException(string message, Exception innerException) { }
        public string ObjectName => throw null;
    }

    // Attributes
    [AttributeUsage(AttributeTargets.All, Inherited = true, AllowMultiple = false)]
    [Serializable]
    public abstract class Attribute { protected Attribute() { } }

    [Flags]
    public enum AttributeTargets
    {
        Assembly = 0x0001, Module = 0x0002, Class = 0x0004, Struct = 0x0008, Enum = 0x0010, Constructor = 0x0020,
        Method = 0x0040, Property = 0x0080, Field = 0x0100, Event = 0x0200, Interface = 0x0400, Parameter = 0x0800,
        Delegate = 0x1000, ReturnValue = 0x2000, GenericParameter = 0x4000, All = 0x7FFF,
    }

    [AttributeUsage(AttributeTargets.Class, Inherited = true)]
    public sealed class AttributeUsageAttribute : Attribute
    {
        public AttributeUsageAttribute(AttributeTargets validOn) { }
        public AttributeTargets ValidOn => throw null;
        public bool AllowMultiple { get => throw null; set => throw null; }
        public bool Inherited { get => throw null; set => throw null; }
    }

    [AttributeUsage(AttributeTargets.All, Inherited = true, AllowMultiple = false)]
    public sealed class CLSCompliantAttribute : Attribute { public CLSCompliantAttribute(bool isCompliant) { } public bool IsCompliant => throw null; }

    [AttributeUsage(AttributeTargets.Enum, Inherited = false)]
    public class FlagsAttribute : Attribute { public FlagsAttribute() { } }

    [AttributeUsage(AttributeTargets.Field, Inherited = false)]
    public sealed class NonSerializedAttribute : Attribute { public NonSerializedAttribute() { } }

    [AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct | AttributeTargets.Enum | AttributeTargets.Delegate, Inherited = false)]
    public sealed class SerializableAttribute : Attribute { public SerializableAttribute() { } }

    [AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct | AttributeTargets.Enum | AttributeTargets.Interface | AttributeTargets.Constructor | AttributeTargets.Method | AttributeTargets.Property | AttributeTargets.Field | AttributeTargets.Event | AttributeTargets.Delegate, Inherited = false)]
    public sealed class ObsoleteAttribute : Attribute
    {
        public ObsoleteAttribute() { }
        public ObsoleteAttribute(string message) { }
        public ObsoleteAttribute(string message, bool error) { }
        public string Message => throw null;
        public bool IsError => throw null;
    }

    [AttributeUsage(AttributeTargets.Parameter, Inherited = true, AllowMultiple = false)]
    public sealed class ParamArrayAttribute : Attribute { public ParamArrayAttribute() { } }

    [AttributeUsage(AttributeTargets.Field, Inherited = false)]
    public class ThreadStaticAttribute : Attribute { public ThreadStaticAttribute() { } }

    [AttributeUsage(AttributeTargets.Method)]
    public sealed class STAThreadAttribute : Attribute { public STAThreadAttribute() { } }

    [AttributeUsage(AttributeTargets.Method)]
    public sealed class MTAThreadAttribute : Attribute { public MTAThreadAttribute() { } }
}

namespace System
{
    /// <summary>The non-generic Action that 1.x CoreLibrary has (TestFramework 3's no-generics
    /// Assert.ThrowsException(Type, Action) is built on it). Action&lt;T&gt;/Func&lt;T&gt; are 2.0 only.</summary>
    public delegate void Action();
}
