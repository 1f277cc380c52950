// Statistics checked against values derived by hand (in the comments) or by a second, independent
// method in the test (pairwise AUC, closed-form logistic MLE, rank formula without ties).
#include "analytics/stats.h"

#include <cmath>
#include <random>

#include <gtest/gtest.h>

using namespace analytics::stats;

TEST(AverageRanks, TiesShareTheMeanOfTheirRanks) {
  auto r = AverageRanks({10, 20, 20, 30});
  EXPECT_EQ(r, (std::vector<double>{1, 2.5, 2.5, 4}));
  EXPECT_EQ(AverageRanks({5, 5, 5}), (std::vector<double>{2, 2, 2}));
  EXPECT_EQ(AverageRanks({3, 1, 2}), (std::vector<double>{3, 1, 2}));
}

TEST(Median, OddAndEvenCounts) {
  EXPECT_DOUBLE_EQ(Median({3, 1, 2}), 2);
  EXPECT_DOUBLE_EQ(Median({4, 1, 3, 2}), 2.5);
  EXPECT_TRUE(std::isnan(Median({})));
}

// x = 1..5, y = 2,4,5,4,5: dx = -2..2, dy = -2,0,1,0,1; Sxy = 6, Sxx = 10, Syy = 6; r = 6/sqrt(60).
TEST(Pearson, HandComputedSample) {
  auto c = Pearson({1, 2, 3, 4, 5}, {2, 4, 5, 4, 5});
  EXPECT_EQ(c.n, 5);
  ASSERT_TRUE(c.r);
  EXPECT_NEAR(*c.r, 6 / std::sqrt(60.0), 1e-12);
  EXPECT_NEAR(*c.r, 0.7745966692, 1e-9);
}

// Ranks of y: 1, 2.5, 4.5, 2.5, 4.5 (mean 3); d = -2,-0.5,1.5,-0.5,1.5; Sxy = 7, Syy = 9; rho = 7/sqrt(90).
TEST(Spearman, TiesUseAverageRanks) {
  auto c = Spearman({1, 2, 3, 4, 5}, {2, 4, 5, 4, 5});
  ASSERT_TRUE(c.r);
  EXPECT_NEAR(*c.r, 7 / std::sqrt(90.0), 1e-12);
}

TEST(Spearman, WithoutTiesMatchesTheRankDifferenceFormula) {
  std::vector<double> x = {3, 9, 1, 7, 5, 11, 2, 8}, y = {2, 7, 3, 9, 4, 8, 1, 6};
  // rho = 1 - 6 sum d^2 / (n (n^2 - 1)), ranks worked out by hand:
  // rank x: 3,7,1,5,4,8,2,6   rank y: 2,6,3,8,4,7,1,5   d: 1,1,-2,-3,0,1,1,1  sum d^2 = 18
  double expected = 1 - 6.0 * 18 / (8 * 63);
  auto c = Spearman(x, y);
  ASSERT_TRUE(c.r);
  EXPECT_NEAR(*c.r, expected, 1e-12);
  // A monotone but non-linear relation: Spearman is exactly 1, Pearson is not.
  std::vector<double> a = {1, 2, 3, 4, 5, 6}, b = {1, 8, 27, 64, 125, 216};
  EXPECT_NEAR(*Spearman(a, b).r, 1.0, 1e-12);
  EXPECT_LT(*Pearson(a, b).r, 0.99);
}

// Fisher z: r = 0.5, n = 28 -> z = 0.549306, se = 0.2 -> [tanh(0.157313), tanh(0.941299)] = [0.15603, 0.73582].
TEST(Pearson, FisherIntervalForKnownR) {
  // Build a sample with r exactly 0.5: y = 0.5 x + sqrt(0.75) e with x, e orthogonal, centred, equal norms.
  std::vector<double> x, y;
  for (int i = 0; i < 28; ++i) {
    double xi = (i % 2 == 0 ? 1 : -1), ei = ((i / 2) % 2 == 0 ? 1 : -1);
    x.push_back(xi);
    y.push_back(0.5 * xi + std::sqrt(0.75) * ei);
  }
  auto c = Pearson(x, y);
  ASSERT_TRUE(c.r && c.lo && c.hi);
  EXPECT_NEAR(*c.r, 0.5, 1e-12);
  EXPECT_NEAR(*c.lo, 0.15603, 1e-5);
  EXPECT_NEAR(*c.hi, 0.73582, 1e-5);
}

TEST(Pearson, UndefinedForConstantOrTinySamples) {
  EXPECT_FALSE(Pearson({1, 2, 3}, {4, 4, 4}).r);
  EXPECT_FALSE(Pearson({1, 2}, {1, 2}).r);
  auto perfect = Pearson({1, 2, 3, 4}, {2, 4, 6, 8});
  EXPECT_NEAR(*perfect.r, 1.0, 1e-12);
  EXPECT_FALSE(perfect.lo);  // atanh(1) is infinite: no interval
  EXPECT_FALSE(Pearson({1, 2, 3}, {1, 3, 2}).lo);  // n < 4
}

TEST(Auc, ClassicExampleAndTies) {
  EXPECT_NEAR(*Auc({0.1, 0.4, 0.35, 0.8}, {0, 0, 1, 1}), 0.75, 1e-12);
  EXPECT_NEAR(*Auc({0.5, 0.5, 0.5, 0.5}, {0, 1, 0, 1}), 0.5, 1e-12);
  EXPECT_NEAR(*Auc({1, 2, 3, 4}, {0, 0, 1, 1}), 1.0, 1e-12);
  EXPECT_FALSE(Auc({1, 2}, {1, 1}));
}

TEST(Auc, MatchesPairwiseCountingOnRandomScoresWithTies) {
  std::mt19937 rng(7);
  std::uniform_int_distribution<int> s(0, 9), l(0, 1);
  std::vector<double> scores;
  std::vector<int> labels;
  for (int i = 0; i < 300; ++i) {
    scores.push_back(s(rng));
    labels.push_back(l(rng));
  }
  double wins = 0, pairs = 0;
  for (size_t i = 0; i < scores.size(); ++i)
    for (size_t j = 0; j < scores.size(); ++j)
      if (labels[i] == 1 && labels[j] == 0) {
        pairs += 1;
        wins += scores[i] > scores[j] ? 1 : scores[i] == scores[j] ? 0.5 : 0;
      }
  EXPECT_NEAR(*Auc(scores, labels), wins / pairs, 1e-12);
}

// One binary feature, no penalty: the maximum-likelihood model reproduces each group's observed
// share, P(y|x=0) = 2/8 and P(y|x=1) = 6/8.
TEST(Logistic, UnpenalisedBinaryFeatureReproducesGroupShares) {
  std::vector<std::vector<double>> X;
  std::vector<int> y;
  for (int i = 0; i < 8; ++i) { X.push_back({0}); y.push_back(i < 2); }
  for (int i = 0; i < 8; ++i) { X.push_back({1}); y.push_back(i < 6); }
  auto m = FitLogistic(X, y, 0.0);
  EXPECT_TRUE(m.converged);
  EXPECT_NEAR(m.Predict({0}), 0.25, 1e-9);
  EXPECT_NEAR(m.Predict({1}), 0.75, 1e-9);
}

TEST(Logistic, SeparableDataIsRankedPerfectlyAndPenaltyKeepsWeightsFinite) {
  std::vector<std::vector<double>> X;
  std::vector<int> y;
  for (int i = 0; i < 40; ++i) {
    double score = 50 + i;  // interview total 50..89
    X.push_back({score, double(i % 5)});
    y.push_back(score >= 70);
  }
  auto m = FitLogistic(X, y, 0.1);
  EXPECT_TRUE(std::isfinite(m.w[0]));
  EXPECT_GT(m.w[0], 0);
  std::vector<double> p;
  for (auto& row : X) p.push_back(m.Predict(row));
  EXPECT_NEAR(*Auc(p, y), 1.0, 1e-12);
  EXPECT_GT(m.Predict({89, 0}), 0.9);
  EXPECT_LT(m.Predict({50, 0}), 0.1);
}

TEST(Logistic, RandomLabelsGiveChanceLevelOnHeldOutData) {
  std::mt19937 rng(42);
  std::normal_distribution<double> f(70, 10);
  std::bernoulli_distribution coin(0.5);
  std::vector<std::vector<double>> X, Xt;
  std::vector<int> y, yt;
  for (int i = 0; i < 2000; ++i) { X.push_back({f(rng), f(rng)}); y.push_back(coin(rng)); }
  for (int i = 0; i < 2000; ++i) { Xt.push_back({f(rng), f(rng)}); yt.push_back(coin(rng)); }
  auto m = FitLogistic(X, y, 1.0);
  EXPECT_LT(std::fabs(m.w[0]), 0.15);
  EXPECT_LT(std::fabs(m.w[1]), 0.15);
  std::vector<double> p;
  for (auto& row : Xt) p.push_back(m.Predict(row));
  double auc = *Auc(p, yt);
  EXPECT_GT(auc, 0.44);
  EXPECT_LT(auc, 0.56);
}

TEST(Trend, ExactLineHasNoError) {
  std::vector<double> t = {0, 1, 2, 3, 4, 5}, y;
  for (double v : t) y.push_back(2 + 3 * v);
  auto tr = FitTrend(t, y);
  ASSERT_TRUE(tr);
  EXPECT_NEAR(tr->slope, 3, 1e-12);
  EXPECT_NEAR(tr->intercept, 2, 1e-12);
  auto e = HoldoutError(t, y, 2);
  ASSERT_TRUE(e);
  EXPECT_NEAR(e->mae, 0, 1e-9);
  EXPECT_NEAR(*e->mape, 0, 1e-9);
}

// Train on (0,10), (1,12), (2,14): slope 2, intercept 10. Held out (3,20): forecast 16, error 4, 20%.
TEST(Trend, HoldoutErrorOfAKnownMiss) {
  auto e = HoldoutError({0, 1, 2, 3}, {10, 12, 14, 20}, 1);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->train_n, 3);
  EXPECT_NEAR(e->mae, 4, 1e-12);
  EXPECT_NEAR(*e->mape, 20, 1e-12);
  EXPECT_FALSE(HoldoutError({0, 1}, {1, 2}, 1));
  EXPECT_FALSE(FitTrend({1, 1}, {1, 2}));
}

// 100 men, 50 selected (0.5); 80 women, 30 selected (0.375 -> 0.75 of 0.5); 3 "other" all selected,
// 3/183 = 1.6% < 2%: flagged and excluded, so the highest rate is the men's, not the small group's 1.0.
TEST(ImpactRatios, TwoPercentRuleExcludesSmallCategoryFromTheReference) {
  auto rows = ImpactRatios({{"male", 100, 50}, {"female", 80, 30}, {"other", 3, 3}});
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_NEAR(rows[0].rate, 0.5, 1e-12);
  EXPECT_NEAR(*rows[0].impact_ratio, 1.0, 1e-12);
  EXPECT_NEAR(*rows[1].impact_ratio, 0.75, 1e-12);
  EXPECT_TRUE(rows[2].under_2_percent);
  EXPECT_FALSE(rows[2].impact_ratio);
  EXPECT_NEAR(rows[2].share, 3.0 / 183, 1e-12);
  EXPECT_FALSE(rows[0].under_2_percent);
}
