/*
 * chart_axis: a value axis with "nice" ticks (1, 2 or 5 times a power of ten),
 * and the mapping from values to positions along it.
 *
 * An axis is a plain value: chart_axis_nice() fills it, chart_axis_pos() reads
 * it. Invariants after chart_axis_nice(): min <= lo, max >= hi (of the data it
 * was given), min and max are multiples of step, ticks run from min to max by
 * step, and 2 <= nticks <= CHART_AXIS_MAX_TICKS.
 */
#ifndef LYTT_CHART_AXIS_H
#define LYTT_CHART_AXIS_H

#include <stddef.h>

#define CHART_AXIS_MAX_TICKS 12

struct chart_axis {
        double min, max; /* the axis' ends */
        double step;     /* between ticks */
        double ticks[CHART_AXIS_MAX_TICKS];
        size_t nticks;
};

/* A nice step for a span of values to be cut into about `intervals` parts. */
double chart_axis_step(double span, int intervals);

/*
 * The axis for data from lo to hi with at most max_ticks ticks (3 ..
 * CHART_AXIS_MAX_TICKS). lo == hi widens to a span of 1 around it (or [0, 1]);
 * NaN ends count as 0 and 1. When clamp_lo < clamp_hi, the axis ends are
 * kept within [clamp_lo, clamp_hi] (e.g. 0 and 100 for percentages), even if
 * that breaks the multiple-of-step rule at the clamped end.
 */
void chart_axis_nice(double lo, double hi, int max_ticks, double clamp_lo, double clamp_hi,
                     struct chart_axis *out);

/* An axis with the given ends and step (ticks from min to max by step). */
void chart_axis_fixed(double min, double max, double step, struct chart_axis *out);

/* The position of value v on an axis drawn from p0 (at min) to p1 (at max);
 * linear, not clipped. */
double chart_axis_pos(const struct chart_axis *ax, double v, double p0, double p1);

#endif
