/* error.c - lk_strerror: the text of every LK_ERR_* code. */
#include "lk_error.h"

const char *lk_strerror(int err)
{
    switch (err) {
    case LK_OK: return "ok";
    case LK_ERR_INVALID_ARG: return "invalid argument";
    case LK_ERR_NO_MEMORY: return "out of memory";
    case LK_ERR_BUFFER_TOO_SMALL: return "buffer too small";
    case LK_ERR_MALFORMED: return "malformed input";
    case LK_ERR_UNSUPPORTED: return "not supported";
    case LK_ERR_STATE: return "not allowed in this state";
    case LK_ERR_AUTH: return "integrity check failed";
    case LK_ERR_REPLAY: return "replayed packet";
    case LK_ERR_FINGERPRINT: return "certificate fingerprint mismatch";
    case LK_ERR_CRYPTO: return "crypto library error";
    case LK_ERR_QUEUE_FULL: return "queue full";
    case LK_ERR_NOT_FOUND: return "not found";
    case LK_ERR_IO: return "I/O error";
    case LK_ERR_TIMEOUT: return "timed out";
    case LK_ERR_CLOSED: return "closed";
    case LK_ERR_AGAIN: return "try again";
    case LK_ERR_TOO_LARGE: return "message too large";
    case LK_ERR_INTERNAL: return "internal error";
    default: return "unknown error";
    }
}
