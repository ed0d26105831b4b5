/* fuzz_sdp.c - the SDP parser, the accessors, answer mirroring, writing the answer and parsing
 * it back, and every candidate line, on arbitrary input. Seeds: corpus/sdp (real SDPs). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sdp.h"
#include "lk_error.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static lk_sdp_t sdp; /* large: keep it off the fuzzer's stack (one thread) */
    static lk_sdp_t back;
    static lk_sdp_desc_t answer;
    static char out[16384];
    /* an exact-size heap copy so ASan sees any read past the end */
    char *text = malloc(size > 0 ? size : 1);
    if (text == NULL) {
        return 0;
    }
    if (size > 0) {
        memcpy(text, data, size);
    }
    if (lk_sdp_parse(text, size, &sdp) == LK_OK) {
        char tmp[128];
        for (size_t i = 0; i < sdp.media_count; i++) {
            (void)lk_sdp_media_fingerprint(&sdp, i);
            (void)lk_sdp_media_setup(&sdp, i);
            (void)lk_sdp_span_copy(text, lk_sdp_media_ice_ufrag(&sdp, i), tmp, sizeof tmp);
            (void)lk_sdp_span_copy(text, lk_sdp_media_ice_pwd(&sdp, i), tmp, sizeof tmp);
            (void)lk_sdp_find_opus(&sdp, text, i);
            (void)lk_sdp_in_bundle(&sdp, text, sdp.media[i].mid);
        }
        for (size_t i = 0; i < sdp.candidate_count; i++) {
            lk_sdp_candidate_t c;
            char line[LK_SDP_CANDIDATE_MAX];
            lk_sdp_candidate_ref_t r = sdp.candidates[i];
            if (lk_sdp_candidate_parse(text + r.line.off, r.line.len, &c) == LK_OK && c.address_is_ip) {
                lk_sdp_candidate_t again;
                int n = lk_sdp_candidate_format(&c, line, sizeof line);
                if (n > 0 && lk_sdp_candidate_parse(line, (size_t)n, &again) != LK_OK) {
                    abort(); /* what we format we must parse */
                }
            }
        }
        memset(&answer, 0, sizeof answer);
        if (lk_sdp_answer_from_offer(&sdp, text, LK_SDP_SENDRECV, &answer) == LK_OK) {
            strcpy(answer.ice_ufrag, "ufrag123");
            strcpy(answer.ice_pwd, "passwordpasswordpassword");
            answer.setup = LK_SDP_SETUP_ACTIVE;
            int n = lk_sdp_write(&answer, out, sizeof out);
            if (n > 0) {
                if (lk_sdp_parse(out, (size_t)n, &back) != LK_OK || back.media_count != answer.media_count) {
                    abort(); /* what we write we must parse */
                }
            }
        }
    }
    /* the whole input as one candidate line too */
    lk_sdp_candidate_t c;
    (void)lk_sdp_candidate_parse(text, size, &c);
    free(text);
    return 0;
}
