/* crc32c.h - CRC-32C (Castagnoli) for the SCTP checksum (RFC 9260 appendix A). Pure functions. */
#ifndef LK_CRC32C_H
#define LK_CRC32C_H

#include <stddef.h>
#include <stdint.h>

/** CRC-32C of data[0..len) (initial value all ones, final complement: "123456789" -> 0xE3069283). */
uint32_t lk_crc32c(const uint8_t *data, size_t len);

/** Continues a CRC: lk_crc32c_update(lk_crc32c(a), b) == CRC of a followed by b. */
uint32_t lk_crc32c_update(uint32_t crc, const uint8_t *data, size_t len);

#endif /* LK_CRC32C_H */
