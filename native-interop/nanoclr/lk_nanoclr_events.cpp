//
// Copyright (c) LiveKit for nanoFramework contributors. Licensed under the Apache License 2.0.
//
// lk_nanoclr_events.cpp - the native side of the managed
//     new NativeEventDispatcher("LiveKitRtc", 0)              (DeviceRtcEvents.cs)
// nanoFramework.Runtime.Events looks the driver up by that name with GetAssemblyNativeData(), which
// searches g_CLR_InteropAssembliesNativeData. The interop CMake macro only adds the assembly's own
// record (g_CLR_AssemblyNative_LiveKit) to that table, so FindINTEROP-LiveKit.cmake appends
// g_CLR_AssemblyNative_LiveKitRtc below to CLR_RT_NativeAssemblyDataList /
// CLR_RT_NativeAssemblyDataTableEntriesList; without it the constructor throws
// (CLR_E_DRIVER_NOT_REGISTERED).
//
// Threads: initProcessor / enableProcessor / cleanupProcessor run on the CLR task;
// LkNanoclrPostEvent runs on the lk_rtc tasks (core 1). The dispatcher pointer and the enabled flag
// are read and written only under GLOBAL_LOCK (portENTER_CRITICAL on a spinlock on ESP32: valid
// across both cores).
//

#include <nanoCLR_Interop.h>
#include <nanoCLR_Runtime.h>
#include <nanoHAL.h>

#include "lk_nanoclr.h"

// The managed dispatcher (one per process: DeviceRtcEvents keeps it in a static field).
static CLR_RT_HeapBlock_NativeEventDispatcher *s_dispatcher = nullptr;
static bool s_enabled = false;

void LkNanoclrPostEvent(uint32_t handle)
{
    GLOBAL_LOCK();
    if (s_dispatcher != nullptr && s_enabled)
    {
        // The HAL queue holds 128 records and drops the oldest when full: harmless, each event is
        // only "this peer connection has events pending" and the managed side drains them all.
        SaveNativeEventToHALQueue(s_dispatcher, handle, 0);
    }
    GLOBAL_UNLOCK();
}

static HRESULT LkRtcEventsInitialize(CLR_RT_HeapBlock_NativeEventDispatcher *pContext, unsigned __int64 userData)
{
    (void)userData;
    GLOBAL_LOCK();
    s_dispatcher = pContext;
    // Events flow from construction on: DeviceRtcEvents never calls EnableInterrupt().
    s_enabled = true;
    GLOBAL_UNLOCK();
    return S_OK;
}

static HRESULT LkRtcEventsEnableDisable(CLR_RT_HeapBlock_NativeEventDispatcher *pContext, bool fEnable)
{
    GLOBAL_LOCK();
    if (s_dispatcher == pContext)
    {
        s_enabled = fEnable;
    }
    GLOBAL_UNLOCK();
    return S_OK;
}

static HRESULT LkRtcEventsCleanup(CLR_RT_HeapBlock_NativeEventDispatcher *pContext)
{
    GLOBAL_LOCK();
    if (s_dispatcher == pContext)
    {
        s_dispatcher = nullptr;
        s_enabled = false;
    }
    GLOBAL_UNLOCK();
    // No post for this context can start after the unlock above; drop what is still queued.
    CleanupNativeEventsFromHALQueue(pContext);
    return S_OK;
}

static const CLR_RT_DriverInterruptMethods s_lkRtcEventsMethods = {
    LkRtcEventsInitialize,
    LkRtcEventsEnableDisable,
    LkRtcEventsCleanup,
};

// The name is the driver name the managed side passes to NativeEventDispatcher (DeviceRtcEvents.cs:
// DriverName = "LiveKitRtc"); the version is not checked for drivers.
extern const CLR_RT_NativeAssemblyData g_CLR_AssemblyNative_LiveKitRtc;
const CLR_RT_NativeAssemblyData g_CLR_AssemblyNative_LiveKitRtc = {
    "LiveKitRtc",
    DRIVER_INTERRUPT_METHODS_CHECKSUM,
    &s_lkRtcEventsMethods,
    {1, 0, 0, 0},
};
