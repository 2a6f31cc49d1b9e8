/*
 * audit_cmd: `lytt-analyze audit`, the disclosure gate's audit on request: every
 * protected value's range over everything the tools publish (disclosure.h). Exit
 * 0 when every range is as wide as the rule asks, 3 when some is narrower (the
 * summary names the first), 1 on errors, 2 on a bad command line.
 */
#ifndef LYTT_AUDIT_CMD_H
#define LYTT_AUDIT_CMD_H

int audit_cmd(int argc, char **argv);

#endif
