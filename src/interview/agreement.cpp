#include "interview/agreement.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <numeric>

namespace interview {

double PearsonR(const std::vector<double>& x, const std::vector<double>& y) {
  size_t n = x.size();
  if (n < 2 || y.size() != n) return 0;
  double mx = std::accumulate(x.begin(), x.end(), 0.0) / static_cast<double>(n);
  double my = std::accumulate(y.begin(), y.end(), 0.0) / static_cast<double>(n);
  double sxy = 0, sxx = 0, syy = 0;
  for (size_t i = 0; i < n; ++i) {
    sxy += (x[i] - mx) * (y[i] - my);
    sxx += (x[i] - mx) * (x[i] - mx);
    syy += (y[i] - my) * (y[i] - my);
  }
  if (sxx <= 0 || syy <= 0) return 0;
  return sxy / std::sqrt(sxx * syy);
}

namespace {
std::vector<double> Ranks(const std::vector<double>& v) {
  std::vector<size_t> idx(v.size());
  std::iota(idx.begin(), idx.end(), 0);
  std::stable_sort(idx.begin(), idx.end(), [&](size_t a, size_t b) { return v[a] < v[b]; });
  std::vector<double> r(v.size());
  for (size_t i = 0; i < idx.size();) {
    size_t j = i;
    while (j + 1 < idx.size() && v[idx[j + 1]] == v[idx[i]]) ++j;
    double avg = (static_cast<double>(i) + static_cast<double>(j)) / 2.0 + 1.0;
    for (size_t k = i; k <= j; ++k) r[idx[k]] = avg;
    i = j + 1;
  }
  return r;
}
}  // namespace

double SpearmanRho(const std::vector<double>& x, const std::vector<double>& y) {
  if (x.size() != y.size()) return 0;
  return PearsonR(Ranks(x), Ranks(y));
}

core::Result<std::vector<GradedAnswer>> ParseAsagTsv(std::string_view tsv) {
  std::vector<GradedAnswer> rows;
  size_t pos = 0;
  int line_no = 0;
  while (pos < tsv.size()) {
    size_t nl = tsv.find('\n', pos);
    if (nl == std::string_view::npos) nl = tsv.size();
    std::string_view line = tsv.substr(pos, nl - pos);
    pos = nl + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line_no == 1 || line.empty()) continue;  // header
    std::vector<std::string_view> cols;
    size_t c = 0;
    while (true) {
      size_t tab = line.find('\t', c);
      cols.push_back(line.substr(c, tab == std::string_view::npos ? std::string_view::npos : tab - c));
      if (tab == std::string_view::npos) break;
      c = tab + 1;
    }
    if (cols.size() < 7) {
      return core::Error::Invalid("line " + std::to_string(line_no), "expected 7 tab-separated columns");
    }
    std::string grade(cols[6]);
    char* end = nullptr;
    double g = std::strtod(grade.c_str(), &end);
    if (grade.empty() || end != grade.c_str() + grade.size()) {
      return core::Error::Invalid("line " + std::to_string(line_no), "score_avg is not a number");
    }
    rows.push_back({std::string(cols[0]), std::string(cols[1]), std::string(cols[2]), std::string(cols[3]), g});
  }
  return rows;
}

}  // namespace interview
