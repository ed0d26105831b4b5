//
// Copyright (c) LiveKit for nanoFramework contributors. Licensed under the Apache License 2.0.
//
// lk_nanoclr_rtc_native.cpp - the InternalCall methods of LiveKit.Rtc.Device.DeviceRtcNative
// (firmware/LiveKit/Device/Rtc/DeviceRtcNative.cs, assembly "LiveKit") on top of lk_rtc.h.
//
// Build contract (see README.md in this directory):
//   - The MetadataProcessor (NFMDP_GENERATE_STUBS=true) generates LiveKit.h, which declares
//     struct Library_LiveKit_LiveKit_Rtc_Device_DeviceRtcNative with one NANOCLR_NATIVE_DECLARE per
//     InternalCall, and LiveKit.cpp, whose method_lookup table points at the functions defined here
//     and which carries the native checksum. Both are generated, never committed.
//   - This file replaces the generated marshalling layer (LiveKit_LiveKit_Rtc_Device_DeviceRtcNative
//     _mshl.cpp and the generated user stubs LiveKit_LiveKit_Rtc_Device_DeviceRtcNative.cpp/.h):
//     those must NOT be compiled (FindINTEROP-LiveKit.cmake in this directory lists only LiveKit.cpp
//     and the files of this directory), or every method below is defined twice.
//   - The methods are defined in the declaration order of DeviceRtcNative.cs with the names the
//     MetadataProcessor derives from the signatures (<Name>___STATIC__<ret>__<arg>...: int I4,
//     bool BOOLEAN, string STRING, byte[] SZARRAY_U1, int[] SZARRAY_I4).
//     tests/native/test_nanoclr_glue_shape.c checks both against the C# file.
//
// Rules every method follows:
//   - It runs on the CLR's one FreeRTOS task (pinned to core 0) and never waits for the network:
//     lk_rtc_* calls take the peer connection's mutex, make one change in the core and return.
//     The only waits are Destroy's (bounded, see there) and the mutex itself while the peer
//     connection's task holds it for one protocol step.
//   - Results go back as the return value (>= 0 or a negative LK_ERR_*, lk_error.h) and in the
//     caller's arrays; no managed exception is thrown for a bad argument (LK_ERR_INVALID_ARG).
//   - Managed strings are UTF-8 and NUL-terminated in the managed heap; arrays are written in
//     place. Pointers into managed memory are used only during the call (the GC runs on this same
//     task, so nothing moves meanwhile) and never stored.
//   - Peer connections are named by small positive handles (slot + 1 + LK_NANOCLR_MAX_PC * n, n
//     counting the creations in that slot), never by pointers: a stale handle is refused with
//     LK_ERR_NOT_FOUND instead of reaching a newer connection in the same slot.
//

#include "LiveKit.h"

#include <string.h>

#include <freertos/FreeRTOS.h>
#include <freertos/task.h>

#include "lk_rtc.h"
#include "lk_nanoclr.h"

// Peer connections alive at once (the engine uses one; two with the v0 fallback; each costs about
// 110 KB of heap when connected and two of the 16 lwIP sockets).
#ifndef LK_NANOCLR_MAX_PC
#define LK_NANOCLR_MAX_PC 4
#endif
// The certificate task: P-256 key generation and the self-signature need a few KB of stack for
// mbedTLS; it runs on core 1 below the peer connection tasks (lk_rtc: priority 6).
#ifndef LK_NANOCLR_CERT_TASK_STACK
#define LK_NANOCLR_CERT_TASK_STACK 10240
#endif
#ifndef LK_NANOCLR_CERT_TASK_PRIORITY
#define LK_NANOCLR_CERT_TASK_PRIORITY 3
#endif
#ifndef LK_NANOCLR_CERT_TASK_CORE
#define LK_NANOCLR_CERT_TASK_CORE 1
#endif
// Longest newline-separated list (ICE servers, bind addresses) Create accepts, NUL included.
#define LK_NANOCLR_LIST_MAX 512
// Header slots of PollEvent (DeviceRtcNative.HeaderType .. HeaderMidLength, HeaderSize = 8).
#define LK_NANOCLR_HEADER_SIZE 8

// ---------------------------------------------------------------------------------------------
// Handle table. Touched only by the CLR task (every method below), so it needs no lock; the
// notify callback on the lk_rtc tasks uses only the handle value it was given at creation.

struct LkSlot
{
    lk_rtc_t *pc;
    int32_t handle; // 0: free
    int32_t generation;
};

static LkSlot s_slots[LK_NANOCLR_MAX_PC];

static lk_rtc_t *LkLookup(int32_t handle)
{
    if (handle <= 0)
    {
        return nullptr;
    }
    LkSlot &slot = s_slots[(handle - 1) % LK_NANOCLR_MAX_PC];
    return slot.handle == handle ? slot.pc : nullptr;
}

// ---------------------------------------------------------------------------------------------
// The shared certificate. Generating an ECDSA P-256 key costs seconds on the ESP32-S3 (no ECC
// hardware), far too long to stall the CLR's only task. So the first Create starts a helper task
// on core 1 that generates it and returns LK_ERR_AGAIN; every Create returns LK_ERR_AGAIN until the
// certificate is ready, then peer connections are created with it. The managed caller retries
// after a short sleep (a failed attempt otherwise ends up in the engine's rejoin path). The
// certificate is never freed: any peer connection may use it until reboot.
//
// The helper task owns nothing once it has published its result; publishing is its last act
// before vTaskDelete(NULL), so nobody has to join it. The state is shared between the CLR task
// and the helper task and guarded by s_certLock (a spinlock; valid across cores).

enum LkCertState
{
    LkCertIdle = 0,    // not started, or the last attempt failed (error in s_certError)
    LkCertRunning = 1, // the helper task is generating it
    LkCertReady = 2    // s_cert is valid
};

static portMUX_TYPE s_certLock = portMUX_INITIALIZER_UNLOCKED;
static LkCertState s_certState = LkCertIdle;
static int s_certError = LK_OK;
static lk_rtc_certificate_t *s_cert = nullptr;

static void LkCertTask(void *arg)
{
    (void)arg;
    lk_rtc_certificate_t *cert = nullptr;
    int rc = lk_rtc_certificate_create(&cert);

    portENTER_CRITICAL(&s_certLock);
    if (rc == LK_OK)
    {
        s_cert = cert;
        s_certState = LkCertReady;
    }
    else
    {
        s_certError = rc;
        s_certState = LkCertIdle;
    }
    portEXIT_CRITICAL(&s_certLock);

    vTaskDelete(nullptr);
}

// LK_OK with *cert set when the certificate is ready; LK_ERR_AGAIN while it is being generated
// (the helper task is started here when none runs); the error of a failed generation, reported
// once (the call after that starts a new attempt).
static int LkCertificate(const lk_rtc_certificate_t **cert)
{
    int result = LK_ERR_AGAIN;
    bool start = false;

    portENTER_CRITICAL(&s_certLock);
    *cert = s_cert;
    if (s_certState == LkCertReady)
    {
        result = LK_OK;
    }
    else if (s_certState == LkCertRunning)
    {
        // result stays LK_ERR_AGAIN
    }
    else if (s_certError != LK_OK)
    {
        result = s_certError;
        s_certError = LK_OK;
    }
    else
    {
        s_certState = LkCertRunning;
        start = true; // outside the critical section: task creation may allocate and block
    }
    portEXIT_CRITICAL(&s_certLock);

    if (!start)
    {
        return result;
    }

    TaskHandle_t task = nullptr;
    if (xTaskCreatePinnedToCore(
            LkCertTask,
            "lk_cert",
            LK_NANOCLR_CERT_TASK_STACK,
            nullptr,
            LK_NANOCLR_CERT_TASK_PRIORITY,
            &task,
            LK_NANOCLR_CERT_TASK_CORE) != pdPASS)
    {
        portENTER_CRITICAL(&s_certLock);
        s_certState = LkCertIdle;
        portEXIT_CRITICAL(&s_certLock);
        return LK_ERR_NO_MEMORY;
    }
    return LK_ERR_AGAIN;
}

// ---------------------------------------------------------------------------------------------
// Helpers

// The notify callback of every peer connection: runs on its lk_rtc task without locks held; it
// only signals the CLR (the managed side then drains the queue with PollEvent).
static void LkNotify(lk_rtc_t *pc, void *user)
{
    (void)pc;
    LkNanoclrPostEvent((uint32_t)(uintptr_t)user);
}

// Splits a newline-separated list into buf (static storage: every interop call runs on the one
// CLR task) and items. Empty entries and '\r' are skipped; entries beyond max are ignored, as
// lk_rtc_create ignores them. Returns the count or LK_ERR_INVALID_ARG (too long).
static int LkSplitList(const char *text, char *buf, const char **items, int max)
{
    if (text == nullptr || text[0] == '\0')
    {
        return 0;
    }
    size_t len = strlen(text);
    if (len >= LK_NANOCLR_LIST_MAX)
    {
        return LK_ERR_INVALID_ARG;
    }
    memcpy(buf, text, len + 1);
    int count = 0;
    char *p = buf;
    while (*p != '\0')
    {
        char *start = p;
        while (*p != '\0' && *p != '\n')
        {
            p++;
        }
        char *end = p;
        if (*p == '\n')
        {
            *p++ = '\0';
        }
        if (end > start && end[-1] == '\r')
        {
            end[-1] = '\0';
            end--;
        }
        if (end > start && count < max)
        {
            items[count++] = start;
        }
    }
    return count;
}

static bool LkArgBool(CLR_RT_HeapBlock &arg)
{
    return arg.NumericByRef().u1 != 0;
}

static int32_t LkArgInt(CLR_RT_HeapBlock &arg)
{
    return arg.NumericByRef().s4;
}

// CreateOffer / CreateAnswer: the SDP is written NUL-terminated into the caller's byte[].
static int LkDescribe(CLR_RT_StackFrame &stack, bool offer)
{
    lk_rtc_t *pc = LkLookup(LkArgInt(stack.Arg0()));
    CLR_RT_HeapBlock_Array *sdp = stack.Arg1().DereferenceArray();
    if (pc == nullptr)
    {
        return LK_ERR_NOT_FOUND;
    }
    if (sdp == nullptr || sdp->m_numOfElements == 0)
    {
        return LK_ERR_INVALID_ARG;
    }
    char *out = (char *)sdp->GetFirstElement();
    size_t cap = sdp->m_numOfElements;
    return offer ? lk_rtc_create_offer(pc, out, cap) : lk_rtc_create_answer(pc, out, cap);
}

static int LkSetDescription(CLR_RT_StackFrame &stack, bool local)
{
    lk_rtc_t *pc = LkLookup(LkArgInt(stack.Arg0()));
    int32_t type = LkArgInt(stack.Arg1());
    const char *sdp = stack.Arg2().RecoverString();
    if (pc == nullptr)
    {
        return LK_ERR_NOT_FOUND;
    }
    if (sdp == nullptr || (type != LK_RTC_SDP_OFFER && type != LK_RTC_SDP_ANSWER))
    {
        return LK_ERR_INVALID_ARG;
    }
    return local ? lk_rtc_set_local_description(pc, (lk_rtc_sdp_type_t)type, sdp)
                 : lk_rtc_set_remote_description(pc, (lk_rtc_sdp_type_t)type, sdp);
}

// ---------------------------------------------------------------------------------------------
// The InternalCall methods, in the declaration order of DeviceRtcNative.cs.

// int Create(string iceServers, string bindAddresses, bool loopbackOnly, int maxMessageSize,
//            int eventQueueCapacity): a handle (> 0) or a negative LK_ERR_* (LK_ERR_AGAIN while the
// shared certificate is being generated; LK_ERR_QUEUE_FULL when LK_NANOCLR_MAX_PC are alive).
HRESULT Library_LiveKit_LiveKit_Rtc_Device_DeviceRtcNative::Create___STATIC__I4__STRING__STRING__BOOLEAN__I4__I4(CLR_RT_StackFrame &stack)
{
    NANOCLR_HEADER();

    static char iceBuf[LK_NANOCLR_LIST_MAX];
    static char bindBuf[LK_NANOCLR_LIST_MAX];
    const char *ice[LK_RTC_MAX_ICE_SERVERS];
    const char *bind[LK_RTC_MAX_BIND_ADDRS];
    const lk_rtc_certificate_t *cert = nullptr;
    int result = LK_OK;
    int iceCount = LkSplitList(stack.Arg0().RecoverString(), iceBuf, ice, LK_RTC_MAX_ICE_SERVERS);
    int bindCount = LkSplitList(stack.Arg1().RecoverString(), bindBuf, bind, LK_RTC_MAX_BIND_ADDRS);
    bool loopbackOnly = LkArgBool(stack.Arg2());
    int32_t maxMessageSize = LkArgInt(stack.Arg3());
    int32_t eventQueueCapacity = LkArgInt(stack.Arg4());
    int freeSlot = -1;

    for (int i = 0; i < LK_NANOCLR_MAX_PC; i++)
    {
        if (s_slots[i].handle == 0)
        {
            freeSlot = i;
            break;
        }
    }

    if (iceCount < 0 || bindCount < 0 || maxMessageSize < 0 || eventQueueCapacity < 0)
    {
        result = LK_ERR_INVALID_ARG;
    }
    else if (freeSlot < 0)
    {
        result = LK_ERR_QUEUE_FULL;
    }
    else
    {
        result = LkCertificate(&cert);
    }

    if (result == LK_OK)
    {
        LkSlot &slot = s_slots[freeSlot];
        // Handles stay below 2^15 * LK_NANOCLR_MAX_PC: positive and small.
        int32_t generation = (slot.generation + 1) & 0x7fff;
        int32_t handle = freeSlot + 1 + LK_NANOCLR_MAX_PC * generation;

        lk_rtc_config_t config;
        memset(&config, 0, sizeof config);
        config.ice_servers = iceCount > 0 ? ice : nullptr;
        config.ice_server_count = (size_t)iceCount;
        config.bind_addrs = bindCount > 0 ? bind : nullptr;
        config.bind_addr_count = (size_t)bindCount;
        config.loopback_only = loopbackOnly ? 1 : 0;
        config.max_message_size = (uint32_t)maxMessageSize;
        config.event_queue_capacity = (size_t)eventQueueCapacity;
        config.certificate = cert;
        config.notify = LkNotify;
        config.user = (void *)(uintptr_t)handle;

        lk_rtc_t *pc = nullptr;
        result = lk_rtc_create(&config, &pc);
        if (result == LK_OK)
        {
            slot.pc = pc;
            slot.handle = handle;
            slot.generation = generation;
            result = handle;
        }
    }

    stack.SetResult_I4(result);

    NANOCLR_NOCLEANUP_NOLABEL();
}

// int CreateOffer(int handle, byte[] sdp): the SDP's length or a negative LK_ERR_*.
HRESULT Library_LiveKit_LiveKit_Rtc_Device_DeviceRtcNative::CreateOffer___STATIC__I4__I4__SZARRAY_U1(CLR_RT_StackFrame &stack)
{
    NANOCLR_HEADER();

    stack.SetResult_I4(LkDescribe(stack, true));

    NANOCLR_NOCLEANUP_NOLABEL();
}

// int CreateAnswer(int handle, byte[] sdp): the SDP's length or a negative LK_ERR_*.
HRESULT Library_LiveKit_LiveKit_Rtc_Device_DeviceRtcNative::CreateAnswer___STATIC__I4__I4__SZARRAY_U1(CLR_RT_StackFrame &stack)
{
    NANOCLR_HEADER();

    stack.SetResult_I4(LkDescribe(stack, false));

    NANOCLR_NOCLEANUP_NOLABEL();
}

// int SetLocalDescription(int handle, int type, string sdp)
HRESULT Library_LiveKit_LiveKit_Rtc_Device_DeviceRtcNative::SetLocalDescription___STATIC__I4__I4__I4__STRING(CLR_RT_StackFrame &stack)
{
    NANOCLR_HEADER();

    stack.SetResult_I4(LkSetDescription(stack, true));

    NANOCLR_NOCLEANUP_NOLABEL();
}

// int SetRemoteDescription(int handle, int type, string sdp)
HRESULT Library_LiveKit_LiveKit_Rtc_Device_DeviceRtcNative::SetRemoteDescription___STATIC__I4__I4__I4__STRING(CLR_RT_StackFrame &stack)
{
    NANOCLR_HEADER();

    stack.SetResult_I4(LkSetDescription(stack, false));

    NANOCLR_NOCLEANUP_NOLABEL();
}

// int AddRemoteCandidate(int handle, string mid, string candidate): an empty mid means the
// first/bundled m-line; an empty candidate means end-of-candidates.
HRESULT Library_LiveKit_LiveKit_Rtc_Device_DeviceRtcNative::AddRemoteCandidate___STATIC__I4__I4__STRING__STRING(CLR_RT_StackFrame &stack)
{
    NANOCLR_HEADER();

    int result;
    lk_rtc_t *pc = LkLookup(LkArgInt(stack.Arg0()));
    const char *mid = stack.Arg1().RecoverString();
    const char *candidate = stack.Arg2().RecoverString();
    if (pc == nullptr)
    {
        result = LK_ERR_NOT_FOUND;
    }
    else
    {
        result = lk_rtc_add_remote_candidate(
            pc,
            (mid != nullptr && mid[0] != '\0') ? mid : nullptr,
            candidate != nullptr ? candidate : "");
    }
    stack.SetResult_I4(result);

    NANOCLR_NOCLEANUP_NOLABEL();
}

// int CreateDataChannel(int handle, string label, bool ordered, int maxRetransmits): the
// (provisional) channel id or a negative LK_ERR_*.
HRESULT Library_LiveKit_LiveKit_Rtc_Device_DeviceRtcNative::CreateDataChannel___STATIC__I4__I4__STRING__BOOLEAN__I4(CLR_RT_StackFrame &stack)
{
    NANOCLR_HEADER();

    int result;
    lk_rtc_t *pc = LkLookup(LkArgInt(stack.Arg0()));
    const char *label = stack.Arg1().RecoverString();
    bool ordered = LkArgBool(stack.Arg2());
    int32_t maxRetransmits = LkArgInt(stack.Arg3());
    if (pc == nullptr)
    {
        result = LK_ERR_NOT_FOUND;
    }
    else if (label == nullptr || maxRetransmits < -1)
    {
        result = LK_ERR_INVALID_ARG;
    }
    else
    {
        uint16_t id = 0;
        result = lk_rtc_create_data_channel(pc, label, ordered ? 1 : 0, maxRetransmits, &id);
        if (result == LK_OK)
        {
            result = id;
        }
    }
    stack.SetResult_I4(result);

    NANOCLR_NOCLEANUP_NOLABEL();
}

// int Send(int handle, int channelId, bool binary, byte[] data, int offset, int length): sends
// data[offset .. offset + length) (copied by the core during the call).
HRESULT Library_LiveKit_LiveKit_Rtc_Device_DeviceRtcNative::Send___STATIC__I4__I4__I4__BOOLEAN__SZARRAY_U1__I4__I4(CLR_RT_StackFrame &stack)
{
    NANOCLR_HEADER();

    int result;
    lk_rtc_t *pc = LkLookup(LkArgInt(stack.Arg0()));
    int32_t channelId = LkArgInt(stack.Arg1());
    bool binary = LkArgBool(stack.Arg2());
    CLR_RT_HeapBlock_Array *data = stack.Arg3().DereferenceArray();
    int32_t offset = LkArgInt(stack.Arg4());
    int32_t length = LkArgInt(stack.Arg5());
    if (pc == nullptr)
    {
        result = LK_ERR_NOT_FOUND;
    }
    else if (channelId < 0 || channelId > 0xffff || offset < 0 || length < 0 ||
             (data == nullptr && length > 0) ||
             (data != nullptr && (uint32_t)offset + (uint32_t)length > data->m_numOfElements))
    {
        result = LK_ERR_INVALID_ARG;
    }
    else
    {
        const uint8_t *bytes = data != nullptr ? (const uint8_t *)data->GetFirstElement() + offset : nullptr;
        result = lk_rtc_send(pc, (uint16_t)channelId, binary ? 1 : 0, bytes, (size_t)length);
    }
    stack.SetResult_I4(result);

    NANOCLR_NOCLEANUP_NOLABEL();
}

// int AddAudioTrack(int handle, int direction): the transceiver index or a negative LK_ERR_*.
HRESULT Library_LiveKit_LiveKit_Rtc_Device_DeviceRtcNative::AddAudioTrack___STATIC__I4__I4__I4(CLR_RT_StackFrame &stack)
{
    NANOCLR_HEADER();

    int result;
    lk_rtc_t *pc = LkLookup(LkArgInt(stack.Arg0()));
    int32_t direction = LkArgInt(stack.Arg1());
    if (pc == nullptr)
    {
        result = LK_ERR_NOT_FOUND;
    }
    else if (direction < LK_RTC_DIR_SENDRECV || direction > LK_RTC_DIR_INACTIVE)
    {
        result = LK_ERR_INVALID_ARG;
    }
    else
    {
        result = lk_rtc_add_audio_track(pc, (lk_rtc_direction_t)direction);
    }
    stack.SetResult_I4(result);

    NANOCLR_NOCLEANUP_NOLABEL();
}

// int RestartIce(int handle): lk_rtc_restart_ice (the next offer carries new ICE credentials);
// LK_OK or a negative LK_ERR_*.
HRESULT Library_LiveKit_LiveKit_Rtc_Device_DeviceRtcNative::RestartIce___STATIC__I4__I4(CLR_RT_StackFrame &stack)
{
    NANOCLR_HEADER();

    int result;
    lk_rtc_t *pc = LkLookup(LkArgInt(stack.Arg0()));
    if (pc == nullptr)
    {
        result = LK_ERR_NOT_FOUND;
    }
    else
    {
        result = lk_rtc_restart_ice(pc);
    }
    stack.SetResult_I4(result);

    NANOCLR_NOCLEANUP_NOLABEL();
}

// int PollEvent(int handle, int[] header, byte[] mid, byte[] payload): LK_OK with the event in
// header (HeaderType, State, Error, Channel, Binary, RemoteOpened, Length, MidLength), its mid's
// UTF-8 bytes in mid and its payload in payload; LK_ERR_AGAIN when the queue is empty;
// LK_ERR_BUFFER_TOO_SMALL with header[HeaderType] and header[HeaderLength] (the bytes needed) set
// and the event left queued. The payload is written straight into the managed array.
HRESULT Library_LiveKit_LiveKit_Rtc_Device_DeviceRtcNative::PollEvent___STATIC__I4__I4__SZARRAY_I4__SZARRAY_U1__SZARRAY_U1(CLR_RT_StackFrame &stack)
{
    NANOCLR_HEADER();

    int result;
    lk_rtc_t *pc = LkLookup(LkArgInt(stack.Arg0()));
    CLR_RT_HeapBlock_Array *header = stack.Arg1().DereferenceArray();
    CLR_RT_HeapBlock_Array *mid = stack.Arg2().DereferenceArray();
    CLR_RT_HeapBlock_Array *payload = stack.Arg3().DereferenceArray();
    if (pc == nullptr)
    {
        result = LK_ERR_NOT_FOUND;
    }
    else if (header == nullptr || header->m_numOfElements < LK_NANOCLR_HEADER_SIZE)
    {
        result = LK_ERR_INVALID_ARG;
    }
    else
    {
        lk_rtc_event_t ev;
        memset(&ev, 0, sizeof ev);
        uint8_t *buf = payload != nullptr ? (uint8_t *)payload->GetFirstElement() : nullptr;
        size_t cap = payload != nullptr ? payload->m_numOfElements : 0;
        result = lk_rtc_poll_event(pc, &ev, cap > 0 ? buf : nullptr, cap);
        if (result == LK_OK || result == LK_ERR_BUFFER_TOO_SMALL)
        {
            size_t midLength = 0;
            while (midLength < LK_RTC_MID_MAX && ev.mid[midLength] != '\0')
            {
                midLength++;
            }
            if (mid == nullptr)
            {
                midLength = 0;
            }
            else if (midLength > mid->m_numOfElements)
            {
                midLength = mid->m_numOfElements;
            }
            if (midLength > 0)
            {
                memcpy(mid->GetFirstElement(), ev.mid, midLength);
            }

            int32_t *h = (int32_t *)header->GetFirstElement();
            h[0] = (int32_t)ev.type;
            h[1] = ev.state;
            h[2] = ev.error;
            h[3] = ev.channel_id;
            h[4] = ev.binary;
            h[5] = ev.remote_opened;
            h[6] = ev.len > 0x7fffffffu ? 0x7fffffff : (int32_t)ev.len;
            h[7] = (int32_t)midLength;
        }
    }
    stack.SetResult_I4(result);

    NANOCLR_NOCLEANUP_NOLABEL();
}

// int GetConnectionState(int handle): the lk_rtc_conn_state_t or a negative LK_ERR_*.
HRESULT Library_LiveKit_LiveKit_Rtc_Device_DeviceRtcNative::GetConnectionState___STATIC__I4__I4(CLR_RT_StackFrame &stack)
{
    NANOCLR_HEADER();

    int result;
    lk_rtc_t *pc = LkLookup(LkArgInt(stack.Arg0()));
    if (pc == nullptr)
    {
        result = LK_ERR_NOT_FOUND;
    }
    else
    {
        lk_rtc_conn_state_t state = LK_RTC_CONN_CLOSED;
        result = lk_rtc_get_state(pc, &state, nullptr, nullptr);
        if (result == LK_OK)
        {
            result = (int)state;
        }
    }
    stack.SetResult_I4(result);

    NANOCLR_NOCLEANUP_NOLABEL();
}

// int Close(int handle)
HRESULT Library_LiveKit_LiveKit_Rtc_Device_DeviceRtcNative::Close___STATIC__I4__I4(CLR_RT_StackFrame &stack)
{
    NANOCLR_HEADER();

    lk_rtc_t *pc = LkLookup(LkArgInt(stack.Arg0()));
    stack.SetResult_I4(pc == nullptr ? LK_ERR_NOT_FOUND : lk_rtc_close(pc));

    NANOCLR_NOCLEANUP_NOLABEL();
}

// int Destroy(int handle): LK_OK (the handle is gone), LK_ERR_TIMEOUT (the peer connection's task
// has not finished yet: the handle stays valid, call again), LK_ERR_NOT_FOUND.
// Bounded: the ESP-IDF port waits LK_RTC_STOP_TIMEOUT_MS for the task's done-semaphore, and this
// build sets that to a short time (lk_nanoclr_build.h, 100 ms) instead of the port's 5 s default.
// After a timeout the port keeps the object intact (stop flag set, task still ending), and the
// next lk_rtc_destroy finds the semaphore given and frees it.
HRESULT Library_LiveKit_LiveKit_Rtc_Device_DeviceRtcNative::Destroy___STATIC__I4__I4(CLR_RT_StackFrame &stack)
{
    NANOCLR_HEADER();

    int result;
    int32_t handle = LkArgInt(stack.Arg0());
    lk_rtc_t *pc = LkLookup(handle);
    if (pc == nullptr)
    {
        result = LK_ERR_NOT_FOUND;
    }
    else
    {
        result = lk_rtc_destroy(pc);
        if (result == LK_OK)
        {
            LkSlot &slot = s_slots[(handle - 1) % LK_NANOCLR_MAX_PC];
            slot.pc = nullptr;
            slot.handle = 0;
        }
    }
    stack.SetResult_I4(result);

    NANOCLR_NOCLEANUP_NOLABEL();
}
