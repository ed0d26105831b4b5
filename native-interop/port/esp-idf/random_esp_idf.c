/*
 * random_esp_idf.c - lk_random_bytes on ESP-IDF: esp_fill_random().
 *
 * esp_fill_random draws from the hardware RNG. Espressif documents it as a true random source
 * only while the RF subsystem (Wi-Fi or Bluetooth) is enabled or after bootloader_random_enable();
 * the device always runs this code with Wi-Fi started, so that condition holds. It cannot fail,
 * so the only error is a bad argument.
 */
#include "random.h"
#include "lk_error.h"

#include "esp_random.h"

int lk_random_bytes(uint8_t *buf, size_t len)
{
    if (len == 0) {
        return LK_OK;
    }
    if (buf == NULL) {
        return LK_ERR_INVALID_ARG;
    }
    esp_fill_random(buf, len);
    return LK_OK;
}
