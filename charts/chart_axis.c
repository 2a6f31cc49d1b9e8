#include "chart_axis.h"

#include <math.h>

double chart_axis_step(double span, int intervals)
{
        if (!(span > 0) || intervals < 1)
                return 1;
        double rough = span / intervals;
        double e = floor(log10(rough));
        /* Dividing by a power of ten keeps 0.1 exactly what the literal 0.1 is. */
        double r = e < 0 ? rough * pow(10, -e) : rough / pow(10, e);
        /* The smallest nice multiple at least as large as the rough step. */
        double nice = r <= 1 + 1e-9 ? 1 : r <= 2 + 1e-9 ? 2 : r <= 5 + 1e-9 ? 5 : 10;
        return e < 0 ? nice / pow(10, -e) : nice * pow(10, e);
}

/* Removes the noise of repeated floating-point steps (0.30000000000000004): a
 * multiple of a step below 1 is computed as a quotient, k / 10 rather than k * 0.1. */
static double tidy(double v, double step)
{
        double q = v / step;
        double r = round(q);
        if (fabs(q - r) >= 1e-9)
                return v;
        double inv = round(1 / step);
        if (step < 1 && fabs(1 / step - inv) < 1e-9)
                return r / inv;
        return r * step;
}

void chart_axis_fixed(double min, double max, double step, struct chart_axis *out)
{
        out->min = min;
        out->max = max;
        out->step = step > 0 ? step : (max > min ? max - min : 1);
        out->nticks = 0;
        for (int k = 0; out->nticks < CHART_AXIS_MAX_TICKS; k++) {
                double t = tidy(min + k * out->step, out->step);
                if (t > max + out->step * 1e-9)
                        break;
                out->ticks[out->nticks++] = t;
        }
}

void chart_axis_nice(double lo, double hi, int max_ticks, double clamp_lo, double clamp_hi,
                     struct chart_axis *out)
{
        if (isnan(lo) && isnan(hi)) {
                lo = 0;
                hi = 1;
        } else if (isnan(lo)) {
                lo = hi < 0 ? hi - 1 : 0;
        } else if (isnan(hi)) {
                hi = lo + 1;
        }
        if (lo > hi) {
                double t = lo;
                lo = hi;
                hi = t;
        }
        if (lo == hi) {
                if (lo == 0) {
                        hi = 1;
                } else {
                        lo -= 0.5;
                        hi += 0.5;
                }
        }
        if (max_ticks < 3)
                max_ticks = 3;
        if (max_ticks > CHART_AXIS_MAX_TICKS)
                max_ticks = CHART_AXIS_MAX_TICKS;
        /* Grow the step until the rounded-out ends need no more than max_ticks ticks. */
        double step = chart_axis_step(hi - lo, max_ticks - 1);
        double min, max;
        for (;;) {
                min = floor(lo / step + 1e-9) * step;
                max = ceil(hi / step - 1e-9) * step;
                if ((max - min) / step + 1 <= max_ticks + 1e-9)
                        break;
                step = chart_axis_step(step * 1.01, 1);
        }
        min = tidy(min, step);
        max = tidy(max, step);
        if (clamp_lo < clamp_hi) {
                if (min < clamp_lo)
                        min = clamp_lo;
                if (max > clamp_hi)
                        max = clamp_hi;
        }
        chart_axis_fixed(min, max, step, out);
        /* A clamped top that is no multiple of step still gets its own tick. */
        if (out->nticks > 0 && out->ticks[out->nticks - 1] < max - step * 1e-9 &&
            out->nticks < CHART_AXIS_MAX_TICKS)
                out->ticks[out->nticks++] = max;
}

double chart_axis_pos(const struct chart_axis *ax, double v, double p0, double p1)
{
        if (ax->max == ax->min)
                return p0;
        return p0 + (v - ax->min) / (ax->max - ax->min) * (p1 - p0);
}
