/* test_error.c - every error code has its own text and unknown codes do not crash. */
#include "test_util.h"
#include "lk_error.h"

static void test_every_code_has_text(void)
{
    for (int e = LK_ERR_INTERNAL; e <= LK_OK; e++) {
        const char *s = lk_strerror(e);
        CHECK(s != NULL);
        CHECK(strcmp(s, "unknown error") != 0);
        for (int o = LK_ERR_INTERNAL; o < e; o++) {
            CHECK(strcmp(s, lk_strerror(o)) != 0);
        }
    }
}

static void test_unknown_code(void)
{
    CHECK(strcmp(lk_strerror(-12345), "unknown error") == 0);
    CHECK(strcmp(lk_strerror(7), "unknown error") == 0);
}

int main(void)
{
    RUN_TEST(test_every_code_has_text);
    RUN_TEST(test_unknown_code);
    TEST_MAIN_END();
}
