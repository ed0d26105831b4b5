/*
 * random_posix.c - lk_random_bytes on Linux: getrandom(2) from the kernel CSPRNG.
 *
 * getrandom blocks only until the kernel pool is initialised at boot, then never. EINTR is
 * retried; any other failure is reported (LK_ERR_IO) and never replaced by a weaker source.
 */
#define _DEFAULT_SOURCE
#include "random.h"
#include "lk_error.h"

#include <errno.h>
#include <sys/random.h>

int lk_random_bytes(uint8_t *buf, size_t len)
{
    if (len == 0) {
        return LK_OK;
    }
    if (buf == NULL) {
        return LK_ERR_INVALID_ARG;
    }
    size_t done = 0;
    /* Bounded: each call returns at least one byte unless interrupted; 256 interruptions in a row
     * would mean something is badly wrong, so give up rather than spin. */
    int interrupted = 0;
    while (done < len) {
        ssize_t n = getrandom(buf + done, len - done, 0);
        if (n < 0) {
            if (errno == EINTR && ++interrupted < 256) {
                continue;
            }
            return LK_ERR_IO;
        }
        if (n == 0) {
            return LK_ERR_IO;
        }
        done += (size_t)n;
    }
    return LK_OK;
}
