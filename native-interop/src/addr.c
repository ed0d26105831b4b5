/* addr.c - numeric IPv4/IPv6 text parsing and RFC 5952 formatting for lk_addr_t. */
#include "addr.h"

#include <stdio.h>
#include <string.h>

#include "lk_error.h"

static int hex_value(char c)
{
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    return -1;
}

/* Dotted quad of exactly len bytes into out[4]; no leading zeros beyond "0". */
static int parse_v4(const char *s, size_t len, uint8_t out[4])
{
    size_t i = 0;
    for (int part = 0; part < 4; part++) {
        if (part > 0) {
            if (i >= len || s[i] != '.') {
                return LK_ERR_MALFORMED;
            }
            i++;
        }
        unsigned v = 0;
        size_t digits = 0;
        while (i < len && s[i] >= '0' && s[i] <= '9' && digits < 4) {
            v = v * 10 + (unsigned)(s[i] - '0');
            i++;
            digits++;
        }
        if (digits == 0 || digits > 3 || v > 255 || (digits > 1 && s[i - digits] == '0')) {
            return LK_ERR_MALFORMED;
        }
        out[part] = (uint8_t)v;
    }
    return i == len ? LK_OK : LK_ERR_MALFORMED;
}

static int parse_v6(const char *s, size_t len, uint8_t out[16])
{
    uint16_t head[8], tail[8];
    size_t nhead = 0, ntail = 0;
    bool gap = false;
    size_t i = 0;
    uint8_t v4[4];
    bool has_v4 = false;

    if (len < 2) {
        return LK_ERR_MALFORMED;
    }
    if (s[0] == ':') {
        if (s[1] != ':') {
            return LK_ERR_MALFORMED;
        }
        gap = true;
        i = 2;
    }
    while (i < len) {
        size_t start = i;
        unsigned v = 0;
        while (i < len && hex_value(s[i]) >= 0 && i - start < 5) {
            v = (v << 4) | (unsigned)hex_value(s[i]);
            i++;
        }
        if (i < len && s[i] == '.') {
            /* embedded IPv4 in the last 32 bits */
            if (parse_v4(s + start, len - start, v4) != LK_OK) {
                return LK_ERR_MALFORMED;
            }
            has_v4 = true;
            i = len;
            break;
        }
        if (i == start || i - start > 4) {
            return LK_ERR_MALFORMED;
        }
        if (gap) {
            if (ntail >= 8) {
                return LK_ERR_MALFORMED;
            }
            tail[ntail++] = (uint16_t)v;
        } else {
            if (nhead >= 8) {
                return LK_ERR_MALFORMED;
            }
            head[nhead++] = (uint16_t)v;
        }
        if (i == len) {
            break;
        }
        if (s[i] != ':') {
            return LK_ERR_MALFORMED;
        }
        i++;
        if (i < len && s[i] == ':') {
            if (gap) {
                return LK_ERR_MALFORMED;
            }
            gap = true;
            i++;
            if (i == len) {
                break;
            }
        } else if (i == len) {
            return LK_ERR_MALFORMED; /* trailing single colon */
        }
    }
    size_t words = nhead + ntail + (has_v4 ? 2 : 0);
    if ((!gap && words != 8) || (gap && words > 7)) {
        return LK_ERR_MALFORMED;
    }
    memset(out, 0, 16);
    for (size_t k = 0; k < nhead; k++) {
        out[2 * k] = (uint8_t)(head[k] >> 8);
        out[2 * k + 1] = (uint8_t)head[k];
    }
    size_t end = has_v4 ? 12 : 16;
    for (size_t k = 0; k < ntail; k++) {
        size_t pos = end - 2 * (ntail - k);
        out[pos] = (uint8_t)(tail[k] >> 8);
        out[pos + 1] = (uint8_t)tail[k];
    }
    if (has_v4) {
        memcpy(out + 12, v4, 4);
    }
    return LK_OK;
}

int lk_addr_parse(lk_addr_t *out, const char *text, size_t text_len, uint16_t port)
{
    if (out == NULL || (text == NULL && text_len > 0)) {
        return LK_ERR_INVALID_ARG;
    }
    lk_addr_t a;
    memset(&a, 0, sizeof a);
    a.port = port;
    if (text_len == 0 || text_len >= LK_ADDR_IP_STR_MAX) {
        return LK_ERR_MALFORMED;
    }
    if (memchr(text, ':', text_len) != NULL) {
        if (parse_v6(text, text_len, a.ip) != LK_OK) {
            return LK_ERR_MALFORMED;
        }
        a.family = LK_ADDR_V6;
    } else {
        if (parse_v4(text, text_len, a.ip) != LK_OK) {
            return LK_ERR_MALFORMED;
        }
        a.family = LK_ADDR_V4;
    }
    *out = a;
    return LK_OK;
}

int lk_addr_format_ip(const lk_addr_t *a, char *buf, size_t cap)
{
    char tmp[LK_ADDR_IP_STR_MAX];
    int n = 0;
    if (a == NULL || buf == NULL) {
        return LK_ERR_INVALID_ARG;
    }
    if (a->family == LK_ADDR_V4) {
        n = snprintf(tmp, sizeof tmp, "%u.%u.%u.%u", a->ip[0], a->ip[1], a->ip[2], a->ip[3]);
    } else if (a->family == LK_ADDR_V6) {
        uint16_t w[8];
        for (int k = 0; k < 8; k++) {
            w[k] = (uint16_t)((a->ip[2 * k] << 8) | a->ip[2 * k + 1]);
        }
        /* RFC 5952 4.2: compress the longest run (>= 2) of zero words, the first one on ties. */
        int best = -1, best_len = 0;
        for (int k = 0; k < 8;) {
            if (w[k] != 0) {
                k++;
                continue;
            }
            int j = k;
            while (j < 8 && w[j] == 0) {
                j++;
            }
            if (j - k > best_len) {
                best = k;
                best_len = j - k;
            }
            k = j;
        }
        if (best_len < 2) {
            best = -1;
        }
        bool mapped = w[0] == 0 && w[1] == 0 && w[2] == 0 && w[3] == 0 && w[4] == 0 && w[5] == 0xffff;
        if (mapped) {
            n = snprintf(tmp, sizeof tmp, "::ffff:%u.%u.%u.%u", a->ip[12], a->ip[13], a->ip[14], a->ip[15]);
        } else {
            for (int k = 0; k < 8; k++) {
                if (k == best) {
                    n += snprintf(tmp + n, sizeof tmp - (size_t)n, "::");
                    k += best_len - 1;
                    continue;
                }
                if (k > 0 && !(best >= 0 && k == best + best_len)) {
                    tmp[n++] = ':';
                }
                n += snprintf(tmp + n, sizeof tmp - (size_t)n, "%x", w[k]);
            }
            tmp[n] = '\0';
        }
    } else {
        return LK_ERR_INVALID_ARG;
    }
    if ((size_t)n + 1 > cap) {
        return LK_ERR_BUFFER_TOO_SMALL;
    }
    memcpy(buf, tmp, (size_t)n + 1);
    return n;
}

int lk_addr_format(const lk_addr_t *a, char *buf, size_t cap)
{
    char ip[LK_ADDR_IP_STR_MAX];
    char tmp[LK_ADDR_STR_MAX];
    int r = lk_addr_format_ip(a, ip, sizeof ip);
    if (r < 0) {
        return r;
    }
    int n = snprintf(tmp, sizeof tmp, a->family == LK_ADDR_V6 ? "[%s]:%u" : "%s:%u", ip, (unsigned)a->port);
    if (n < 0 || (size_t)n + 1 > cap) {
        return LK_ERR_BUFFER_TOO_SMALL;
    }
    memcpy(buf, tmp, (size_t)n + 1);
    return n;
}

static size_t ip_len(const lk_addr_t *a)
{
    return a->family == LK_ADDR_V4 ? 4 : a->family == LK_ADDR_V6 ? 16 : 0;
}

bool lk_addr_equal_ip(const lk_addr_t *a, const lk_addr_t *b)
{
    return a != NULL && b != NULL && a->family == b->family && memcmp(a->ip, b->ip, ip_len(a)) == 0;
}

bool lk_addr_equal(const lk_addr_t *a, const lk_addr_t *b)
{
    return lk_addr_equal_ip(a, b) && a->port == b->port;
}

bool lk_addr_is_loopback(const lk_addr_t *a)
{
    static const uint8_t v6_loop[16] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
    if (a == NULL) {
        return false;
    }
    if (a->family == LK_ADDR_V4) {
        return a->ip[0] == 127;
    }
    return a->family == LK_ADDR_V6 && memcmp(a->ip, v6_loop, 16) == 0;
}

bool lk_addr_is_link_local(const lk_addr_t *a)
{
    return a != NULL && a->family == LK_ADDR_V6 && a->ip[0] == 0xfe && (a->ip[1] & 0xc0) == 0x80;
}
