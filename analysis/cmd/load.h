/*
 * load: reading the dataset for a lytt-analyze subcommand, with a progress line on
 * a terminal and errors printed. Program code: it prints.
 */
#ifndef LYTT_LOAD_H
#define LYTT_LOAD_H

#include "dataset.h"

#define ANALYZE "lytt-analyze" /* the program name in messages */

/* A progress callback for stderr when it is a terminal, NULL otherwise (arg: what). */
dataset_progress_fn load_progress(void);

/* Reads the dataset, printing what went wrong; NULL on failure. */
struct dataset *load_dataset(const char *cmd, const char *db, const char *survey, const char *wave,
                             const char *unit);

#endif
