/* libFuzzer target: nothing that goes through html_escape() can open a tag, an
 * entity of its own or break out of a quoted attribute. */
#include "html.h"
#include "xmalloc.h"

#include <stdlib.h>

#include <assert.h>
#include <stdint.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        char *s = xstrndup((const char *)data, size); /* stops at the first NUL, as C strings do */
        struct strbuf sb = STRBUF_INIT, url = STRBUF_INIT;
        html_escape(&sb, s);
        assert(!memchr(sb.buf, '<', sb.len) && !memchr(sb.buf, '>', sb.len));
        assert(!memchr(sb.buf, '"', sb.len) && !memchr(sb.buf, '\'', sb.len));
        /* Every '&' starts one of our five entities. */
        for (const char *p = sb.buf; (p = strchr(p, '&')); p++)
                assert(!strncmp(p, "&amp;", 5) || !strncmp(p, "&lt;", 4) ||
                       !strncmp(p, "&gt;", 4) || !strncmp(p, "&quot;", 6) ||
                       !strncmp(p, "&#39;", 5));
        html_url_escape(&url, s);
        for (size_t i = 0; i < url.len; i++)
                assert(strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~%",
                              url.buf[i]));
        strbuf_release(&sb);
        strbuf_release(&url);
        free(s);
        return 0;
}
