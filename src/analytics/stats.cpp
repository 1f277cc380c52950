#include "analytics/stats.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <limits>
#include <numeric>

namespace analytics::stats {

namespace {
constexpr double kZ975 = 1.959963984540054;  // standard normal quantile for a two-sided 95% interval

std::optional<double> PearsonR(const std::vector<double>& x, const std::vector<double>& y) {
  const size_t n = x.size();
  if (n < 3) return std::nullopt;
  double mx = Mean(x), my = Mean(y), sxy = 0, sxx = 0, syy = 0;
  for (size_t i = 0; i < n; ++i) {
    double dx = x[i] - mx, dy = y[i] - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  if (sxx <= 0 || syy <= 0) return std::nullopt;
  double r = sxy / std::sqrt(sxx * syy);
  return std::clamp(r, -1.0, 1.0);
}

Correlation WithInterval(int n, std::optional<double> r, double se_factor) {
  Correlation c;
  c.n = n;
  c.r = r;
  if (r && n >= 4 && std::fabs(*r) < 1.0) {
    double z = std::atanh(*r), se = std::sqrt(se_factor / (n - 3));
    c.lo = std::tanh(z - kZ975 * se);
    c.hi = std::tanh(z + kZ975 * se);
  }
  return c;
}

// Solves A x = b (A symmetric positive definite, small) by Gaussian elimination with pivoting.
std::vector<double> Solve(std::vector<std::vector<double>> a, std::vector<double> b) {
  const size_t n = b.size();
  for (size_t c = 0; c < n; ++c) {
    size_t p = c;
    for (size_t r = c + 1; r < n; ++r)
      if (std::fabs(a[r][c]) > std::fabs(a[p][c])) p = r;
    std::swap(a[c], a[p]);
    std::swap(b[c], b[p]);
    double d = a[c][c];
    if (std::fabs(d) < 1e-300) continue;
    for (size_t r = c + 1; r < n; ++r) {
      double f = a[r][c] / d;
      if (f == 0) continue;
      for (size_t k = c; k < n; ++k) a[r][k] -= f * a[c][k];
      b[r] -= f * b[c];
    }
  }
  std::vector<double> x(n, 0);
  for (size_t i = n; i-- > 0;) {
    double s = b[i];
    for (size_t k = i + 1; k < n; ++k) s -= a[i][k] * x[k];
    x[i] = std::fabs(a[i][i]) < 1e-300 ? 0 : s / a[i][i];
  }
  return x;
}

double Sigmoid(double t) {
  if (t >= 0) return 1.0 / (1.0 + std::exp(-t));
  double e = std::exp(t);
  return e / (1.0 + e);
}
}  // namespace

double Mean(const std::vector<double>& v) {
  if (v.empty()) return std::numeric_limits<double>::quiet_NaN();
  return std::accumulate(v.begin(), v.end(), 0.0) / double(v.size());
}

double Median(std::vector<double> v) {
  if (v.empty()) return std::numeric_limits<double>::quiet_NaN();
  std::sort(v.begin(), v.end());
  size_t n = v.size();
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2.0;
}

std::vector<double> AverageRanks(const std::vector<double>& v) {
  const size_t n = v.size();
  std::vector<std::pair<double, size_t>> order(n);
  for (size_t i = 0; i < n; ++i) order[i] = {v[i], i};
  std::sort(order.begin(), order.end());
  std::vector<double> ranks(n);
  for (size_t i = 0; i < n;) {
    size_t j = i;
    while (j + 1 < n && order[j + 1].first == order[i].first) ++j;
    double avg = (double(i + 1) + double(j + 1)) / 2.0;  // ranks i+1 .. j+1 share their mean
    for (size_t k = i; k <= j; ++k) ranks[order[k].second] = avg;
    i = j + 1;
  }
  return ranks;
}

Correlation Pearson(const std::vector<double>& x, const std::vector<double>& y) {
  assert(x.size() == y.size());
  return WithInterval(int(x.size()), PearsonR(x, y), 1.0);
}

Correlation Spearman(const std::vector<double>& x, const std::vector<double>& y) {
  assert(x.size() == y.size());
  return SpearmanOfRanks(AverageRanks(x), AverageRanks(y));
}

Correlation SpearmanOfRanks(const std::vector<double>& rx, const std::vector<double>& ry) {
  assert(rx.size() == ry.size());
  return WithInterval(int(rx.size()), PearsonR(rx, ry), 1.06);
}

double LogisticModel::Predict(const std::vector<double>& x) const {
  double t = b;
  for (size_t j = 0; j < w.size() && j < x.size(); ++j) t += w[j] * (x[j] - mean[j]) / scale[j];
  return Sigmoid(t);
}

LogisticModel FitLogistic(const std::vector<std::vector<double>>& X, const std::vector<int>& y, double lambda,
                          int max_iterations) {
  assert(!X.empty() && X.size() == y.size());
  const size_t n = X.size(), d = X[0].size();
  LogisticModel m;
  m.mean.assign(d, 0);
  m.scale.assign(d, 1);
  for (size_t j = 0; j < d; ++j) {
    double s = 0;
    for (const auto& row : X) {
      assert(row.size() == d);
      s += row[j];
    }
    m.mean[j] = s / double(n);
    double v = 0;
    for (const auto& row : X) v += (row[j] - m.mean[j]) * (row[j] - m.mean[j]);
    double sd = std::sqrt(v / double(n));
    m.scale[j] = sd > 1e-12 ? sd : 1.0;
  }
  std::vector<std::vector<double>> Z(n, std::vector<double>(d + 1, 1.0));  // column 0: intercept
  for (size_t i = 0; i < n; ++i)
    for (size_t j = 0; j < d; ++j) Z[i][j + 1] = (X[i][j] - m.mean[j]) / m.scale[j];
  std::vector<double> beta(d + 1, 0.0);
  for (int it = 0; it < max_iterations; ++it) {
    std::vector<double> grad(d + 1, 0.0);
    std::vector<std::vector<double>> H(d + 1, std::vector<double>(d + 1, 0.0));
    for (size_t i = 0; i < n; ++i) {
      double t = 0;
      for (size_t j = 0; j <= d; ++j) t += beta[j] * Z[i][j];
      double p = Sigmoid(t), wgt = p * (1 - p);
      for (size_t j = 0; j <= d; ++j) {
        grad[j] += (double(y[i]) - p) * Z[i][j];
        for (size_t k = 0; k <= j; ++k) H[j][k] += wgt * Z[i][j] * Z[i][k];
      }
    }
    for (size_t j = 0; j <= d; ++j)
      for (size_t k = 0; k < j; ++k) H[k][j] = H[j][k];
    for (size_t j = 1; j <= d; ++j) {  // penalty -lambda/2 |w|^2
      grad[j] -= lambda * beta[j];
      H[j][j] += lambda;
    }
    H[0][0] += 1e-9;  // keeps the system solvable when every label is equal
    std::vector<double> step = Solve(H, grad);
    double change = 0;
    for (size_t j = 0; j <= d; ++j) {
      beta[j] += step[j];
      change = std::max(change, std::fabs(step[j]));
    }
    m.iterations = it + 1;
    if (change < 1e-10) {
      m.converged = true;
      break;
    }
  }
  m.b = beta[0];
  m.w.assign(beta.begin() + 1, beta.end());
  return m;
}

std::optional<double> Auc(const std::vector<double>& scores, const std::vector<int>& labels) {
  assert(scores.size() == labels.size());
  std::vector<double> r = AverageRanks(scores);
  double pos = 0, neg = 0, rank_sum = 0;
  for (size_t i = 0; i < r.size(); ++i) {
    if (labels[i]) {
      ++pos;
      rank_sum += r[i];
    } else {
      ++neg;
    }
  }
  if (pos == 0 || neg == 0) return std::nullopt;
  return (rank_sum - pos * (pos + 1) / 2.0) / (pos * neg);
}

std::optional<Trend> FitTrend(const std::vector<double>& t, const std::vector<double>& y) {
  assert(t.size() == y.size());
  if (t.size() < 2) return std::nullopt;
  double mt = Mean(t), my = Mean(y), stt = 0, sty = 0;
  for (size_t i = 0; i < t.size(); ++i) {
    stt += (t[i] - mt) * (t[i] - mt);
    sty += (t[i] - mt) * (y[i] - my);
  }
  if (stt <= 0) return std::nullopt;
  Trend tr;
  tr.n = int(t.size());
  tr.slope = sty / stt;
  tr.intercept = my - tr.slope * mt;
  return tr;
}

std::optional<TrendError> HoldoutError(const std::vector<double>& t, const std::vector<double>& y, int holdout) {
  if (holdout < 1 || int(t.size()) - holdout < 2) return std::nullopt;
  size_t k = t.size() - size_t(holdout);
  auto tr = FitTrend(std::vector<double>(t.begin(), t.begin() + long(k)), std::vector<double>(y.begin(), y.begin() + long(k)));
  if (!tr) return std::nullopt;
  TrendError e;
  e.train_n = int(k);
  e.holdout_n = holdout;
  double abs_sum = 0, pct_sum = 0;
  bool pct_ok = true;
  for (size_t i = k; i < t.size(); ++i) {
    double err = std::fabs(y[i] - tr->At(t[i]));
    abs_sum += err;
    if (y[i] == 0) pct_ok = false; else pct_sum += err / std::fabs(y[i]);
  }
  e.mae = abs_sum / holdout;
  if (pct_ok) e.mape = 100.0 * pct_sum / holdout;
  return e;
}

std::vector<RateRow> ImpactRatios(const std::vector<RateGroup>& groups) {
  int total = 0;
  for (const auto& g : groups) total += g.n;
  std::vector<RateRow> rows;
  double best = 0;
  for (const auto& g : groups) {
    RateRow r;
    r.category = g.category;
    r.n = g.n;
    r.selected = g.selected;
    r.rate = g.n > 0 ? double(g.selected) / g.n : 0;
    r.share = total > 0 ? double(g.n) / total : 0;
    r.under_2_percent = r.share < 0.02;
    if (!r.under_2_percent) best = std::max(best, r.rate);
    rows.push_back(r);
  }
  for (auto& r : rows)
    if (!r.under_2_percent && best > 0) r.impact_ratio = r.rate / best;
  return rows;
}

}  // namespace analytics::stats
