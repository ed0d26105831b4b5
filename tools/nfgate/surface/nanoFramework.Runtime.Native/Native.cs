// Reference surface of nanoFramework.Runtime.Native 1.7.x (assembly nanoFramework.Runtime.Native), from
// nanoframework/nanoFramework.Runtime.Native (GC.cs, SystemInfo.cs, Power.cs, RebootOption.cs,
// ExecutionConstraint.cs). Declarations only.
namespace nanoFramework.Runtime.Native
{
    using System;

    public static class GC
    {
        public static uint Run(bool compactHeap) => throw null;
        public static void EnableGCMessages(bool enable) => throw null;
    }

    public enum FloatingPoint { None, SinglePrecisionSoftware, SinglePrecisionHardware, DoublePrecisionSoftware, DoublePrecisionHardware }

    public static class SystemInfo
    {
        public static Version Version => throw null;
        public static string OEMString => throw null;
        public static byte OEM => throw null;
        public static byte Model => throw null;
        public static ushort SKU => throw null;
        public static string TargetName => throw null;
        public static string Platform => throw null;
        public static FloatingPoint FloatingPointSupport => throw null;
        public static bool IsEmulator => throw null;
    }

    [Flags]
    public enum RebootOption { NormalReboot = 0, EnterBootloader = 1, ClrOnly = 2, EnterProprietaryBootloader = 8 }

    public static class Power
    {
        public static void RebootDevice(int exitConstraintTimeout = -1) => throw null;
        public static void RebootDevice(RebootOption rebootOptions, int exitConstraintTimeout = -1) => throw null;
    }

    public sealed class ConstraintException : Exception { }

    public static class ExecutionConstraint
    {
        public static void Install(int timeoutMilliseconds, int priority) => throw null;
    }
}
