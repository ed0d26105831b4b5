/* stand-in (see README.md): GLOBAL_LOCK as targets/ESP32/_include/targetHAL.h defines it */
#ifndef LK_STANDIN_NANOHAL_H
#define LK_STANDIN_NANOHAL_H
#include "freertos/FreeRTOS.h"
extern portMUX_TYPE globalLockMutex;
#define GLOBAL_LOCK()   portENTER_CRITICAL(&globalLockMutex);
#define GLOBAL_UNLOCK() portEXIT_CRITICAL(&globalLockMutex);
#endif
