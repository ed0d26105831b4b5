//
// Copyright (c) LiveKit for nanoFramework contributors. Licensed under the Apache License 2.0.
//
// lk_nanoclr.h - what the two hand-written files of the nanoCLR glue share (not a public API).
//   lk_nanoclr_rtc_native.cpp  the InternalCall methods of LiveKit.Rtc.Device.DeviceRtcNative
//   lk_nanoclr_events.cpp      the "LiveKitRtc" NativeEventDispatcher driver and the event post
//
#ifndef LK_NANOCLR_H
#define LK_NANOCLR_H

#include <stdint.h>

// Posts one "LiveKitRtc" native event (data1 = the peer connection's handle, data2 = 0) to the
// CLR. Callable from any FreeRTOS task (it runs on the lk_rtc task of each peer connection);
// takes GLOBAL_LOCK for the few instructions of the queue push and never blocks. Does nothing
// while no managed NativeEventDispatcher("LiveKitRtc", ...) exists or after it was disposed, or
// while the dispatcher's interrupts are disabled.
void LkNanoclrPostEvent(uint32_t handle);

#endif // LK_NANOCLR_H
