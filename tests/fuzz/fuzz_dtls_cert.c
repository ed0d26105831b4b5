/*
 * fuzz_dtls_cert.c - libFuzzer target for lk_dtls_cert_import (the blob a device reads back from
 * flash: u16 length + certificate DER + u16 length + key DER) and for the fingerprint of whatever
 * it accepts. An accepted blob must export back to the same bytes' certificate fingerprint, and
 * nothing may crash or leak.
 */
#include "dtls.h"
#include "lk_error.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* An exact-size heap copy so ASan sees any read past the end. */
    uint8_t *blob = malloc(size ? size : 1);
    if (blob == NULL) {
        abort();
    }
    memcpy(blob, data, size);
    lk_dtls_cert_t *cert = NULL;
    int rc = lk_dtls_cert_import(&cert, blob, size);
    free(blob);
    if (rc == LK_OK) {
        if (cert == NULL) {
            abort();
        }
        char fp[LK_DTLS_FINGERPRINT_LEN], fp2[LK_DTLS_FINGERPRINT_LEN];
        if (lk_dtls_cert_fingerprint(cert, fp, sizeof fp) != 95) {
            abort();
        }
        /* Export and import again: same certificate, same fingerprint. */
        uint8_t out[2048];
        int n = lk_dtls_cert_export(cert, out, sizeof out);
        lk_dtls_cert_t *again = NULL;
        if (n <= 0 || lk_dtls_cert_import(&again, out, (size_t)n) != LK_OK ||
            lk_dtls_cert_fingerprint(again, fp2, sizeof fp2) != 95 || strcmp(fp, fp2) != 0) {
            abort();
        }
        lk_dtls_cert_free(again);
        lk_dtls_cert_free(cert);
    } else if (cert != NULL || rc >= 0) {
        abort();
    }
    return 0;
}
