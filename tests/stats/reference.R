# Reference values for analysis/stats_*.c, computed by the R functions stats.h
# names. Run from anywhere:
#
#   Rscript tests/stats/reference.R tests/stats/reference.txt
#
# and commit both files: the build and tests/test_stats.c read only the .txt.
#
# Format: one case a line, space-separated fields, the case kind first, then the
# inputs, then the expected outputs. A vector is its elements joined by commas
# ("-" when empty); every number is printed with %.17g so that it reads back as
# the same double; NA and NaN are written NaN; logicals 0/1. Lines starting with
# '#' are comments. Where R stops with an error (t.test on constant data, too few
# observations, ...) the expected value is NaN: that is what the C code returns.
#
#   wilson   x n conf                 lo hi
#   clopper  x n conf                 lo hi
#   mean_t   conf x                   n mean sd lo hi
#   welch    x y                      t df p
#   two_prop x1 n1 x2 n2              X2 df p
#   fisher   a b c d                  p        (matrix [[a, b], [c, d]])
#   chisq    rows cols table          X2 df p min_expected   (table row-major)
#   kruskal  ngroups x g              H df p   (g: 0-based group of each x)
#   wilcoxon x y                      W p
#   p_adjust method p                 adjusted
#   alpha    n k data                 raw_alpha r_drop   (data row-major n x k)
#   median   x                        median
#   anhoej_limits n                   run_limit crossing_limit
#   anhoej   centre y                 useful longest_run run_limit crossings
#                                     crossing_limit run_signal crossing_signal signal
#   pchart   x n                      CL lcl ucl
#   laney    x n                      CL sigma_z lcl ucl

suppressPackageStartupMessages(library(psych))

args <- commandArgs(trailingOnly = TRUE)
out_path <- if (length(args) >= 1) args[1] else "reference.txt"
lines <- character(0)
emit <- function(...) lines <<- c(lines, paste(..., sep = " "))

num <- function(v) {
  v <- as.numeric(v)
  if (length(v) == 0) return("-")
  s <- ifelse(is.na(v), "NaN", sprintf("%.17g", v))
  paste(s, collapse = ",")
}
# Counts and other whole numbers, never in R's 1e+05 notation.
cnt <- function(v) paste(sprintf("%.0f", as.numeric(v)), collapse = ",")
int <- function(v) if (length(v) == 0) "-" else cnt(v)
# Run f(); an error in R means "undefined", which the C code reports as NaN.
or_nan <- function(f, len = 1) tryCatch(suppressWarnings(f()), error = function(e) rep(NaN, len))

set.seed(20260115)

# ---- proportions ----------------------------------------------------------------
prop_cases <- list(c(0, 1), c(1, 1), c(0, 2), c(1, 2), c(2, 2), c(0, 10), c(10, 10),
                   c(1, 10), c(3, 10), c(9, 10), c(5, 11), c(0, 50), c(50, 50), c(17, 50),
                   c(49, 50), c(50, 100), c(1, 1000), c(999, 1000), c(0, 1000),
                   c(12345, 54321), c(7, 13), c(4, 7), c(25, 26), c(100000, 1000000),
                   c(1, 1e8), c(3, 5e6), c(4999997, 5e6), c(600000, 2e6))
for (pc in prop_cases) {
  for (conf in c(0.95, 0.9, 0.99, 0.8)) {
    x <- pc[1]; n <- pc[2]
    w <- suppressWarnings(prop.test(x, n, conf.level = conf, correct = FALSE)$conf.int)
    emit("wilson", cnt(x), cnt(n), num(conf), num(w[1]), num(w[2]))
    b <- binom.test(x, n, conf.level = conf)$conf.int
    emit("clopper", cnt(x), cnt(n), num(conf), num(b[1]), num(b[2]))
  }
}

# ---- means ----------------------------------------------------------------------
mean_cases <- list(
  c(1, 2, 3, 4, 5), c(3.5, 3.5), c(2, 2, 2, 2), c(7), numeric(0), c(1, NaN, 3, NaN, 4),
  c(NaN, NaN), c(100, 75, 50, 75, 100, 25, 0, 50),
  round(runif(30, 0, 100), 2), round(rnorm(200, 60, 20), 1), c(1e6 + 1, 1e6 + 2, 1e6 + 4),
  c(-5, 5), c(0, 0, 0, 1), rnorm(3), rnorm(1000, 50, 30), c(10, 20))
for (x in mean_cases) {
  for (conf in c(0.95, 0.9, 0.99)) {
    xs <- x[!is.na(x)]
    ci <- or_nan(function() t.test(xs, conf.level = conf)$conf.int, 2)
    emit("mean_t", num(conf), num(x), cnt(length(xs)), num(mean(xs)), num(sd(xs)),
         num(ci[1]), num(ci[2]))
  }
}

# ---- Welch ----------------------------------------------------------------------
welch_cases <- list(
  list(c(1, 2, 3), c(4, 5, 6, 7)), list(c(1, 2, 3, 4, 5), c(2, 4, 6, 8, 10, 12)),
  list(c(5, 5, 5), c(1, 2, 3)), list(c(5, 5, 5), c(5, 5, 5)), list(c(1), c(1, 2, 3)),
  list(c(1, 2), c(3)), list(numeric(0), c(1, 2)), list(c(1, NaN, 2, 3), c(NaN, 7, 8, 9.5)),
  list(rnorm(40, 60, 15), rnorm(400, 55, 18)), list(rnorm(200, 70, 10), rnorm(250, 70.5, 12)),
  list(rnorm(12, 10, 1), rnorm(9, 30, 20)), list(rnorm(50, 0, 1), rnorm(50, 4, 1)),
  list(rnorm(1000, 50, 20), rnorm(30, 51, 2)), list(c(0, 100), c(50, 50, 50, 51)),
  list(rnorm(5000, 3, 1), rnorm(5000, 3.01, 1)), list(c(1, 2, 3, 4), c(1, 2, 3, 4)),
  list(c(10, 20, 30), c(40, 50)), list(round(rnorm(31, 50, 10)), round(rnorm(35, 52, 10))))
for (wc in welch_cases) {
  x <- wc[[1]]; y <- wc[[2]]
  r <- or_nan(function() {
    tt <- t.test(x[!is.na(x)], y[!is.na(y)])
    c(tt$statistic, tt$parameter, tt$p.value)
  }, 3)
  emit("welch", num(x), num(y), num(r[1]), num(r[2]), num(r[3]))
}

# ---- two proportions ------------------------------------------------------------
tp_cases <- list(c(3, 10, 7, 10), c(0, 10, 5, 10), c(10, 10, 5, 10), c(0, 5, 0, 5),
                 c(5, 5, 5, 5), c(1, 1, 0, 1), c(45, 60, 300, 500), c(12, 20, 150, 400),
                 c(1, 7, 190, 200), c(500, 1000, 520, 1000), c(2, 3, 1, 4),
                 c(30, 31, 2, 40), c(0, 1, 1, 1), c(7, 9, 70, 90), c(1234, 5000, 1300, 5000),
                 c(3, 0, 2, 5), c(0, 0, 0, 0))
for (tc in tp_cases) {
  r <- or_nan(function() {
    pt <- prop.test(c(tc[1], tc[3]), c(tc[2], tc[4]), correct = FALSE)
    c(pt$statistic, pt$parameter, pt$p.value)
  }, 3)
  if (is.nan(r[1]) || is.na(r[1])) r <- c(NaN, NaN, NaN)
  emit("two_prop", paste(sprintf("%.0f", tc), collapse = " "), num(r[1]), num(r[2]), num(r[3]))
}

# ---- Fisher ---------------------------------------------------------------------
fisher_cases <- list(c(3, 1, 1, 3), c(1, 3, 3, 1), c(0, 5, 5, 0), c(5, 0, 0, 5),
                     c(0, 0, 0, 0), c(3, 0, 5, 0), c(0, 0, 4, 6), c(2, 2, 2, 2),
                     c(10, 2, 3, 15), c(1, 9, 11, 3), c(0, 10, 0, 10), c(7, 12, 5, 20),
                     c(4, 46, 80, 420), c(45, 15, 300, 200), c(1, 0, 0, 1), c(1, 1, 1, 1),
                     c(50, 50, 50, 50), c(5, 6, 7, 8), c(0, 1, 1, 0), c(12, 0, 0, 0),
                     c(3, 40, 2, 300), c(120, 80, 95, 105), c(2, 7, 8, 2), c(1, 2, 3, 4),
                     c(6, 2, 1, 8), c(0, 7, 3, 4), c(9, 1, 2, 0), c(500, 300, 400, 600),
                     # tables whose equally likely rivals only R's 1 + 1e-7 tolerance keeps
                     c(0, 2, 6, 11), c(0, 4, 4, 7), c(0, 6, 7, 4), c(1, 3, 6, 8), c(1, 6, 8, 6),
                     c(1, 4, 6, 11))
for (fc in fisher_cases) {
  p <- fisher.test(matrix(c(fc[1], fc[3], fc[2], fc[4]), 2))$p.value
  emit("fisher", paste(sprintf("%.0f", fc), collapse = " "), num(p))
}

# ---- chi-square -----------------------------------------------------------------
chisq_case <- function(m) {
  keep <- m[rowSums(m) > 0, colSums(m) > 0, drop = FALSE]
  r <- if (nrow(keep) < 2 || ncol(keep) < 2) rep(NaN, 4) else {
    ct <- suppressWarnings(chisq.test(keep, correct = FALSE))
    c(ct$statistic, ct$parameter, ct$p.value, min(ct$expected))
  }
  emit("chisq", cnt(nrow(m)), cnt(ncol(m)), int(t(m)), num(r[1]), num(r[2]), num(r[3]), num(r[4]))
}
chisq_case(matrix(c(10, 20, 30, 40), 2))
chisq_case(matrix(c(3, 1, 1, 3), 2))
chisq_case(matrix(c(12, 5, 7, 9, 3, 8, 4, 10, 6, 2, 11, 1), 3))
chisq_case(matrix(c(12, 0, 7, 0, 3, 0, 4, 0), 2))
chisq_case(matrix(c(5, 0, 3, 0, 0, 0, 2, 0, 4), 3))
chisq_case(matrix(c(5, 3, 0, 0), 2))
chisq_case(matrix(c(0, 0, 0, 0), 2))
chisq_case(matrix(c(1, 2, 3, 4, 5, 6), 1))
chisq_case(matrix(c(100, 150, 200, 120, 130, 90, 80, 60, 70, 40, 30, 25, 10, 12, 15), 3))
chisq_case(matrix(c(1000, 0, 0, 1000), 2))
chisq_case(matrix(c(2000, 1, 1, 2000), 2))
chisq_case(matrix(rpois(20, 8), 4))
chisq_case(matrix(rpois(30, 40), 5))
chisq_case(matrix(c(1, 0, 0, 0, 1, 0, 0, 0, 1), 3))

# ---- Kruskal–Wallis ------------------------------------------------------------
kw_case <- function(x, g, ngroups) {
  ok <- !is.na(x)
  r <- or_nan(function() {
    if (length(unique(g[ok])) < 2) stop("one group")
    kt <- kruskal.test(x[ok], factor(g[ok]))
    c(kt$statistic, kt$parameter, kt$p.value)
  }, 3)
  if (is.na(r[1])) r <- c(NaN, NaN, NaN)
  emit("kruskal", cnt(ngroups), num(x), int(g), num(r[1]), num(r[2]), num(r[3]))
}
kw_case(c(2.9, 3.0, 2.5, 2.6, 3.2, 3.8, 2.7, 4.0, 2.4, 2.8, 3.4, 3.7, 2.2, 2.0),
        c(0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 2), 3)
kw_case(c(1, 2, 2, 3, 3, 3, 4, 4, 5, 5, 1, 1), c(0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 3, 0), 4)
kw_case(c(1, 2, 3, 4, 5, 6), c(0, 0, 0, 2, 2, 2), 4)
kw_case(c(1, 2, 3), c(1, 1, 1), 3)
kw_case(c(4, 4, 4, 4), c(0, 1, 0, 1), 2)
kw_case(c(1, NaN, 3, 4, NaN, 6, 2), c(0, 0, 0, 1, 1, 1, 1), 2)
kw_case(c(1, 5), c(0, 1), 2)
kw_case(sample(1:5, 120, replace = TRUE), sample(0:5, 120, replace = TRUE), 6)
kw_case(round(rnorm(300, 50, 15)), rep(0:2, c(30, 200, 70)), 3)
kw_case(rnorm(40), rep(0:3, each = 10), 4)
kw_case(c(rnorm(20), rnorm(20, 2)), rep(0:1, each = 20), 2)
kw_case(c(3, 3, 3, 1), c(0, 0, 1, 2), 3)

# ---- Wilcoxon -------------------------------------------------------------------
wx_case <- function(x, y) {
  xs <- x[!is.na(x)]; ys <- y[!is.na(y)]
  r <- or_nan(function() {
    wt <- wilcox.test(xs, ys, exact = FALSE, correct = TRUE)
    c(wt$statistic, wt$p.value)
  }, 2)
  emit("wilcoxon", num(x), num(y), num(r[1]), num(r[2]))
}
wx_case(c(1, 2, 3, 4, 5), c(6, 7, 8, 9, 10))
wx_case(c(1.83, 0.50, 1.62, 2.48, 1.68, 1.88, 1.55, 3.06, 1.30), c(0.878, 0.647, 0.598, 2.05, 1.06, 1.29, 1.06, 3.14, 1.29))
wx_case(c(1, 2, 2, 3, 3, 3), c(2, 3, 3, 4, 4, 5, 5, 5))
wx_case(c(3, 3, 3), c(3, 3))
wx_case(c(1), c(2))
wx_case(c(1, 2), c(1, 2))
wx_case(c(1, NaN, 4), c(2, 3, NaN, 5))
wx_case(numeric(0), c(1, 2))
wx_case(sample(1:5, 80, replace = TRUE), sample(1:5, 300, replace = TRUE))
wx_case(rnorm(25), rnorm(40, 0.5))
wx_case(c(5, 4, 3), c(1, 2))
wx_case(c(2, 2, 2, 3), c(2, 2, 2, 1))

# ---- p.adjust -------------------------------------------------------------------
pa_cases <- list(c(0.01, 0.02, 0.03, 0.04, 0.05), c(0.5), numeric(0),
                 c(0.04, 0.01, 0.04, 0.2, 0.001, 0.04), c(0.9, 0.95, 0.99),
                 c(0.01, NaN, 0.03, NaN, 0.002), c(NaN, 0.02), runif(20)^3,
                 c(0, 1, 0.5, 0.25), c(1e-10, 3e-8, 0.049, 0.051, 0.3, 0.3, 0.7))
for (p in pa_cases) {
  for (m in c("holm", "BH")) emit("p_adjust", m, num(p), num(p.adjust(p, m)))
}

# ---- Cronbach's alpha -----------------------------------------------------------
alpha_case <- function(x) {
  r <- or_nan(function() {
    a <- suppressMessages(psych::alpha(as.data.frame(x), warnings = FALSE))
    rd <- rep(NaN, ncol(x))
    keep <- apply(x, 2, sd) > 0
    rd[keep] <- a$item.stats$r.drop
    # stats.h: zero total variance gives NaN where psych says -Inf.
    ra <- a$total$raw_alpha
    c(if (is.finite(ra)) ra else NaN, rd)
  }, 1 + ncol(x))
  emit("alpha", cnt(nrow(x)), cnt(ncol(x)), num(t(x)), num(r[1]), num(r[-1]))
}
likert <- function(n, k, noise) {
  f <- rnorm(n)
  x <- sapply(seq_len(k), function(j) pmin(5, pmax(1, round(3 + f + rnorm(n, 0, noise)))))
  matrix(as.numeric(x), n, k)
}
alpha_case(likert(50, 4, 1))
alpha_case(likert(120, 8, 1.5))
alpha_case(likert(60, 2, 0.7))
alpha_case(likert(200, 5, 3))
alpha_case(matrix(c(1, 2, 3, 4, 5, 2, 3, 3, 5, 4, 1, 1, 2, 2, 3), 5))
alpha_case(cbind(likert(40, 3, 1), rep(3, 40)))
alpha_case(matrix(c(1, 2, 3, 4, 5, 5, 4, 3, 2, 1), 5))

# ---- median ---------------------------------------------------------------------
for (x in list(c(3, 1, 2), c(4, 1, 3, 2), c(5), numeric(0), c(NaN, 2, NaN, 8),
               c(NaN), c(0.1, 0.2), c(2, 2, 2, 2), rnorm(101), rnorm(100),
               c(-1, 1e300, 1e300, -5))) {
  emit("median", num(x), num(median(x[!is.na(x)])))
}

# ---- Anhøj ----------------------------------------------------------------------
anhoej_limits <- function(n) c(round(log2(n)) + 3, qbinom(0.05, n - 1, 0.5))
for (n in c(2:60, 75, 100, 250, 1000, 10000)) {
  l <- anhoej_limits(n)
  emit("anhoej_limits", cnt(n), cnt(l[1]), cnt(l[2]))
}
anhoej_case <- function(y, centre = median(y, na.rm = TRUE)) {
  u <- y[!is.na(y) & y != centre]
  s <- sign(u - centre)
  useful <- length(u)
  runs <- rle(s)$lengths
  longest <- if (useful) max(runs) else 0
  cross <- if (useful) length(runs) - 1 else 0
  l <- if (useful >= 2) anhoej_limits(useful) else if (useful == 1) c(3, 0) else c(0, 0)
  rs <- useful >= 2 && longest > l[1]
  cs <- useful >= 2 && cross < l[2]
  emit("anhoej", num(centre), num(y), cnt(useful), cnt(longest), cnt(l[1]), cnt(cross), cnt(l[2]),
       as.integer(rs), as.integer(cs), as.integer(rs || cs))
}
anhoej_case(c(5, 6, 4, 7, 3, 8, 2, 9, 1, 10, 5, 6))
anhoej_case(c(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16))
anhoej_case(c(1, 1, 1, 1, 1, 1, 1, 1, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9))
anhoej_case(c(3, 3, 3, 3))
anhoej_case(c(3, 3, 4, 3), 3)
anhoej_case(numeric(0), 0)
anhoej_case(c(1, NaN, 2, 3, 2, 2, 1, 3, 1, 3, 1, 3, 2))
anhoej_case(round(rnorm(24, 50, 5)))
anhoej_case(c(rnorm(15, 50, 5), rnorm(15, 60, 5)))
anhoej_case(rep(c(1, 9), 12))
anhoej_case(c(rep(c(1, 9), 6), rep(9, 8), 1), 5)

# ---- p-chart and Laney p' -------------------------------------------------------
pchart_case <- function(x, n) {
  cl <- sum(x) / sum(n)
  s <- sqrt(cl * (1 - cl) / n)
  s[n == 0] <- NaN
  lcl <- pmax(cl - 3 * s, 0); ucl <- pmin(cl + 3 * s, 1)
  if (sum(n) == 0) lcl <- ucl <- rep(NaN, length(n))
  emit("pchart", int(x), int(n), num(cl), num(lcl), num(ucl))
  ok <- n > 0
  z <- (x[ok] / n[ok] - cl) / s[ok]
  sz <- if (sum(ok) >= 2) mean(abs(diff(z))) / 1.128 else NaN
  lcl <- pmax(cl - 3 * s * sz, 0); ucl <- pmin(cl + 3 * s * sz, 1)
  lcl[is.na(lcl)] <- NaN; ucl[is.na(ucl)] <- NaN
  emit("laney", int(x), int(n), num(cl), num(sz), num(lcl), num(ucl))
}
pchart_case(c(12, 15, 9, 20, 14, 11, 18), c(40, 45, 38, 50, 42, 41, 47))
pchart_case(c(3, 0, 5, 2), c(10, 0, 12, 8))
pchart_case(c(0, 0, 0), c(10, 12, 9))
pchart_case(c(10, 12, 9), c(10, 12, 9))
pchart_case(c(0, 0), c(0, 0))
pchart_case(c(4), c(9))
pchart_case(c(1200, 1350, 1100, 1500, 1280, 1420, 1190, 1330), c(5000, 5200, 4800, 5500, 5100, 5300, 4900, 5050))
pchart_case(c(1, 2, 1, 0, 3), c(2, 3, 2, 1, 4))
pchart_case(rbinom(30, 300, 0.7), rep(300, 30))

writeLines(c(
  "# Reference values for tests/test_stats.c, written by tests/stats/reference.R",
  paste0("# (", R.version.string, ", psych ", packageVersion("psych"), "). Do not edit by hand."),
  lines), out_path)
cat(sprintf("%d cases written to %s\n", length(lines), out_path))
