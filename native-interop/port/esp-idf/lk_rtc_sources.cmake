# The source and include lists of the ESP-IDF build of lk_rtc, for both the IDF component
# (CMakeLists.txt here) and nanoFramework's FindINTEROP-<assembly>.cmake module.
#   LK_RTC_ESP_IDF_SOURCES           every .c to compile
#   LK_RTC_ESP_IDF_PUBLIC_INCLUDES   include/ (lk_rtc.h, lk_error.h)
#   LK_RTC_ESP_IDF_PRIVATE_INCLUDES  src/ (module headers; pc.h for the port)
get_filename_component(LK_RTC_ROOT ${CMAKE_CURRENT_LIST_DIR}/../.. ABSOLUTE)
file(GLOB LK_RTC_CORE_SOURCES ${LK_RTC_ROOT}/src/*.c)
set(LK_RTC_ESP_IDF_SOURCES
    ${LK_RTC_CORE_SOURCES}
    ${LK_RTC_ROOT}/port/esp-idf/rtc_esp_idf.c
    ${LK_RTC_ROOT}/port/esp-idf/random_esp_idf.c)
set(LK_RTC_ESP_IDF_PUBLIC_INCLUDES ${LK_RTC_ROOT}/include)
set(LK_RTC_ESP_IDF_PRIVATE_INCLUDES ${LK_RTC_ROOT}/src)
