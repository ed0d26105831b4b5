// Reference surface of nanoFramework.Hardware.Esp32 1.6.37 (assembly nanoFramework.Hardware.Esp32), from
// nanoframework/nanoFramework.Hardware.Esp32 (Configuration, DeviceFunction, NativeMemory, Sleep,
// HighResTimer). Declarations only; DeviceFunction lists the peripheral pin functions by name.
namespace nanoFramework.Hardware.Esp32
{
    using System;

    public enum DeviceFunction
    {
        SPI1_MOSI = 0x10000, SPI1_MISO, SPI1_CLOCK,
        SPI2_MOSI = 0x10100, SPI2_MISO, SPI2_CLOCK,
        I2C1_DATA = 0x20000, I2C1_CLOCK,
        I2C2_DATA = 0x20100, I2C2_CLOCK,
        COM1_RX = 0x30000, COM1_TX, COM1_RTS, COM1_CTS,
        COM2_RX = 0x30100, COM2_TX, COM2_RTS, COM2_CTS,
        COM3_RX = 0x30200, COM3_TX, COM3_RTS, COM3_CTS,
        PWM1 = 0x40000, PWM2, PWM3, PWM4, PWM5, PWM6, PWM7, PWM8, PWM9, PWM10, PWM11, PWM12, PWM13, PWM14, PWM15, PWM16,
        ADC1_CH0 = 0x50000, ADC1_CH1, ADC1_CH2, ADC1_CH3, ADC1_CH4, ADC1_CH5, ADC1_CH6, ADC1_CH7,
        I2S1_MCK = 0x60000, I2S1_BCK, I2S1_WS, I2S1_MDATA_OUT, I2S1_DATA_IN,
        I2S2_MCK = 0x60100, I2S2_BCK, I2S2_WS, I2S2_MDATA_OUT, I2S2_DATA_IN,
    }

    public static class Configuration
    {
        public static void SetPinFunction(int gpioNumber, DeviceFunction function) => throw null;
        public static int GetFunctionPin(DeviceFunction function) => throw null;
    }

    public static class NativeMemory
    {
        public enum MemoryType { All = 0, Internal = 1, SpiRam = 2 }
        public static void GetMemoryInfo(MemoryType memoryType, out uint totalSize, out uint totalFreeSize, out uint largestFreeBlock) => throw null;
    }

    public static class Sleep
    {
        public enum WakeupCause { Undefined = 0, All = 1, Ext0 = 2, Ext1 = 3, Timer = 4, TouchPad = 5, Ulp = 6, Gpio = 7, Uart = 8 }
        public enum WakeupGpioPin : ulong { None = 0 }
        public static EspNativeError EnableWakeupByTimer(TimeSpan time) => throw null;
        public static EspNativeError EnableWakeupByPin(WakeupGpioPin pin, int level) => throw null;
        public static EspNativeError StartLightSleep() => throw null;
        public static EspNativeError StartDeepSleep() => throw null;
        public static WakeupCause GetWakeupCause() => throw null;
    }

    public enum EspNativeError { OK = 0, FAIL = -1, NO_MEM = 0x101, INVALID_ARG = 0x102, INVALID_STATE = 0x103, INVALID_SIZE = 0x104, NOT_FOUND = 0x105, NOT_SUPPORTED = 0x106, TIMEOUT = 0x107 }

    public delegate void OnHighResTimerExpiredHandler(HighResTimer sender);

    public class HighResTimer : IDisposable
    {
        public HighResTimer() { }
        public event OnHighResTimerExpiredHandler OnHighResTimerExpired { add { } remove { } }
        public static ulong GetCurrent() => throw null;
        public void StartOneShot(ulong timeout_us) => throw null;
        public void StartOnePeriodic(ulong period_us) => throw null;
        public void Stop() => throw null;
        public void Dispose() => throw null;
    }
}
