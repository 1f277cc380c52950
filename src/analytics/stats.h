// Statistics for analytics: correlation with confidence intervals, logistic regression, AUC, a
// linear trend forecast with its holdout error, and the NYC Local Law 144 selection/scoring-rate
// table. Pure functions, no I/O; every result says how many observations it rests on.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace analytics::stats {

// Ranks 1..n with ties given the average of the ranks they span ([10, 20, 20, 30] -> 1, 2.5, 2.5, 4).
std::vector<double> AverageRanks(const std::vector<double>& v);

double Mean(const std::vector<double>& v);
// The median (mean of the two middle values for an even count); NaN for an empty vector.
double Median(std::vector<double> v);

struct Correlation {
  int n = 0;
  std::optional<double> r;             // none when n < 3 or a variable is constant
  std::optional<double> lo, hi;        // 95% interval; none when n < 4 or |r| == 1
};
// Pearson's r; the interval from Fisher's z (z = atanh r, se = 1/sqrt(n-3)).
Correlation Pearson(const std::vector<double>& x, const std::vector<double>& y);
// Spearman's rho: Pearson's r of the average ranks; interval from Fisher's z with the
// Fieller–Hartley–Pearson (1957) standard error sqrt(1.06/(n-3)).
Correlation Spearman(const std::vector<double>& x, const std::vector<double>& y);
// Spearman's rho from ranks already computed with AverageRanks (lets callers reuse ranks).
Correlation SpearmanOfRanks(const std::vector<double>& rx, const std::vector<double>& ry);

// Logistic regression P(y=1|x) = 1/(1+exp(-(b + w·z))) on standardised features z, fitted by
// Newton–Raphson (IRLS) with an L2 penalty `lambda` on w (not on b). Deterministic.
struct LogisticModel {
  std::vector<double> mean, scale;  // feature standardisation (scale 1 for a constant feature)
  std::vector<double> w;            // weights of the standardised features
  double b = 0;
  int iterations = 0;
  bool converged = false;
  double Predict(const std::vector<double>& x) const;
};
// X: n rows of d features, y: 0/1. Requires n >= 1 and equal row widths (asserted).
LogisticModel FitLogistic(const std::vector<std::vector<double>>& X, const std::vector<int>& y, double lambda = 1.0,
                          int max_iterations = 50);

// Area under the ROC curve by Mann–Whitney: P(score of a positive > score of a negative), ties count
// one half. None when either class is empty.
std::optional<double> Auc(const std::vector<double>& scores, const std::vector<int>& labels);

// Ordinary least squares y = intercept + slope * t.
struct Trend {
  int n = 0;
  double intercept = 0, slope = 0;
  double At(double t) const { return intercept + slope * t; }
};
// None when fewer than 2 points or all t equal.
std::optional<Trend> FitTrend(const std::vector<double>& t, const std::vector<double>& y);
struct TrendError {
  int train_n = 0, holdout_n = 0;
  double mae = 0;
  std::optional<double> mape;  // percent; none when a held-out value is 0
};
// Fits on all but the last `holdout` points and measures the forecast error on them. None when
// fewer than 2 training points remain.
std::optional<TrendError> HoldoutError(const std::vector<double>& t, const std::vector<double>& y, int holdout);

// ---- NYC Local Law 144 (6 RCNY §5-300) ------------------------------------------------------------
struct RateGroup {
  std::string category;
  int n = 0;         // people in the category
  int selected = 0;  // selected, or scored above the median
};
struct RateRow {
  std::string category;
  int n = 0, selected = 0;
  double rate = 0;                     // selected / n (0 for n = 0)
  double share = 0;                    // n / total of all known categories
  bool under_2_percent = false;        // excluded from impact ratios (§5-301(d) permits this)
  std::optional<double> impact_ratio;  // rate / highest rate among categories not excluded
};
// Rates, shares and impact ratios of `groups` (known categories only; unknowns are reported apart by
// the caller). The highest rate is taken among categories with share >= 2%.
std::vector<RateRow> ImpactRatios(const std::vector<RateGroup>& groups);

}  // namespace analytics::stats
