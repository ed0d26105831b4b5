/*
 * lk_error.h - error codes shared by every module of the native core.
 *
 * Every function that can fail returns a negative LK_ERR_* code (or a non-negative result).
 * lk_strerror() turns a code into a short constant English string; it never returns NULL.
 */
#ifndef LK_ERROR_H
#define LK_ERROR_H

#ifdef __cplusplus
extern "C" {
#endif

typedef enum lk_err {
    LK_OK = 0,
    LK_ERR_INVALID_ARG = -1,     /* a NULL pointer, a zero length where data is required, a bad enum */
    LK_ERR_NO_MEMORY = -2,       /* an allocation failed */
    LK_ERR_BUFFER_TOO_SMALL = -3,/* the caller's buffer cannot hold the result */
    LK_ERR_MALFORMED = -4,       /* input that does not parse (SDP, STUN, DTLS, SRTP, SCTP) */
    LK_ERR_UNSUPPORTED = -5,     /* well-formed input asking for something not implemented */
    LK_ERR_STATE = -6,           /* the call is not allowed in the current state */
    LK_ERR_AUTH = -7,            /* an integrity check failed (MESSAGE-INTEGRITY, SRTP tag) */
    LK_ERR_REPLAY = -8,          /* a replayed or too old SRTP/SRTCP packet */
    LK_ERR_FINGERPRINT = -9,     /* the peer's DTLS certificate does not match the SDP fingerprint */
    LK_ERR_CRYPTO = -10,         /* the crypto library reported an error */
    LK_ERR_QUEUE_FULL = -11,     /* a bounded queue is full; nothing was enqueued */
    LK_ERR_NOT_FOUND = -12,      /* no such object (channel, transceiver, candidate) */
    LK_ERR_IO = -13,             /* a socket or OS call failed */
    LK_ERR_TIMEOUT = -14,        /* a deadline passed (ICE failure, handshake timeout) */
    LK_ERR_CLOSED = -15,         /* the object was closed */
    LK_ERR_AGAIN = -16,          /* nothing to do now; try after more input or time */
    LK_ERR_TOO_LARGE = -17,      /* a message larger than the negotiated maximum */
    LK_ERR_INTERNAL = -18        /* an invariant was broken: a bug */
} lk_err_t;

/** A short description of an LK_ERR_* code; unknown codes give "unknown error". */
const char *lk_strerror(int err);

#ifdef __cplusplus
}
#endif
#endif /* LK_ERROR_H */
