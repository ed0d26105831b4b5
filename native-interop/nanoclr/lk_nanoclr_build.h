/*
 * lk_nanoclr_build.h - settings for the C sources of the native core (src/) and the ESP-IDF port
 * (port/esp-idf/) when they are compiled into nanoCLR. FindINTEROP-LiveKit.cmake compiles each of
 * them through a generated one-line wrapper that includes this header first and then the source,
 * so these settings hold whatever directory scope nf-interpreter creates its targets in (a Find
 * module can only hand over source and include lists, not compile definitions).
 */
#ifndef LK_NANOCLR_BUILD_H
#define LK_NANOCLR_BUILD_H

/* nanoFramework compiles interop sources into its NF_NativeAssemblies library, which does not link
 * IDF's mbedtls target and so does not inherit its public MBEDTLS_CONFIG_FILE definition. Without it
 * mbedTLS's headers would read the stock configuration instead of the one IDF's library was built
 * with (different struct layouts, DTLS-SRTP missing). Same value as IDF's, so a definition that
 * does arrive from the build is identical. */
#ifndef MBEDTLS_CONFIG_FILE
#define MBEDTLS_CONFIG_FILE "mbedtls/esp_config.h"
#endif

/* DeviceRtcNative.Destroy runs on the CLR task: the port waits this long for the peer connection
 * task's done-semaphore, then returns LK_ERR_TIMEOUT with the object intact and the managed side
 * calls again (DevicePeerConnection.Destroy, up to 50 times). The port's default is 5 s. */
#ifndef LK_RTC_STOP_TIMEOUT_MS
#define LK_RTC_STOP_TIMEOUT_MS 100
#endif

/* nanoCLR compiles interop code with -Wall -Wextra -Werror -Wshadow -Wimplicit-fallthrough; the
 * core is built warning-clean with -Wall -Wextra -Wshadow on the host, but a different compiler
 * version or the xtensa target may find more. Keep such findings visible as warnings rather than
 * build failures of the firmware. */
#pragma GCC diagnostic warning "-Wimplicit-fallthrough"
#pragma GCC diagnostic warning "-Wshadow"
#pragma GCC diagnostic warning "-Wsign-compare"
#pragma GCC diagnostic warning "-Wunused-function"
#pragma GCC diagnostic warning "-Wunused-variable"
#pragma GCC diagnostic warning "-Wunused-but-set-variable"
#pragma GCC diagnostic warning "-Wmissing-field-initializers"
#pragma GCC diagnostic warning "-Wtype-limits"
#pragma GCC diagnostic warning "-Wmaybe-uninitialized"
#pragma GCC diagnostic warning "-Wstringop-truncation"
#pragma GCC diagnostic warning "-Wformat-truncation"

#endif /* LK_NANOCLR_BUILD_H */
