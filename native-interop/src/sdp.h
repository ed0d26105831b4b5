/*
 * sdp.h - parse and write the SDP of WebRTC offers and answers (RFC 8866, RFC 8829 JSEP,
 * RFC 8843 BUNDLE, RFC 8839 ICE attributes and candidate lines, RFC 8841 SCTP, RFC 8122
 * fingerprint, RFC 7587 Opus). What is kept is what a LiveKit client needs: ICE credentials,
 * fingerprint, setup, BUNDLE, and per m-line kind, mid, direction, rtcp-mux, payload types
 * (rtpmap/fmtp), sctp-port, max-message-size and candidates. Unknown m-lines are kept so an
 * answer can reject them (port 0) in order.
 *
 * Parsing is zero-copy: strings in lk_sdp_t are spans (offset, length) into the text given to
 * lk_sdp_parse, which the caller keeps alive and unchanged while it reads the result
 * (lk_sdp_span_copy / lk_sdp_span_eq). Numbers and the fingerprint are decoded. Every bound is
 * fixed (LK_SDP_MAX_*); payload types and candidates beyond their bound are dropped and counted,
 * anything else out of bounds or not well formed gives LK_ERR_MALFORMED - never a crash.
 *
 * Writing fills a caller buffer from an lk_sdp_desc_t; lk_sdp_answer_from_offer builds the desc
 * of an answer that mirrors an offer's m-lines in order and rejects what we cannot do.
 *
 * Pure functions, no globals, no allocation; safe from any thread on distinct objects.
 */
#ifndef LK_SDP_H
#define LK_SDP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "addr.h"

#ifdef __cplusplus
extern "C" {
#endif

#define LK_SDP_MAX_TEXT 65535      /* longest SDP lk_sdp_parse accepts (spans are 16-bit) */
#define LK_SDP_MAX_MEDIA 16        /* m-lines per session */
#define LK_SDP_MAX_PAYLOADS 16     /* payload types kept per m-line (more are dropped, counted) */
#define LK_SDP_MAX_CANDIDATES 32   /* candidate lines kept per session (more are dropped, counted) */
#define LK_SDP_FINGERPRINT_LEN 32  /* sha-256 */
#define LK_SDP_MAX_MID 32          /* longest mid we accept/write */
#define LK_SDP_MAX_UFRAG 64        /* longest ice-ufrag we write (RFC 8839 allows 256) */
#define LK_SDP_MAX_PWD 128         /* longest ice-pwd we write */
#define LK_SDP_MAX_HOSTNAME 80     /* longest candidate connection-address (IP or mDNS name) */
#define LK_SDP_CANDIDATE_MAX 256   /* buffer for one candidate line from lk_sdp_candidate_format */
#define LK_SDP_OPUS_PT 111         /* the payload type we offer for opus/48000/2 */
#define LK_SDP_SCTP_PORT 5000      /* a=sctp-port we offer and answer */

/* A string inside the parsed text: text[off .. off+len). len 0 means absent. */
typedef struct lk_sdp_span {
    uint16_t off;
    uint16_t len;
} lk_sdp_span_t;

typedef enum lk_sdp_type { LK_SDP_OFFER = 0, LK_SDP_ANSWER = 1 } lk_sdp_type_t;

typedef enum lk_sdp_kind {
    LK_SDP_KIND_OTHER = 0,       /* video, text, anything we neither send nor receive */
    LK_SDP_KIND_AUDIO = 1,
    LK_SDP_KIND_APPLICATION = 2  /* "application" (kept as OTHER unless proto is DTLS/SCTP) */
} lk_sdp_kind_t;

typedef enum lk_sdp_direction {
    LK_SDP_SENDRECV = 0,         /* also the default when no direction attribute is present */
    LK_SDP_SENDONLY = 1,
    LK_SDP_RECVONLY = 2,
    LK_SDP_INACTIVE = 3
} lk_sdp_direction_t;

typedef enum lk_sdp_setup {
    LK_SDP_SETUP_NONE = 0,       /* absent */
    LK_SDP_SETUP_ACTPASS = 1,
    LK_SDP_SETUP_ACTIVE = 2,     /* the side writing it is the DTLS client */
    LK_SDP_SETUP_PASSIVE = 3     /* the side writing it is the DTLS server */
} lk_sdp_setup_t;

typedef enum lk_sdp_cand_type {
    LK_SDP_CAND_HOST = 0,
    LK_SDP_CAND_SRFLX = 1,
    LK_SDP_CAND_PRFLX = 2,
    LK_SDP_CAND_RELAY = 3
} lk_sdp_cand_type_t;

/* One candidate (RFC 8839 section 5.1), parsed from or formatted to
 * "candidate:<foundation> <component> <transport> <priority> <address> <port> typ <type>
 *  [raddr <addr> rport <port>] [tcptype ..] [generation N] [ufrag U] [other ext pairs]".
 * Owns its strings (NUL-terminated copies). */
typedef struct lk_sdp_candidate {
    char foundation[33];                    /* 1..32 ice-chars */
    uint16_t component;                     /* 1..256; 1 = RTP (the only one with rtcp-mux) */
    bool udp;                               /* transport UDP; false = TCP or other (unusable here) */
    uint32_t priority;
    char address[LK_SDP_MAX_HOSTNAME + 1];  /* as written: an IP or an mDNS name */
    bool address_is_ip;                     /* true: addr holds it; false: a name (e.g. x.local) */
    lk_addr_t addr;                         /* address + port when address_is_ip */
    uint16_t port;
    lk_sdp_cand_type_t type;
    bool has_related;                       /* raddr/rport present and numeric */
    lk_addr_t related;
    int32_t generation;                     /* -1 when absent */
    char ufrag[LK_SDP_MAX_UFRAG + 1];       /* empty when absent */
} lk_sdp_candidate_t;

typedef struct lk_sdp_payload {
    uint8_t pt;                  /* 0..127 */
    lk_sdp_span_t encoding;      /* from a=rtpmap, e.g. "opus"; len 0 when no rtpmap */
    uint32_t clock_rate;         /* from a=rtpmap; 0 when no rtpmap */
    uint8_t channels;            /* from a=rtpmap; 1 when the rtpmap has no channel count */
    lk_sdp_span_t fmtp;          /* the a=fmtp parameters after "PT "; len 0 when absent */
} lk_sdp_payload_t;

typedef struct lk_sdp_media {
    lk_sdp_kind_t kind;
    lk_sdp_span_t media;         /* "audio", "video", "application", ... */
    uint16_t port;               /* 0 = rejected / bundle-only */
    lk_sdp_span_t proto;         /* "UDP/TLS/RTP/SAVPF", "UDP/DTLS/SCTP", ... */
    lk_sdp_span_t fmts;          /* the format list as written ("111 63 9", "webrtc-datachannel") */
    lk_sdp_span_t mid;
    lk_sdp_direction_t direction;
    bool rtcp_mux;
    bool bundle_only;
    lk_sdp_span_t ice_ufrag;     /* media-level, len 0 when absent (see lk_sdp_t for session) */
    lk_sdp_span_t ice_pwd;
    bool has_fingerprint;
    uint8_t fingerprint[LK_SDP_FINGERPRINT_LEN];
    lk_sdp_setup_t setup;
    uint8_t payload_count;
    uint8_t payloads_dropped;
    lk_sdp_payload_t payloads[LK_SDP_MAX_PAYLOADS];
    uint16_t sctp_port;          /* 0 when absent */
    uint32_t max_message_size;   /* 0 when absent (RFC 8841: then 64 KB is assumed) */
    bool end_of_candidates;
    lk_sdp_span_t msid;          /* the a=msid value, len 0 when absent */
    uint32_t ssrc;               /* first a=ssrc, 0 when absent */
} lk_sdp_media_t;

typedef struct lk_sdp_candidate_ref {
    uint8_t media_index;         /* the m-line it was written under */
    lk_sdp_span_t line;          /* "candidate:..." (without "a=") */
} lk_sdp_candidate_ref_t;

typedef struct lk_sdp {
    uint64_t session_id;         /* o= sess-id (digits only; 0 if it does not fit) */
    uint64_t session_version;
    bool ice_lite;               /* a=ice-lite at session level */
    lk_sdp_span_t ice_ufrag;     /* session-level */
    lk_sdp_span_t ice_pwd;
    bool has_fingerprint;        /* session-level sha-256 fingerprint */
    uint8_t fingerprint[LK_SDP_FINGERPRINT_LEN];
    lk_sdp_setup_t setup;        /* session-level */
    lk_sdp_span_t bundle;        /* the mids after "a=group:BUNDLE", space separated */
    uint8_t media_count;
    lk_sdp_media_t media[LK_SDP_MAX_MEDIA];
    uint8_t candidate_count;
    uint8_t candidates_dropped;
    lk_sdp_candidate_ref_t candidates[LK_SDP_MAX_CANDIDATES];
} lk_sdp_t;

/**
 * Parses text[0..len) (CRLF or LF line ends) into out. Returns LK_OK, LK_ERR_INVALID_ARG,
 * LK_ERR_TOO_LARGE (len > LK_SDP_MAX_TEXT) or LK_ERR_MALFORMED (no v=0 first, a bad m= line,
 * more than LK_SDP_MAX_MEDIA m-lines, a malformed attribute we interpret).
 */
int lk_sdp_parse(const char *text, size_t len, lk_sdp_t *out);

/** Copies a span of text into buf with a NUL; returns its length or LK_ERR_BUFFER_TOO_SMALL. */
int lk_sdp_span_copy(const char *text, lk_sdp_span_t s, char *buf, size_t cap);

/** True when the span equals the NUL-terminated string str. */
bool lk_sdp_span_eq(const char *text, lk_sdp_span_t s, const char *str);

/** The effective ICE ufrag/pwd, fingerprint and setup of m-line i: media level, else session
 *  level. Spans have len 0 / fingerprint NULL / SETUP_NONE when absent everywhere. */
lk_sdp_span_t lk_sdp_media_ice_ufrag(const lk_sdp_t *sdp, size_t i);
lk_sdp_span_t lk_sdp_media_ice_pwd(const lk_sdp_t *sdp, size_t i);
const uint8_t *lk_sdp_media_fingerprint(const lk_sdp_t *sdp, size_t i);
lk_sdp_setup_t lk_sdp_media_setup(const lk_sdp_t *sdp, size_t i);

/** True when mid is listed in the session's BUNDLE group. */
bool lk_sdp_in_bundle(const lk_sdp_t *sdp, const char *text, lk_sdp_span_t mid);

/** The payload type of opus/48000/2 in m-line i, or -1 when it has none. */
int lk_sdp_find_opus(const lk_sdp_t *sdp, const char *text, size_t i);

/** Parses one candidate: "candidate:...", "a=candidate:..." or the bare attribute value
 *  (trailing CR/LF allowed). Returns LK_OK or LK_ERR_MALFORMED. */
int lk_sdp_candidate_parse(const char *line, size_t len, lk_sdp_candidate_t *out);

/** Writes "candidate:..." (no "a=", no CRLF) with a NUL; returns the length or a negative
 *  LK_ERR_*. address must be an IP (address_is_ip). */
int lk_sdp_candidate_format(const lk_sdp_candidate_t *c, char *buf, size_t cap);

/* ---------------------------------------------------------------------------------------- */
/* Writing */

typedef struct lk_sdp_desc_media {
    lk_sdp_kind_t kind;
    bool rejected;               /* written with port 0 and no attributes beyond a=mid */
    char mid[LK_SDP_MAX_MID + 1];
    /* KIND_OTHER (answers only, always rejected): the offer's media, proto and first format. */
    char other_media[16];
    char other_proto[40];
    char other_fmt[16];
    /* audio */
    lk_sdp_direction_t direction;
    uint8_t opus_pt;             /* LK_SDP_OPUS_PT in offers; the offer's PT in answers */
    uint32_t ssrc;               /* written with cname/msid when direction sends */
    char cname[33];
    char msid_stream[65];
    char msid_track[65];
    /* application */
    uint16_t sctp_port;          /* 0 = LK_SDP_SCTP_PORT */
    uint32_t max_message_size;   /* 0 = omit a=max-message-size */
} lk_sdp_desc_media_t;

typedef struct lk_sdp_desc {
    lk_sdp_type_t type;
    uint64_t session_id;         /* o= line; < 2^63 (RFC 8829 section 5.2.1) */
    uint64_t session_version;
    char ice_ufrag[LK_SDP_MAX_UFRAG + 1];
    char ice_pwd[LK_SDP_MAX_PWD + 1];
    uint8_t fingerprint[LK_SDP_FINGERPRINT_LEN];
    lk_sdp_setup_t setup;        /* offers: ACTPASS; answers: ACTIVE or PASSIVE */
    bool ice_trickle;            /* a=ice-options:trickle */
    uint8_t media_count;
    lk_sdp_desc_media_t media[LK_SDP_MAX_MEDIA];
    /* Candidate lines ("candidate:..." without "a=") written in the first non-rejected
     * m-line, then a=end-of-candidates when end_of_candidates. Not owned. */
    const char *const *candidates;
    size_t candidate_count;
    bool end_of_candidates;
} lk_sdp_desc_t;

/**
 * Writes desc as SDP text with CRLF line ends and a NUL into buf[0..cap). Returns the length
 * without the NUL, LK_ERR_BUFFER_TOO_SMALL or LK_ERR_INVALID_ARG (no m-line, an answer setup
 * of ACTPASS, an offer with a rejected or OTHER m-line, a mid or string with spaces/CR/LF).
 * All non-rejected m-lines form one BUNDLE group in the order written.
 */
int lk_sdp_write(const lk_sdp_desc_t *desc, char *buf, size_t cap);

/**
 * Fills the m-lines of answer (type, media_count, media[]) from a parsed offer: audio with
 * opus/48000/2 becomes audio with the offer's opus PT and the direction that mirrors
 * audio_direction against the offer's (e.g. offer sendonly + we want sendrecv -> recvonly);
 * application with UDP/DTLS/SCTP or DTLS/SCTP becomes application; everything else,
 * port-0 m-lines and audio without opus are rejected. Credentials, fingerprint, setup,
 * ssrc/msid and session ids are left for the caller. Returns LK_OK, LK_ERR_INVALID_ARG or
 * LK_ERR_MALFORMED (an m-line without mid, or a media/proto/format too long to echo).
 */
int lk_sdp_answer_from_offer(const lk_sdp_t *offer, const char *offer_text,
                             lk_sdp_direction_t audio_direction, lk_sdp_desc_t *answer);

#ifdef __cplusplus
}
#endif
#endif /* LK_SDP_H */
