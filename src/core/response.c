#include "response.h"
#include "strbuf.h"
#include "xmalloc.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void add_answer(struct response *r, const struct survey_item *item, const char *value)
{
        r->answers = xgrow(r->answers, sizeof(*r->answers), r->nanswers + 1, &r->alloc);
        r->answers[r->nanswers].item = item;
        r->answers[r->nanswers].value = xstrdup(value);
        r->nanswers++;
}

static bool has_answer(const struct response *r, const struct survey_item *item, const char *value)
{
        for (size_t i = 0; i < r->nanswers; i++)
                if (r->answers[i].item == item &&
                    (!value || strcmp(r->answers[i].value, value) == 0))
                        return true;
        return false;
}

bool response_item_active(const struct response *r, const struct survey_item *item)
{
        const struct survey_item *cond = item->show_if;
        if (!cond)
                return true;
        if (!response_item_active(r, cond))
                return false;
        for (size_t i = 0; i < item->nshow_if_values; i++)
                if (has_answer(r, cond, item->show_if_values[i]))
                        return true;
        return false;
}

/* Trims ASCII white space at both ends into out; CRLF and CR become LF. */
static void trimmed(struct strbuf *out, const char *s)
{
        strbuf_reset(out);
        while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
                s++;
        for (; *s; s++) {
                if (*s == '\r') {
                        strbuf_addch(out, '\n');
                        if (s[1] == '\n')
                                s++;
                } else {
                        strbuf_addch(out, *s);
                }
        }
        while (out->len && (out->buf[out->len - 1] == ' ' || out->buf[out->len - 1] == '\t' ||
                            out->buf[out->len - 1] == '\n'))
                out->buf[--out->len] = '\0';
}

static bool scale_has(const struct survey_scale *sc, const char *v)
{
        if (strcmp(v, "dk") == 0)
                return sc->has_dont_know;
        for (size_t i = 0; i < sc->npoints; i++) {
                char buf[16];
                snprintf(buf, sizeof(buf), "%d", sc->points[i].value);
                if (strcmp(buf, v) == 0)
                        return true;
        }
        return false;
}

static bool option_has(const struct survey_item *item, const char *v)
{
        for (size_t i = 0; i < item->noptions; i++)
                if (strcmp(item->options[i].id, v) == 0)
                        return true;
        return false;
}

/* Validates one item's submitted values, adding answers; returns its problem. */
static enum response_problem check_item(struct response *r, const struct survey_item *item,
                                        const struct form_body *body, struct strbuf *tmp)
{
        size_t count = 0;
        const char *first = NULL;
        for (size_t i = 0; i < body->n; i++) {
                if (strcmp(body->fields[i].name, item->id) != 0)
                        continue;
                /* An empty value is "not answered" (an empty text box, a cleared number). */
                trimmed(tmp, body->fields[i].value);
                if (tmp->len == 0)
                        continue;
                if (!first)
                        first = body->fields[i].value;
                count++;
        }
        if (count == 0)
                return item->required ? RESPONSE_MISSING : RESPONSE_OK;
        if (count > 1 && item->type != SURVEY_ITEM_MULTI)
                return RESPONSE_MULTIPLE;

        switch (item->type) {
        case SURVEY_ITEM_SCALE:
                if (!scale_has(item->scale, first))
                        return RESPONSE_BAD_CHOICE;
                add_answer(r, item, first);
                return RESPONSE_OK;
        case SURVEY_ITEM_SINGLE:
                if (!option_has(item, first))
                        return RESPONSE_BAD_CHOICE;
                add_answer(r, item, first);
                return RESPONSE_OK;
        case SURVEY_ITEM_YESNO:
                if (strcmp(first, "yes") != 0 && strcmp(first, "no") != 0 &&
                    strcmp(first, "dk") != 0)
                        return RESPONSE_BAD_CHOICE;
                add_answer(r, item, first);
                return RESPONSE_OK;
        case SURVEY_ITEM_MULTI: {
                size_t before = r->nanswers;
                for (size_t i = 0; i < body->n; i++) {
                        const char *v = body->fields[i].value;
                        if (strcmp(body->fields[i].name, item->id) != 0 || !*v)
                                continue;
                        if (!option_has(item, v)) {
                                while (r->nanswers > before)
                                        free(r->answers[--r->nanswers].value);
                                return RESPONSE_BAD_CHOICE;
                        }
                        if (!has_answer(r, item, v))
                                add_answer(r, item, v);
                }
                return RESPONSE_OK;
        }
        case SURVEY_ITEM_NUMBER: {
                trimmed(tmp, first);
                const char *s = tmp->buf;
                if (*s == '+')
                        s++;
                char *end;
                errno = 0;
                long v = strtol(s, &end, 10);
                if (!*s || *end || errno || *s == ' ' || *s == '+')
                        return RESPONSE_NOT_A_NUMBER;
                if (v < item->min || v > item->max)
                        return RESPONSE_OUT_OF_RANGE;
                char buf[32];
                snprintf(buf, sizeof(buf), "%ld", v);
                add_answer(r, item, buf);
                return RESPONSE_OK;
        }
        case SURVEY_ITEM_TEXT:
                trimmed(tmp, first);
                if (utf8_length(tmp->buf) > item->max_length)
                        return RESPONSE_TOO_LONG;
                add_answer(r, item, tmp->buf);
                return RESPONSE_OK;
        }
        return RESPONSE_BAD_CHOICE;
}

size_t response_from_form(struct response *r, const struct survey_def *def,
                          const struct survey_unit *unit, int lang, const struct form_body *body)
{
        struct strbuf tmp = STRBUF_INIT;
        r->def = def;
        r->lang = lang;
        r->unit = unit;
        r->problems = xcalloc(def->nitems, sizeof(*r->problems));
        r->nproblems = 0;
        r->unit_problem = RESPONSE_OK;
        if (!unit) {
                size_t n = form_body_count(body, "_unit");
                const char *u = form_body_get(body, "_unit");
                if (n == 0 || !*u)
                        r->unit_problem = RESPONSE_MISSING;
                else if (n > 1)
                        r->unit_problem = RESPONSE_MULTIPLE;
                else if (!(r->unit = survey_def_unit(def, u)))
                        r->unit_problem = RESPONSE_BAD_CHOICE;
                if (r->unit_problem)
                        r->nproblems++;
        }
        /* Items in form order: a condition always refers to an earlier item, so its
         * answer is known when the dependent item is reached. */
        for (size_t i = 0; i < def->nitems; i++) {
                const struct survey_item *item = &def->items[i];
                if (!response_item_active(r, item))
                        continue;
                r->problems[i] = check_item(r, item, body, &tmp);
                if (r->problems[i])
                        r->nproblems++;
        }
        strbuf_release(&tmp);
        return r->nproblems;
}

void response_release(struct response *r)
{
        for (size_t i = 0; i < r->nanswers; i++)
                free(r->answers[i].value);
        free(r->answers);
        free(r->problems);
        memset(r, 0, sizeof(*r));
}

const char *response_problem_name(enum response_problem p)
{
        static const char *const names[] = {
            [RESPONSE_OK] = "ok",
            [RESPONSE_MISSING] = "missing",
            [RESPONSE_BAD_CHOICE] = "bad-choice",
            [RESPONSE_MULTIPLE] = "multiple",
            [RESPONSE_NOT_A_NUMBER] = "not-a-number",
            [RESPONSE_OUT_OF_RANGE] = "out-of-range",
            [RESPONSE_TOO_LONG] = "too-long",
        };
        return names[p];
}
