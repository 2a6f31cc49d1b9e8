/*
 * answer_list: the answers of one response as they are stored, in one column.
 *
 * A JSON array of [item id, value] pairs in form order, e.g.
 *   [["relation","partner"],["help","x"],["help","y"],["important_to_you","Mer tid\n"]]
 * One row per response keeps a response atomic and makes writing and reading it one
 * B-tree operation instead of one per answer. It is plain JSON, so SQLite's JSON
 * functions read it too (the `answers` view of docs/database.md).
 */
#ifndef LYTT_ANSWER_LIST_H
#define LYTT_ANSWER_LIST_H

#include "response.h"
#include "strbuf.h"

#include <stddef.h>

/* Appends the answers of r, encoded, to out. */
void answer_list_encode(struct strbuf *out, const struct response *r);

/* Reads pairs one after another from an encoded list (borrowed; must live while the
 * iterator is used). item and value hold the current pair, decoded. */
struct answer_list_iter {
        const char *p, *end;
        struct strbuf item, value;
};

void answer_list_iter_init(struct answer_list_iter *it, const char *text, size_t len);

/* Points an initialised iterator at another list, keeping its buffers. */
void answer_list_iter_reset(struct answer_list_iter *it, const char *text, size_t len);

/* 1 and the next pair in it->item / it->value; 0 at the end; -1 if the text is not
 * a list this module wrote. */
int answer_list_next(struct answer_list_iter *it);

void answer_list_iter_release(struct answer_list_iter *it);

#endif
