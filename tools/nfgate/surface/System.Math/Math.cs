// Reference surface of nanoFramework.System.Math (assembly System.Math), the public Math class of
// nanoFramework 1.x (mscorlib 1.x keeps only an internal MathInternal). Declarations only, double-based
// as in nanoframework/System.Math.
namespace System
{
    public static class Math
    {
        public const double E = 2.7182818284590451;
        public const double PI = 3.1415926535897931;
        public static int Abs(int val) => throw null;
        public static long Abs(long val) => throw null;
        public static float Abs(float val) => throw null;
        public static double Abs(double val) => throw null;
        public static int Max(int val1, int val2) => throw null;
        public static uint Max(uint val1, uint val2) => throw null;
        public static long Max(long val1, long val2) => throw null;
        public static ulong Max(ulong val1, ulong val2) => throw null;
        public static float Max(float val1, float val2) => throw null;
        public static double Max(double val1, double val2) => throw null;
        public static int Min(int val1, int val2) => throw null;
        public static uint Min(uint val1, uint val2) => throw null;
        public static long Min(long val1, long val2) => throw null;
        public static ulong Min(ulong val1, ulong val2) => throw null;
        public static float Min(float val1, float val2) => throw null;
        public static double Min(double val1, double val2) => throw null;
        public static double Acos(double d) => throw null;
        public static double Asin(double d) => throw null;
        public static double Atan(double d) => throw null;
        public static double Atan2(double y, double x) => throw null;
        public static double Ceiling(double d) => throw null;
        public static double Cos(double a) => throw null;
        public static double Cosh(double a) => throw null;
        public static double Exp(double d) => throw null;
        public static double Floor(double d) => throw null;
        public static double IEEERemainder(double x, double y) => throw null;
        public static double Log(double d) => throw null;
        public static double Log10(double d) => throw null;
        public static double Pow(double x, double y) => throw null;
        public static double Round(double d) => throw null;
        public static int Sign(double value) => throw null;
        public static int Sign(float value) => throw null;
        public static double Sin(double a) => throw null;
        public static double Sinh(double a) => throw null;
        public static double Sqrt(double d) => throw null;
        public static double Tan(double a) => throw null;
        public static double Tanh(double a) => throw null;
        public static double Truncate(double d) => throw null;
    }
}
