/*
 * test_util.h - the assertion macros of the native tests. A failed CHECK prints the file, line
 * and expression and counts a failure; TEST_MAIN_END prints "N passed, N failed" and returns the
 * exit status CTest reads.
 */
#ifndef LK_TEST_UTIL_H
#define LK_TEST_UTIL_H

#include <stdio.h>
#include <string.h>

static int lk_test_checks_failed;
static int lk_test_cases_passed;
static int lk_test_cases_failed;

#define CHECK(expr) do { \
    if (!(expr)) { fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #expr); lk_test_checks_failed++; } \
} while (0)

#define CHECK_EQ_INT(a, b) do { \
    long long lk_a_ = (long long)(a), lk_b_ = (long long)(b); \
    if (lk_a_ != lk_b_) { fprintf(stderr, "%s:%d: CHECK_EQ failed: %s == %lld, %s == %lld\n", __FILE__, __LINE__, #a, lk_a_, #b, lk_b_); lk_test_checks_failed++; } \
} while (0)

#define CHECK_MEM(a, b, n) do { \
    if (memcmp((a), (b), (n)) != 0) { fprintf(stderr, "%s:%d: CHECK_MEM failed: %s vs %s (%zu bytes)\n", __FILE__, __LINE__, #a, #b, (size_t)(n)); lk_test_checks_failed++; } \
} while (0)

/* RUN_TEST(fn): runs void fn(void) and counts it as passed when no CHECK inside it failed. */
#define RUN_TEST(fn) do { \
    int lk_before_ = lk_test_checks_failed; fn(); \
    if (lk_test_checks_failed == lk_before_) { lk_test_cases_passed++; } \
    else { lk_test_cases_failed++; fprintf(stderr, "FAILED %s\n", #fn); } \
} while (0)

#define TEST_MAIN_END() do { \
    printf("%d passed, %d failed\n", lk_test_cases_passed, lk_test_cases_failed); \
    return lk_test_cases_failed == 0 ? 0 : 1; \
} while (0)

#endif /* LK_TEST_UTIL_H */
