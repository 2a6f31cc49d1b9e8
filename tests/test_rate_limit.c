/* rate_limit (src/server): a token bucket per client address, through its header. */
#include "rate_limit.h"
#include "test.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>

static struct sockaddr_in v4(const char *ip, unsigned short port)
{
        struct sockaddr_in a;
        memset(&a, 0, sizeof(a));
        a.sin_family = AF_INET;
        a.sin_port = htons(port);
        inet_pton(AF_INET, ip, &a.sin_addr);
        return a;
}

static struct sockaddr_in6 v6(const char *ip)
{
        struct sockaddr_in6 a;
        memset(&a, 0, sizeof(a));
        a.sin6_family = AF_INET6;
        inet_pton(AF_INET6, ip, &a.sin6_addr);
        return a;
}

#define SA(x) ((const struct sockaddr *)&(x))

int main(void)
{
        struct rate_limit *rl = rate_limit_new(3);
        struct sockaddr_in a = v4("192.0.2.1", 1000), a2 = v4("192.0.2.1", 2000),
                           b = v4("192.0.2.2", 1000);
        double t = 100.0;
        /* a burst of 3, then no more in the same second */
        CHECK(rate_limit_take(rl, SA(a), t));
        CHECK(rate_limit_take(rl, SA(a), t));
        CHECK(rate_limit_take(rl, SA(a2), t)); /* another port is the same client */
        CHECK(!rate_limit_take(rl, SA(a), t));
        CHECK(!rate_limit_take(rl, SA(a2), t + 1));
        /* another address has its own bucket */
        CHECK(rate_limit_take(rl, SA(b), t));
        /* 3 a minute: one token back after 20 s, not before */
        CHECK(!rate_limit_take(rl, SA(a), t + 19));
        CHECK(rate_limit_take(rl, SA(a), t + 21));
        CHECK(!rate_limit_take(rl, SA(a), t + 21.5));
        /* a long pause refills to the burst, never beyond it */
        t += 3600;
        for (int i = 0; i < 3; i++)
                CHECK(rate_limit_take(rl, SA(a), t));
        CHECK(!rate_limit_take(rl, SA(a), t));
        /* IPv6 addresses too; no address (a Unix socket) is always allowed */
        struct sockaddr_in6 c = v6("2001:db8::1");
        for (int i = 0; i < 3; i++)
                CHECK(rate_limit_take(rl, SA(c), t));
        CHECK(!rate_limit_take(rl, SA(c), t));
        for (int i = 0; i < 10; i++)
                CHECK(rate_limit_take(rl, NULL, t));
        rate_limit_free(rl);

        /* 0 a minute: no limit */
        rl = rate_limit_new(0);
        for (int i = 0; i < 1000; i++)
                CHECK(rate_limit_take(rl, SA(a), t));
        rate_limit_free(rl);
        rate_limit_free(NULL);
        return test_done("rate_limit");
}
