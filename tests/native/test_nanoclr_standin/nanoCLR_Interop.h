/* stand-in (see README.md): the subset of nf-interpreter's nanoCLR_Interop.h the glue uses */
#ifndef LK_STANDIN_NANOCLR_INTEROP_H
#define LK_STANDIN_NANOCLR_INTEROP_H
#include <stddef.h>
#include <stdint.h>
typedef int32_t HRESULT;
#define S_OK ((HRESULT)0x00000000L)
#define __int64 long long
struct CLR_RT_StackFrame;
struct CLR_RT_HeapBlock_NativeEventDispatcher;
struct CLR_RECORD_VERSION
{
    uint16_t iMajorVersion;
    uint16_t iMinorVersion;
    uint16_t iBuildNumber;
    uint16_t iRevisionNumber;
};
#define NANOCLR_NATIVE_DECLARE(mtd) static HRESULT mtd(CLR_RT_StackFrame &stack)
typedef HRESULT (*CLR_RT_MethodHandler)(CLR_RT_StackFrame &stack);
struct CLR_RT_NativeAssemblyData
{
    const char *m_szAssemblyName;
    unsigned int m_checkSum;
    const void *m_pNativeMethods;
    CLR_RECORD_VERSION m_Version;
};
typedef HRESULT (*InitializeInterruptsProc)(CLR_RT_HeapBlock_NativeEventDispatcher *pContext, unsigned __int64 userData);
typedef HRESULT (*EnableorDisableInterruptsProc)(CLR_RT_HeapBlock_NativeEventDispatcher *pContext, bool fEnable);
typedef HRESULT (*CleanupInterruptsProc)(CLR_RT_HeapBlock_NativeEventDispatcher *pContext);
struct CLR_RT_DriverInterruptMethods
{
    InitializeInterruptsProc initProcessor;
    EnableorDisableInterruptsProc enableProcessor;
    CleanupInterruptsProc cleanupProcessor;
};
#define DRIVER_INTERRUPT_METHODS_CHECKSUM 0xf32f4c3e
void SaveNativeEventToHALQueue(CLR_RT_HeapBlock_NativeEventDispatcher *pContext, uint32_t data1, uint32_t data2);
void CleanupNativeEventsFromHALQueue(CLR_RT_HeapBlock_NativeEventDispatcher *pContext);
#endif
