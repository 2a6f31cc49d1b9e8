/*
 * chart_cmd: the `chart` and `report` subcommands of lytt-analyze (run
 * functions for the table in commands.c). Like every subcommand, each parses
 * its options from a table, prints its own messages and returns the exit
 * status: 0 fine, 1 an error, 2 a bad command line.
 *
 *   lytt-analyze chart KIND --db F --survey ID [...] --out FILE.png|.pdf|.svg
 *   lytt-analyze report --db F --survey ID [--wave W] [--lang nb|nn|en]
 *                       --out report.pdf [--png-dir DIR]
 */
#ifndef LYTT_CHART_CMD_H
#define LYTT_CHART_CMD_H

/* argv[0] is the subcommand's name. */
int chart_cmd_chart(int argc, char **argv);
int chart_cmd_report(int argc, char **argv);

#endif
