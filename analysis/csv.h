/*
 * csv: RFC 4180 CSV, UTF-8, in two dialects: the plain one (comma, decimal point)
 * and the one spreadsheet programs set to Norwegian expect (semicolon, decimal
 * comma, a byte-order mark so they read UTF-8).
 */
#ifndef LYTT_CSV_H
#define LYTT_CSV_H

#include <stdbool.h>
#include <stdio.h>

struct csv {
        FILE *f;
        bool norwegian; /* ';' and decimal comma */
        bool at_start;  /* no field written yet on this row */
};

/* Starts a CSV document on f (writes the BOM in the Norwegian dialect). */
void csv_begin(struct csv *c, FILE *f, bool norwegian);

/* A text field, quoted when it holds the separator, a quote or a line break. */
void csv_str(struct csv *c, const char *s);

/* A free-text cell: a leading =, +, -, @, tab or carriage return gets an apostrophe
 * before it, so that a spreadsheet program shows the text instead of running it as
 * a formula (CSV injection). */
void csv_text(struct csv *c, const char *s);

/* A number with `decimals` decimals; NaN or `hidden` gives an empty cell. */
void csv_num(struct csv *c, double v, int decimals, bool hidden);

/* A whole number; `hidden` gives an empty cell. */
void csv_ulong(struct csv *c, unsigned long v, bool hidden);

/* Ends the row (CRLF, as RFC 4180 says). */
void csv_end_row(struct csv *c);

#endif
