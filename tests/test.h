/*
 * test.h: the smallest test harness that can fail.
 *
 * CHECK(cond) records a failure with file:line and goes on; test_done() prints
 * "N passed, M failed" and returns the exit status for main().
 */
#ifndef LYTT_TEST_H
#define LYTT_TEST_H

#include <stdio.h>
#include <string.h>

static int test_passed, test_failed;

#define CHECK(cond)                                                                                \
        do {                                                                                       \
                if (cond) {                                                                        \
                        test_passed++;                                                             \
                } else {                                                                           \
                        test_failed++;                                                             \
                        fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond);   \
                }                                                                                  \
        } while (0)

#define CHECK_STR(a, b)                                                                            \
        do {                                                                                       \
                const char *a_ = (a), *b_ = (b);                                                   \
                if (a_ && b_ && strcmp(a_, b_) == 0) {                                             \
                        test_passed++;                                                             \
                } else {                                                                           \
                        test_failed++;                                                             \
                        fprintf(stderr, "%s:%d: check failed: %s == %s\n  got:  %s\n  want: %s\n", \
                                __FILE__, __LINE__, #a, #b, a_ ? a_ : "(null)",                    \
                                b_ ? b_ : "(null)");                                               \
                }                                                                                  \
        } while (0)

static inline int test_done(const char *name)
{
        printf("%s: %d passed, %d failed\n", name, test_passed, test_failed);
        return test_failed ? 1 : (test_passed ? 0 : 1);
}

#endif
