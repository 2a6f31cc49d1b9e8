#include "page.h"
#include "html.h"

#include <stdio.h>
#include <string.h>

enum msg_lang page_msg_lang(const struct page_view *v)
{
        return msg_lang_of(v->lang_code);
}

static const char *lang_name(const char *code)
{
        static const struct {
                const char *code, *name;
        } names[] = {{"nb", "Bokmål"},          {"nn", "Nynorsk"},    {"en", "English"},
                     {"se", "Davvisámegiella"}, {"uk", "Українська"}, {"pl", "Polski"},
                     {"ar", "العربية"},         {"so", "Soomaali"}};
        for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
                if (strcmp(names[i].code, code) == 0)
                        return names[i].name;
        return code;
}

/* "?lang=xx[&size=large]" for links that keep the view. */
static void view_query(struct strbuf *sb, const struct page_view *v, const char *lang)
{
        strbuf_addstr(sb, "?lang=");
        html_url_escape(sb, lang ? lang : v->lang_code);
        if (v->large)
                strbuf_addstr(sb, "&amp;size=large");
}

static void survey_path(struct strbuf *sb, const struct survey_def *def,
                        const struct survey_unit *unit)
{
        strbuf_addstr(sb, "/s/");
        html_url_escape(sb, def->id);
        if (unit) {
                strbuf_addch(sb, '/');
                html_url_escape(sb, unit->id);
        }
}

static void shell_begin(struct strbuf *sb, const struct page_view *v, const char *title, bool error,
                        const char *body_attrs)
{
        struct html_page p = {.lang = v->lang_code,
                              .ml = page_msg_lang(v),
                              .large = v->large,
                              .title = title,
                              .error = error,
                              .body_attrs = body_attrs};
        html_page_begin(sb, &p);
}

static void shell_end(struct strbuf *sb, const struct page_view *v)
{
        struct html_page p = {.lang = v->lang_code, .ml = page_msg_lang(v)};
        html_page_end(sb, &p);
}

static const char *T(const struct page_view *v, const struct survey_text *t)
{
        return survey_text_get(t, v->lang);
}

/* The message for a validation problem of item (NULL: the unit question). */
static void problem_text(struct strbuf *sb, const struct page_view *v,
                         const struct survey_item *item, enum response_problem pr)
{
        enum msg_lang ml = page_msg_lang(v);
        switch (pr) {
        case RESPONSE_OK:
                break;
        case RESPONSE_MISSING:
                strbuf_addstr(sb, msg(M_ERR_MISSING, ml));
                break;
        case RESPONSE_BAD_CHOICE:
                strbuf_addstr(sb, msg(M_ERR_BAD_CHOICE, ml));
                break;
        case RESPONSE_MULTIPLE:
                strbuf_addstr(sb, msg(M_ERR_MULTIPLE, ml));
                break;
        case RESPONSE_NOT_A_NUMBER:
                strbuf_addstr(sb, msg(M_ERR_NOT_A_NUMBER, ml));
                break;
        case RESPONSE_OUT_OF_RANGE:
                msg_addf(sb, M_ERR_OUT_OF_RANGE, ml, item->min, item->max);
                break;
        case RESPONSE_TOO_LONG:
                msg_addf(sb, M_ERR_TOO_LONG, ml, item->max_length);
                break;
        }
}

/* One radio button or check box with its label. */
static void choice(struct strbuf *sb, const char *type, const char *name, const char *value,
                   const char *label, bool checked, bool first, const char *cls)
{
        strbuf_addf(sb, "<label class=\"choice%s%s\"><input type=\"%s\" name=\"", cls ? " " : "",
                    cls ? cls : "", type);
        html_escape(sb, name);
        strbuf_addstr(sb, "\" value=\"");
        html_escape(sb, value);
        strbuf_addch(sb, '"');
        if (first) {
                strbuf_addstr(sb, " id=\"f-");
                html_escape(sb, name);
                strbuf_addch(sb, '"');
        }
        if (checked)
                strbuf_addstr(sb, " checked");
        strbuf_addstr(sb, "><span>");
        html_escape(sb, label);
        strbuf_addstr(sb, "</span></label>\n");
}

static bool sent(const struct form_body *prefill, const char *name, const char *value)
{
        return prefill && form_body_has(prefill, name, value);
}

/* The help line, error line and aria-describedby ids of a question. */
struct question_ids {
        char describedby[2 * (SURVEY_ID_MAX + 8)];
};

static void describedby(struct question_ids *q, const char *id, bool help, bool error)
{
        q->describedby[0] = '\0';
        if (error && help)
                snprintf(q->describedby, sizeof(q->describedby), "e-%s h-%s", id, id);
        else if (error)
                snprintf(q->describedby, sizeof(q->describedby), "e-%s", id);
        else if (help)
                snprintf(q->describedby, sizeof(q->describedby), "h-%s", id);
}

static void help_and_error(struct strbuf *sb, const struct page_view *v,
                           const struct survey_item *item, const char *id, const char *help,
                           enum response_problem pr)
{
        if (help) {
                strbuf_addf(sb, "<p class=\"help\" id=\"h-%s\">", id);
                html_escape(sb, help);
                strbuf_addstr(sb, "</p>\n");
        }
        if (pr) {
                struct strbuf m = STRBUF_INIT;
                problem_text(&m, v, item, pr);
                strbuf_addf(sb, "<p class=\"error\" id=\"e-%s\">", id);
                html_escape(sb, m.buf);
                strbuf_addstr(sb, "</p>\n");
                strbuf_release(&m);
        }
}

/* The condition hint: 'Answer only if you answered "Yes" above.' */
static void show_if_hint(struct strbuf *sb, const struct page_view *v,
                         const struct survey_item *item)
{
        const struct survey_item *c = item->show_if;
        struct strbuf vals = STRBUF_INIT;
        enum msg_lang ml = page_msg_lang(v);
        for (size_t i = 0; i < item->nshow_if_values; i++) {
                const char *val = item->show_if_values[i], *label = val;
                if (c->type == SURVEY_ITEM_YESNO)
                        label = strcmp(val, "yes") == 0  ? msg(M_YES, ml)
                                : strcmp(val, "no") == 0 ? msg(M_NO, ml)
                                                         : msg(M_DONT_KNOW, ml);
                for (size_t k = 0; k < c->noptions; k++)
                        if (strcmp(c->options[k].id, val) == 0)
                                label = T(v, &c->options[k].label);
                for (size_t k = 0; c->scale && k < c->scale->npoints; k++) {
                        char buf[16];
                        snprintf(buf, sizeof(buf), "%d", c->scale->points[k].value);
                        if (strcmp(buf, val) == 0)
                                label = T(v, &c->scale->points[k].label);
                }
                strbuf_addf(&vals, "%s%s%s%s", i ? " / " : "", ml == MSG_EN ? "\u201c" : "\u00ab",
                            label, ml == MSG_EN ? "\u201d" : "\u00bb");
        }
        struct strbuf hint = STRBUF_INIT;
        msg_addf(&hint, M_SHOW_IF_HINT, ml, vals.buf);
        strbuf_addstr(sb, "<p class=\"cond\">");
        html_escape(sb, hint.buf);
        strbuf_addstr(sb, "</p>\n");
        strbuf_release(&hint);
        strbuf_release(&vals);
}

static void question(struct strbuf *sb, const struct page_view *v, const struct survey_item *item,
                     const struct form_body *prefill, enum response_problem pr)
{
        enum msg_lang ml = page_msg_lang(v);
        const char *id = item->id;
        const char *help = item->has_help ? T(v, &item->help) : NULL;
        struct question_ids q;
        describedby(&q, id, help != NULL, pr != RESPONSE_OK);
        bool grouped = item->type != SURVEY_ITEM_NUMBER && item->type != SURVEY_ITEM_TEXT;
        const char *cls = pr ? "q invalid" : "q";

        if (grouped) {
                strbuf_addf(sb, "<fieldset class=\"%s\" id=\"q-%s\"", cls, id);
                if (q.describedby[0])
                        strbuf_addf(sb, " aria-describedby=\"%s\"", q.describedby);
        } else {
                strbuf_addf(sb, "<div class=\"%s\" id=\"q-%s\"", cls, id);
        }
        if (item->show_if) {
                strbuf_addstr(sb, " data-if=\"");
                html_escape(sb, item->show_if->id);
                strbuf_addstr(sb, "\" data-if-values=\"");
                for (size_t i = 0; i < item->nshow_if_values; i++) {
                        if (i)
                                strbuf_addch(sb, ' ');
                        html_escape(sb, item->show_if_values[i]);
                }
                strbuf_addch(sb, '"');
        }
        strbuf_addstr(sb, ">\n");
        strbuf_addstr(sb, grouped ? "<legend>" : "<label class=\"qtext\" for=\"f-");
        if (!grouped) {
                html_escape(sb, id);
                strbuf_addstr(sb, "\">");
        }
        html_escape(sb, T(v, &item->text));
        if (item->required) {
                strbuf_addstr(sb, " <span class=\"req\">(");
                html_escape(sb, msg(M_REQUIRED, ml));
                strbuf_addstr(sb, ")</span>");
        }
        strbuf_addstr(sb, grouped ? "</legend>\n" : "</label>\n");
        if (item->show_if)
                show_if_hint(sb, v, item);

        switch (item->type) {
        case SURVEY_ITEM_SCALE: {
                help_and_error(sb, v, item, id, help, pr);
                strbuf_addf(sb, "<div class=\"choices scale%zu\">\n", item->scale->npoints);
                for (size_t i = 0; i < item->scale->npoints; i++) {
                        char val[16];
                        snprintf(val, sizeof(val), "%d", item->scale->points[i].value);
                        choice(sb, "radio", id, val, T(v, &item->scale->points[i].label),
                               sent(prefill, id, val), i == 0, NULL);
                }
                if (item->scale->has_dont_know)
                        choice(sb, "radio", id, "dk", T(v, &item->scale->dont_know),
                               sent(prefill, id, "dk"), false, "dk");
                strbuf_addstr(sb, "</div>\n");
                break;
        }
        case SURVEY_ITEM_SINGLE:
        case SURVEY_ITEM_MULTI: {
                const char *type = item->type == SURVEY_ITEM_SINGLE ? "radio" : "checkbox";
                help_and_error(sb, v, item, id, help, pr);
                strbuf_addstr(sb, "<div class=\"choices\">\n");
                for (size_t i = 0; i < item->noptions; i++)
                        choice(sb, type, id, item->options[i].id, T(v, &item->options[i].label),
                               sent(prefill, id, item->options[i].id), i == 0, NULL);
                strbuf_addstr(sb, "</div>\n");
                break;
        }
        case SURVEY_ITEM_YESNO:
                help_and_error(sb, v, item, id, help, pr);
                strbuf_addstr(sb, "<div class=\"choices\">\n");
                choice(sb, "radio", id, "yes", msg(M_YES, ml), sent(prefill, id, "yes"), true,
                       NULL);
                choice(sb, "radio", id, "no", msg(M_NO, ml), sent(prefill, id, "no"), false, NULL);
                choice(sb, "radio", id, "dk", msg(M_DONT_KNOW, ml), sent(prefill, id, "dk"), false,
                       "dk");
                strbuf_addstr(sb, "</div>\n");
                break;
        case SURVEY_ITEM_NUMBER: {
                struct strbuf range = STRBUF_INIT;
                msg_addf(&range, M_NUMBER_RANGE, ml, item->min, item->max);
                strbuf_addf(sb, "<p class=\"help\" id=\"h-%s\">", id);
                if (help) {
                        html_escape(sb, help);
                        strbuf_addch(sb, ' ');
                }
                html_escape(sb, range.buf);
                strbuf_addstr(sb, "</p>\n");
                strbuf_release(&range);
                help_and_error(sb, v, item, id, NULL, pr);
                describedby(&q, id, true, pr != RESPONSE_OK);
                const char *typed = prefill ? form_body_get(prefill, id) : NULL;
                strbuf_addf(sb,
                            "<div class=\"number\"><input type=\"text\" inputmode=\"numeric\" "
                            "autocomplete=\"off\" id=\"f-%s\" name=\"%s\" size=\"6\" value=\"",
                            id, id);
                html_escape(sb, typed ? typed : "");
                strbuf_addf(sb, "\" aria-describedby=\"%s\"%s>", q.describedby,
                            pr ? " aria-invalid=\"true\"" : "");
                if (item->has_suffix) {
                        strbuf_addstr(sb, " <span class=\"suffix\">");
                        html_escape(sb, T(v, &item->suffix));
                        strbuf_addstr(sb, "</span>");
                }
                strbuf_addstr(sb, "</div>\n");
                break;
        }
        case SURVEY_ITEM_TEXT: {
                struct strbuf max = STRBUF_INIT;
                msg_addf(&max, M_TEXT_MAX, ml, item->max_length);
                strbuf_addf(sb, "<p class=\"help\" id=\"h-%s\">", id);
                if (help) {
                        html_escape(sb, help);
                        strbuf_addch(sb, ' ');
                }
                html_escape(sb, max.buf);
                strbuf_addstr(sb, "</p>\n");
                strbuf_release(&max);
                help_and_error(sb, v, item, id, NULL, pr);
                describedby(&q, id, true, pr != RESPONSE_OK);
                const char *typed = prefill ? form_body_get(prefill, id) : NULL;
                strbuf_addf(sb,
                            "<textarea id=\"f-%s\" name=\"%s\" rows=\"6\" "
                            "aria-describedby=\"%s\"%s>",
                            id, id, q.describedby, pr ? " aria-invalid=\"true\"" : "");
                html_escape(sb, typed ? typed : "");
                strbuf_addstr(sb, "</textarea>\n");
                break;
        }
        }
        strbuf_addstr(sb, grouped ? "</fieldset>\n" : "</div>\n");
}

/* The "which service" question of /s/<survey>. */
static void unit_question(struct strbuf *sb, const struct page_view *v,
                          const struct form_body *prefill, enum response_problem pr)
{
        const struct survey_def *def = v->def;
        struct question_ids q;
        describedby(&q, "_unit", false, pr != RESPONSE_OK);
        strbuf_addf(sb, "<fieldset class=\"q%s\" id=\"q-_unit\"", pr ? " invalid" : "");
        if (pr)
                strbuf_addf(sb, " aria-describedby=\"%s\"", q.describedby);
        strbuf_addstr(sb, ">\n<legend>");
        html_escape(sb, msg(M_WHICH_UNIT, page_msg_lang(v)));
        strbuf_addstr(sb, " <span class=\"req\">(");
        html_escape(sb, msg(M_REQUIRED, page_msg_lang(v)));
        strbuf_addstr(sb, ")</span></legend>\n");
        help_and_error(sb, v, NULL, "_unit", NULL, pr);
        strbuf_addstr(sb, "<div class=\"choices\">\n");
        for (size_t i = 0; i < def->nunits; i++)
                choice(sb, "radio", "_unit", def->units[i].id, T(v, &def->units[i].name),
                       sent(prefill, "_unit", def->units[i].id), i == 0, NULL);
        strbuf_addstr(sb, "</div>\n</fieldset>\n");
}

/* The invitation code box of rounds by code. */
static void code_question(struct strbuf *sb, const struct page_view *v)
{
        enum msg_lang ml = page_msg_lang(v);
        bool bad = v->code_problem != CODE_OK;
        strbuf_addstr(sb, bad ? "<div class=\"q invalid\" id=\"q-_code\">\n"
                              : "<div class=\"q\" id=\"q-_code\">\n");
        strbuf_addstr(sb, "<label class=\"qtext\" for=\"f-_code\">");
        html_escape(sb, msg(M_CODE_LABEL, ml));
        if (v->code_required) {
                strbuf_addstr(sb, " <span class=\"req\">(");
                html_escape(sb, msg(M_REQUIRED, ml));
                strbuf_addstr(sb, ")</span>");
        }
        strbuf_addstr(sb, "</label>\n<p class=\"help\" id=\"h-_code\">");
        html_escape(sb, msg(M_CODE_HELP, ml));
        strbuf_addstr(sb, "</p>\n");
        if (bad) {
                strbuf_addstr(sb, "<p class=\"error\" id=\"e-_code\">");
                html_escape(
                    sb, msg(v->code_problem == CODE_MISSING ? M_ERR_CODE_MISSING : M_ERR_CODE_USED,
                            ml));
                strbuf_addstr(sb, "</p>\n");
        }
        strbuf_addstr(sb,
                      "<input type=\"text\" id=\"f-_code\" name=\"_code\" autocomplete=\"off\" "
                      "autocapitalize=\"characters\" spellcheck=\"false\" size=\"14\" value=\"");
        html_escape(sb, v->code_typed ? v->code_typed : "");
        strbuf_addstr(sb, bad ? "\" aria-describedby=\"e-_code h-_code\" aria-invalid=\"true\">\n"
                              : "\" aria-describedby=\"h-_code\">\n");
        strbuf_addstr(sb, "</div>\n");
}

static void error_summary(struct strbuf *sb, const struct page_view *v,
                          const struct response *checked)
{
        enum msg_lang ml = page_msg_lang(v);
        const struct survey_def *def = v->def;
        strbuf_addstr(sb, "<div class=\"summary\" id=\"problems\" role=\"alert\" tabindex=\"-1\" "
                          "autofocus>\n<h2>");
        size_t nproblems = checked->nproblems + (v->code_problem != CODE_OK);
        if (nproblems == 1)
                html_escape(sb, msg(M_ERROR_SUMMARY_ONE, ml));
        else
                msg_addf(sb, M_ERROR_SUMMARY_MANY, ml, nproblems);
        strbuf_addstr(sb, "</h2>\n<ul>\n");
        if (v->code_problem != CODE_OK) {
                strbuf_addstr(sb, "<li><a href=\"#f-_code\">");
                html_escape(sb, msg(M_CODE_LABEL, ml));
                strbuf_addstr(sb, "</a> ");
                html_escape(
                    sb, msg(v->code_problem == CODE_MISSING ? M_ERR_CODE_MISSING : M_ERR_CODE_USED,
                            ml));
                strbuf_addstr(sb, "</li>\n");
        }
        if (checked->unit_problem) {
                strbuf_addstr(sb, "<li><a href=\"#f-_unit\">");
                html_escape(sb, msg(M_WHICH_UNIT, ml));
                strbuf_addstr(sb, "</a></li>\n");
        }
        for (size_t i = 0; i < def->nitems; i++) {
                if (!checked->problems[i])
                        continue;
                const struct survey_item *item = &def->items[i];
                struct strbuf m = STRBUF_INIT;
                problem_text(&m, v, item, checked->problems[i]);
                strbuf_addstr(sb, "<li><a href=\"#f-");
                html_escape(sb, item->id);
                strbuf_addstr(sb, "\">");
                html_escape(sb, T(v, &item->text));
                strbuf_addstr(sb, "</a> ");
                html_escape(sb, m.buf);
                strbuf_addstr(sb, "</li>\n");
                strbuf_release(&m);
        }
        strbuf_addstr(sb, "</ul>\n</div>\n");
}

static void notice(struct strbuf *sb, const struct page_view *v, enum page_notice n)
{
        enum msg_lang ml = page_msg_lang(v);
        if (n == PAGE_NOTICE_NONE)
                return;
        strbuf_addstr(sb, "<div class=\"summary\" id=\"problems\" role=\"alert\" tabindex=\"-1\" "
                          "autofocus>\n<h2>");
        static const enum msg_id titles[] = {[PAGE_NOTICE_BAD_FORM] = M_BAD_REQUEST_TITLE,
                                             [PAGE_NOTICE_UNAVAILABLE] = M_UNAVAILABLE_TITLE,
                                             [PAGE_NOTICE_RATE] = M_RATE_TITLE,
                                             [PAGE_NOTICE_CLOSED] = M_CLOSED_TITLE};
        static const enum msg_id bodies[] = {[PAGE_NOTICE_BAD_FORM] = M_ERR_BAD_FORM,
                                             [PAGE_NOTICE_UNAVAILABLE] = M_UNAVAILABLE_BODY,
                                             [PAGE_NOTICE_RATE] = M_RATE_BODY,
                                             [PAGE_NOTICE_CLOSED] = M_CLOSED_BODY};
        html_escape(sb, msg(titles[n], ml));
        strbuf_addstr(sb, "</h2>\n<p>");
        html_escape(sb, msg(bodies[n], ml));
        strbuf_addstr(sb, "</p>\n</div>\n");
}

/* Language and text-size buttons: they post the form so typed answers come back. */
static void switches(struct strbuf *sb, const struct page_view *v)
{
        enum msg_lang ml = page_msg_lang(v);
        const struct survey_def *def = v->def;
        strbuf_addstr(sb, "<div class=\"switches\">\n<div role=\"group\" aria-label=\"");
        html_escape(sb, msg(M_LANGUAGE, ml));
        strbuf_addstr(sb, "\">\n");
        for (size_t i = 0; i < def->nlangs; i++) {
                bool cur = (int)i == v->lang;
                strbuf_addstr(sb, "<button type=\"submit\" name=\"_lang\" value=\"");
                html_escape(sb, def->langs[i]);
                strbuf_addstr(sb, "\" lang=\"");
                html_escape(sb, def->langs[i]);
                strbuf_addstr(sb, cur ? "\" aria-pressed=\"true\" class=\"switch\">"
                                      : "\" aria-pressed=\"false\" class=\"switch\">");
                html_escape(sb, lang_name(def->langs[i]));
                strbuf_addstr(sb, "</button>\n");
        }
        strbuf_addstr(sb, "</div>\n<button type=\"submit\" name=\"_size\" value=\"");
        strbuf_addstr(sb, v->large ? "normal" : "large");
        strbuf_addstr(sb, "\" class=\"switch size\">");
        html_escape(sb, msg(v->large ? M_NORMAL_TEXT : M_LARGER_TEXT, ml));
        strbuf_addstr(sb, "</button>\n</div>\n");
}

void page_form(struct strbuf *sb, const struct page_view *v, const struct survey_unit *unit,
               const struct form_body *prefill, const struct response *checked, enum page_notice n)
{
        const struct survey_def *def = v->def;
        enum msg_lang ml = page_msg_lang(v);
        struct strbuf title = STRBUF_INIT, path = STRBUF_INIT, attrs = STRBUF_INIT;
        bool problems = checked && (checked->nproblems || v->code_problem != CODE_OK);

        strbuf_addstr(&title, T(v, &def->title));
        if (unit)
                strbuf_addf(&title, " \u2013 %s", T(v, &unit->name));
        survey_path(&path, def, unit);
        strbuf_addstr(&attrs, "data-draft=\"");
        strbuf_add(&attrs, path.buf, path.len);
        strbuf_addstr(&attrs, "\"");
        shell_begin(sb, v, title.buf, problems || n != PAGE_NOTICE_NONE, attrs.buf);

        strbuf_addstr(sb, "<h1>");
        html_escape(sb, T(v, &def->title));
        strbuf_addstr(sb, "</h1>\n");
        if (unit) {
                strbuf_addstr(sb, "<p class=\"unit\">");
                html_escape(sb, T(v, &unit->name));
                strbuf_addstr(sb, "</p>\n");
        }
        notice(sb, v, n);
        if (problems)
                error_summary(sb, v, checked);

        strbuf_addstr(sb, "<form method=\"post\" action=\"");
        strbuf_add(sb, path.buf, path.len);
        view_query(sb, v, NULL);
        strbuf_addstr(sb, "\" novalidate id=\"survey\">\n");
        /* The first submit button is what Enter in a text box presses: make it "send". */
        strbuf_addstr(sb, "<button type=\"submit\" name=\"_action\" value=\"send\" "
                          "class=\"implicit\" tabindex=\"-1\" aria-hidden=\"true\">");
        html_escape(sb, msg(M_SUBMIT, ml));
        strbuf_addstr(sb, "</button>\n");
        switches(sb, v);
        strbuf_addstr(sb, "<p class=\"intro\">");
        html_escape(sb, T(v, &def->intro));
        strbuf_addstr(sb, "</p>\n<p class=\"note\">");
        html_escape(sb, msg(M_OPTIONAL_NOTE, ml));
        strbuf_addstr(sb, "</p>\n");

        if (v->ask_code)
                code_question(sb, v);
        if (!unit)
                unit_question(sb, v, prefill, checked ? checked->unit_problem : RESPONSE_OK);
        for (size_t s = 0; s < def->nsections; s++) {
                const struct survey_section *sec = &def->sections[s];
                strbuf_addstr(sb, "<section>\n<h2>");
                html_escape(sb, T(v, &sec->title));
                strbuf_addstr(sb, "</h2>\n");
                for (size_t i = sec->first_item; i < sec->first_item + sec->nitems; i++)
                        question(sb, v, &def->items[i], prefill,
                                 checked ? checked->problems[i] : RESPONSE_OK);
                strbuf_addstr(sb, "</section>\n");
        }
        strbuf_addstr(sb, "<p><button type=\"submit\" name=\"_action\" value=\"send\" "
                          "class=\"send\">");
        html_escape(sb, msg(M_SUBMIT, ml));
        strbuf_addstr(sb, "</button></p>\n</form>\n");
        shell_end(sb, v);
        strbuf_release(&title);
        strbuf_release(&path);
        strbuf_release(&attrs);
}

void page_thanks(struct strbuf *sb, const struct page_view *v, const char *code)
{
        const struct survey_def *def = v->def;
        enum msg_lang ml = page_msg_lang(v);
        struct strbuf attrs = STRBUF_INIT;
        strbuf_addstr(&attrs, "data-clear-draft=\"/s/");
        html_url_escape(&attrs, def->id);
        strbuf_addch(&attrs, '"');
        shell_begin(sb, v, msg(M_THANKS_TITLE, ml), false, attrs.buf);
        strbuf_release(&attrs);
        strbuf_addstr(sb, "<h1>");
        html_escape(sb, msg(M_THANKS_TITLE, ml));
        strbuf_addstr(sb, "</h1>\n<p>");
        html_escape(sb, msg(M_THANKS_BODY, ml));
        strbuf_addstr(sb, "</p>\n");
        if (code) {
                strbuf_addstr(sb, "<section class=\"receipt\">\n<h2>");
                html_escape(sb, msg(M_RECEIPT_LABEL, ml));
                strbuf_addstr(sb, "</h2>\n<p class=\"code\" id=\"receipt\">");
                html_escape(sb, code);
                strbuf_addstr(sb, "</p>\n<p>");
                msg_addf(sb, M_RECEIPT_HELP, ml, def->withdraw_days);
                strbuf_addstr(sb, "</p>\n<p><a href=\"");
                survey_path(sb, def, NULL);
                strbuf_addstr(sb, "/withdraw");
                view_query(sb, v, NULL);
                strbuf_addstr(sb, "\">");
                html_escape(sb, msg(M_WITHDRAW_LINK, ml));
                strbuf_addstr(sb, "</a></p>\n</section>\n");
        }
        strbuf_addstr(sb, "<section class=\"support\">\n<h2>");
        html_escape(sb, msg(M_SUPPORT_TITLE, ml));
        strbuf_addstr(sb, "</h2>\n<p>");
        html_escape(sb, T(v, &def->support));
        strbuf_addstr(sb, "</p>\n</section>\n");
        shell_end(sb, v);
}

void page_withdraw(struct strbuf *sb, const struct page_view *v, enum withdraw_state state,
                   const char *code_typed)
{
        const struct survey_def *def = v->def;
        enum msg_lang ml = page_msg_lang(v);
        bool error = state != WITHDRAW_FORM && state != WITHDRAW_DONE;
        shell_begin(sb, v, msg(M_WITHDRAW_TITLE, ml), error, NULL);
        strbuf_addstr(sb, "<h1>");
        html_escape(sb, msg(M_WITHDRAW_TITLE, ml));
        strbuf_addstr(sb, "</h1>\n");
        if (state == WITHDRAW_DONE) {
                strbuf_addstr(sb, "<p class=\"done\" role=\"status\">");
                html_escape(sb, msg(M_WITHDRAW_DONE, ml));
                strbuf_addstr(sb, "</p>\n<section class=\"support\">\n<h2>");
                html_escape(sb, msg(M_SUPPORT_TITLE, ml));
                strbuf_addstr(sb, "</h2>\n<p>");
                html_escape(sb, T(v, &def->support));
                strbuf_addstr(sb, "</p>\n</section>\n");
                shell_end(sb, v);
                return;
        }
        static const enum msg_id ERR[] = {
            [WITHDRAW_NOT_FOUND] = M_WITHDRAW_NOT_FOUND,
            [WITHDRAW_MISSING] = M_WITHDRAW_MISSING,
            [WITHDRAW_UNAVAILABLE] = M_UNAVAILABLE_TITLE,
            [WITHDRAW_RATE] = M_RATE_TITLE,
        };
        enum msg_id err = ERR[error ? state : WITHDRAW_UNAVAILABLE];
        if (error) {
                strbuf_addstr(sb, "<div class=\"summary\" role=\"alert\" tabindex=\"-1\" "
                                  "autofocus>\n<ul><li><a href=\"#f-code\">");
                html_escape(sb, msg(err, ml));
                strbuf_addstr(sb, "</a></li></ul>\n</div>\n");
        }
        strbuf_addstr(sb, "<p>");
        html_escape(sb, msg(M_WITHDRAW_INTRO, ml));
        strbuf_addstr(sb, "</p>\n<form method=\"post\" action=\"");
        survey_path(sb, def, NULL);
        strbuf_addstr(sb, "/withdraw");
        view_query(sb, v, NULL);
        strbuf_addstr(sb, "\" novalidate>\n<div class=\"q");
        strbuf_addstr(sb, error ? " invalid\">\n" : "\">\n");
        strbuf_addstr(sb, "<label class=\"qtext\" for=\"f-code\">");
        html_escape(sb, msg(M_WITHDRAW_CODE, ml));
        strbuf_addstr(sb, "</label>\n");
        if (error) {
                strbuf_addstr(sb, "<p class=\"error\" id=\"e-code\">");
                html_escape(sb, msg(err, ml));
                strbuf_addstr(sb, "</p>\n");
        }
        strbuf_addstr(sb, "<input type=\"text\" id=\"f-code\" name=\"code\" autocomplete=\"off\" "
                          "autocapitalize=\"characters\" spellcheck=\"false\" size=\"14\" "
                          "value=\"");
        html_escape(sb, code_typed ? code_typed : "");
        strbuf_addstr(sb,
                      error ? "\" aria-describedby=\"e-code\" aria-invalid=\"true\">\n" : "\">\n");
        strbuf_addstr(sb, "</div>\n<p><button type=\"submit\" class=\"send\">");
        html_escape(sb, msg(M_WITHDRAW_BUTTON, ml));
        strbuf_addstr(sb, "</button></p>\n</form>\n");
        shell_end(sb, v);
}

void page_index(struct strbuf *sb, const struct page_view *v, const struct survey_catalog *cat)
{
        enum msg_lang ml = page_msg_lang(v);
        shell_begin(sb, v, msg(M_INDEX_TITLE, ml), false, NULL);
        strbuf_addstr(sb, "<h1>");
        html_escape(sb, msg(M_INDEX_TITLE, ml));
        strbuf_addstr(sb, "</h1>\n<p>");
        html_escape(sb, msg(cat->n ? M_INDEX_INTRO : M_INDEX_EMPTY, ml));
        strbuf_addstr(sb, "</p>\n");
        for (size_t i = 0; i < cat->n; i++) {
                const struct survey_def *def = cat->defs[i];
                struct page_view dv = *v;
                dv.def = def;
                dv.lang = survey_def_lang(def, v->lang_code);
                if (dv.lang < 0)
                        dv.lang = 0;
                strbuf_addstr(sb, "<section class=\"survey\">\n<h2>");
                html_escape(sb, T(&dv, &def->title));
                strbuf_addstr(sb, "</h2>\n<ul class=\"units\">\n");
                for (size_t u = 0; u < def->nunits; u++) {
                        strbuf_addstr(sb, "<li><a href=\"");
                        survey_path(sb, def, &def->units[u]);
                        view_query(sb, v, NULL);
                        strbuf_addstr(sb, "\">");
                        html_escape(sb, T(&dv, &def->units[u].name));
                        strbuf_addstr(sb, "</a></li>\n");
                }
                strbuf_addstr(sb, "</ul>\n</section>\n");
        }
        strbuf_addstr(sb, "<p class=\"langs\">");
        static const char *const codes[] = {"nb", "nn", "en"};
        for (size_t i = 0; i < 3; i++) {
                strbuf_addstr(sb, "<a href=\"/");
                view_query(sb, v, codes[i]);
                strbuf_addf(sb, "\" lang=\"%s\">%s</a> ", codes[i], lang_name(codes[i]));
        }
        strbuf_addstr(sb, "</p>\n");
        shell_end(sb, v);
}

void page_message(struct strbuf *sb, const struct page_view *v, enum msg_id title, enum msg_id body)
{
        enum msg_lang ml = page_msg_lang(v);
        shell_begin(sb, v, msg(title, ml), false, NULL);
        strbuf_addstr(sb, "<h1>");
        html_escape(sb, msg(title, ml));
        strbuf_addstr(sb, "</h1>\n<p>");
        html_escape(sb, msg(body, ml));
        strbuf_addstr(sb, "</p>\n<p><a href=\"/");
        view_query(sb, v, NULL);
        strbuf_addstr(sb, "\">");
        html_escape(sb, msg(M_BACK_TO_START, ml));
        strbuf_addstr(sb, "</a></p>\n");
        shell_end(sb, v);
}
