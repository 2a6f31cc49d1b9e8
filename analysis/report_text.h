/*
 * report_text: every word the charts and the report of lytt-analyze put in
 * front of a reader, in Bokmål, Nynorsk and English, in one table.
 *
 * Texts may hold placeholders %1 .. %9, filled by report_text_fill() with the
 * caller's strings in order (numbers are formatted by the caller with
 * chart_format.h, so each language gets its own number style). A text never
 * names a response rate: without counts of invitations, the report speaks of
 * coverage (the number of responses).
 */
#ifndef LYTT_REPORT_TEXT_H
#define LYTT_REPORT_TEXT_H

#include "chart.h"
#include "strbuf.h"

#include <stddef.h>

enum report_msg {
        /* Charts */
        RT_DIST_HIDDEN,      /* a row's distribution hidden for small counts */
        RT_TOTALS_ONLY,      /* a small group: totals only */
        RT_PCT_POSITIVE,     /* %1 = "85 %": "85 % positive" */
        RT_BAND_HIGH,        /* "90 % or more" (a banded share) */
        RT_BAND_LOW,         /* "10 % or less" */
        RT_BUCKET_NEG,       /* legend of three-share bars: negative */
        RT_BUCKET_NEU,       /* neutral */
        RT_BUCKET_POS,       /* positive */
        RT_TITLE_AGREEMENT,  /* how carers answered */
        RT_TITLE_SCORES,     /* scores per need */
        RT_TITLE_BY_UNIT,    /* %1 = a need: score by unit */
        RT_TITLE_RUN,        /* %1 = a need or item: over time */
        RT_TITLE_PCHART,     /* %1 = an item: share positive over time */
        RT_TITLE_COUNTS,     /* responses per period */
        RT_SUB_SCORES,       /* scores 0-100 with intervals */
        RT_SUB_PCT_MONTH,    /* percent positive per month */
        RT_SUB_SCORE_MONTH,  /* mean score per month */
        RT_SUB_PCT_WAVE,     /* percent positive per wave */
        RT_SUB_SCORE_WAVE,   /* mean score per wave */
        RT_SUB_COUNTS_MONTH, /* respondents per month */
        RT_SUB_COUNTS_WAVE,  /* respondents per wave */
        RT_MUNICIPALITY,     /* the municipality as a whole */
        RT_MUNICIPALITY_IS,  /* %1 = a score: "municipality (64)" */
        RT_DONT_KNOW_HEAD,   /* header of the don't-know column */
        RT_NOTE_AGREEMENT,   /* what the bars are */
        RT_NOTE_REVERSE,     /* reverse-worded items are flipped */
        RT_NOTE_DOTS,        /* what dots and whiskers are */
        RT_NOTE_TRIANGLES,   /* %1 = correction: what triangles are */
        RT_NOTE_RUN,         /* %1 longest run, %2 its limit, %3 crossings, %4 limit */
        RT_NOTE_SIGNAL,      /* the rules signal */
        RT_NOTE_NO_SIGNAL,   /* no signal */
        RT_NOTE_FEW_POINTS,  /* too few points for the rules */
        RT_NOTE_PCHART,      /* %1 = centre line: p-chart method */
        RT_NOTE_COUNTS,      /* what the numbers on the bars are */
        RT_SIGNAL_RUN,       /* legend: points of a long run */
        RT_SIGNAL_OUTSIDE,   /* legend: outside the limits */
        /* Report: cover */
        RT_REPORT_FOR,    /* "Report for leaders" */
        RT_ALL_WAVES,     /* %1 first, %2 last wave */
        RT_WAVE,          /* %1 = a wave */
        RT_FIG_RESPONSES, /* label under n */
        RT_FIG_WAVES,     /* label under the number of waves */
        RT_FIG_UNITS,     /* label under the number of units with a page */
        RT_FIG_ITEMS,     /* label under the number of statements */
        RT_COVERAGE,      /* %1 = n: coverage, not a response rate */
        RT_UNITS_HEAD,    /* table heading: units */
        RT_COL_UNIT,
        RT_COL_N,
        RT_COL_SHOWN,
        RT_UNIT_PAGE,        /* a unit has its own page */
        RT_UNIT_TOTALS_ONLY, /* a unit shows totals only */
        RT_UNIT_HIDDEN,      /* a unit is hidden */
        RT_FOOTER,           /* %1 = survey title, %2 = wave text */
        /* Report: key findings */
        RT_KEY_FINDINGS,
        RT_KEY_INTRO, /* %1 = n */
        RT_STRONGEST,
        RT_WEAKEST,
        RT_ITEM_PCT,     /* %1 = "85 %", %2 = interval: lead text of an item bullet */
        RT_REVERSE_HINT, /* a negatively worded statement: positive is disagreeing */
        RT_CHANGES,
        RT_CHANGE_RUN,       /* %1 points, %2 above/below, %3 from, %4 to, %5 limit */
        RT_WORD_ABOVE,       /* "above" (the median) */
        RT_WORD_BELOW,       /* "below" */
        RT_CHANGE_CROSSINGS, /* %1 crossings, %2 limit */
        RT_CHANGE_ABOVE,     /* %1 wave, %2 value, %3 limit: above the upper limit */
        RT_CHANGE_BELOW,     /* %1 wave, %2 value, %3 limit */
        RT_NO_CHANGES,
        RT_MORE, /* %1 = how many more */
        RT_UNIT_DIFFS,
        RT_UNIT_DIFF_HIGHER, /* %1 of %2 needs, %3 of %4 statements higher */
        RT_UNIT_DIFF_LOWER,  /* the same, lower */
        RT_UNIT_DIFF_NEEDS,  /* %1 = list of needs with differences */
        RT_NO_UNIT_DIFFS,
        RT_UNITS_NOT_COMPARED, /* %1 = list of units */
        RT_DIFF_RULE,          /* %1 = correction method */
        RT_SCORES_ALL,         /* chart title on the findings page */
        /* Report: need pages */
        RT_NEED_SCORE,  /* %1 score, %2 interval, %3 n */
        RT_NEED_ALPHA,  /* %1 = alpha */
        RT_NEED_HIDDEN, /* the need's score is hidden */
        /* Report: unit pages */
        RT_UNIT_INTRO,     /* %1 = n */
        RT_UNIT_UNCERTAIN, /* a unit below the breakdown threshold */
        RT_UNIT_SCORES,    /* chart title */
        RT_UNIT_WEAKEST,   /* chart title */
        RT_UNIT_STRONGEST, /* heading */
        RT_UNIT_HIGHER,    /* %1 = list */
        RT_UNIT_LOWER,     /* %1 = list */
        RT_UNIT_HIGHER_N,  /* %1 of %2 needs */
        RT_UNIT_LOWER_N,   /* %1 of %2 needs */
        RT_UNIT_NO_DIFF,
        RT_UNIT_NOT_COMPARED,
        /* Report: method and anonymity */
        RT_METHOD,
        RT_METHOD_DATA, /* %1 = n, %2 = periods */
        RT_METHOD_PCT,
        RT_METHOD_SCORE,
        RT_METHOD_COMPARE, /* %1 = correction method */
        RT_METHOD_TIME,
        RT_ANONYMITY,
        RT_ANON_RULES, /* %1 min_group, %2 buckets from, %3 points from */
        RT_ANON_SECONDARY,
        RT_ANON_HIDDEN_HEAD,
        RT_ANON_NOTHING,
        RT_COL_WHAT,
        RT_COL_WHY,
        RT_WHY_TOO_FEW,     /* %1 = min_group */
        RT_WHY_TOTALS_ONLY, /* %1 = min_breakdown */
        RT_WHY_CELLS,       /* %1 = how many figures */
        RT_WHY_NOT_COMPARED,
        RT_WHY_PERIODS,       /* %1 = how many months */
        RT_HIDDEN_CELLS_WHAT, /* %1 = unit: answer distributions */
        RT_HIDDEN_PERIODS_WHAT,
        RT_COUNT_
};

/* The text in lang (static storage). */
const char *report_text(enum chart_lang lang, enum report_msg id);

/* Appends the text with %1 .. %n replaced by args[0 .. n-1] (a missing one by ""). */
void report_text_fill(struct strbuf *sb, enum chart_lang lang, enum report_msg id,
                      const char *const *args, size_t n);

/* report_text_fill() into a new string, the caller's to free(). */
char *report_text_dup(enum chart_lang lang, enum report_msg id, const char *const *args, size_t n);

#define REPORT_ARGS(...)                                                                           \
        (const char *const[]){__VA_ARGS__},                                                        \
            sizeof((const char *const[]){__VA_ARGS__}) / sizeof(const char *)

#endif
