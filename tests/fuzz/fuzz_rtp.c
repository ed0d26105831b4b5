/* fuzz_rtp.c - lk_rtp_parse on arbitrary bytes: the header and payload it reports must lie
 * inside the input. Seeds: corpus/rtp. */
#include <stdint.h>
#include <stdlib.h>

#include "lk_error.h"
#include "rtp.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    lk_rtp_header_t h;
    if (lk_rtp_parse(data, size, &h) == LK_OK && h.header_len + h.payload_len > size) {
        abort();
    }
    return 0;
}
