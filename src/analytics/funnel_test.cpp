// What one application's status history contributes to the funnel, worked out by hand.
#include "analytics/detail.h"

#include <gtest/gtest.h>

using namespace analytics::detail;

namespace {
double Metric(const Contribution& c, const std::string& name) {
  const auto& cols = MetricColumns();
  for (size_t i = 0; i < cols.size(); ++i)
    if (cols[i] == name) return c.m[i];
  ADD_FAILURE() << "no metric " << name;
  return -1;
}
constexpr double kDay = 86400;
}  // namespace

TEST(FunnelContribution, HireReachesEveryStageWithTimeInEachAndTimeToHire) {
  std::vector<StatusEvent> ev = {{0, "applied"},          {1 * kDay, "screened"}, {3 * kDay, "interview_invited"},
                                 {4 * kDay, "interviewed"}, {6 * kDay, "offer"},   {9 * kDay, "hired"}};
  auto c = Contribute(ev);
  EXPECT_EQ(c.reached, 0b1111111);  // second_round skipped but counted as passed on the way to offer
  EXPECT_EQ(c.eliminated_stage, -1);
  EXPECT_EQ(Metric(c, "r_hired"), 1);
  EXPECT_EQ(Metric(c, "s_applied"), 1 * kDay);
  EXPECT_EQ(Metric(c, "s_screened"), 2 * kDay);
  EXPECT_EQ(Metric(c, "s_interviewed"), 2 * kDay);
  EXPECT_EQ(Metric(c, "n_interviewed"), 1);
  EXPECT_EQ(Metric(c, "s_second_round"), 0);
  EXPECT_EQ(Metric(c, "n_hired"), 0);
  EXPECT_EQ(Metric(c, "hire_secs"), 9 * kDay);
  EXPECT_EQ(Metric(c, "hires_timed"), 1);
  EXPECT_EQ(Metric(c, "offers_decided"), 1);
  EXPECT_EQ(Metric(c, "offers_accepted"), 1);
}

TEST(FunnelContribution, RejectionIsCountedAtTheStageItHappened) {
  auto c = Contribute({{0, "applied"}, {kDay, "screened"}, {5 * kDay, "rejected"}});
  EXPECT_EQ(c.reached, 0b11);
  EXPECT_EQ(c.eliminated_stage, 1);
  EXPECT_EQ(Metric(c, "e_screened"), 1);
  EXPECT_EQ(Metric(c, "s_screened"), 4 * kDay);
  EXPECT_EQ(Metric(c, "n_screened"), 1);
  EXPECT_EQ(Metric(c, "offers_decided"), 0);
}

TEST(FunnelContribution, HoldPausesTheClockAndReopeningClearsTheElimination) {
  // interviewed for 2 days, on hold 10 days, back to interviewed 1 day, then rejected; reopened to screened.
  auto c = Contribute({{0, "applied"}, {0, "interview_invited"}, {kDay, "interviewed"}, {3 * kDay, "on_hold"},
                       {13 * kDay, "interviewed"}, {14 * kDay, "rejected"}});
  EXPECT_EQ(c.eliminated_stage, 3);
  EXPECT_EQ(Metric(c, "s_interviewed"), 3 * kDay);
  EXPECT_EQ(Metric(c, "n_interviewed"), 1);
  auto reopened = Contribute({{0, "applied"}, {kDay, "rejected"}, {2 * kDay, "screened"}});
  EXPECT_EQ(reopened.eliminated_stage, -1);
  EXPECT_EQ(Metric(reopened, "e_applied"), 0);
  EXPECT_EQ(Metric(reopened, "r_screened"), 1);
}

TEST(FunnelContribution, DeclinedOfferIsDecidedButNotAccepted) {
  auto c = Contribute({{0, "applied"}, {kDay, "screened"}, {2 * kDay, "interviewed"}, {3 * kDay, "offer"}, {4 * kDay, "withdrawn"}});
  EXPECT_EQ(Metric(c, "offers_decided"), 1);
  EXPECT_EQ(Metric(c, "offers_accepted"), 0);
  EXPECT_EQ(Metric(c, "withdrawn"), 1);
  EXPECT_EQ(c.eliminated_stage, -1);
}

TEST(HireHorizon, WindowsAroundThreeSixAndTwelveMonths) {
  EXPECT_EQ(HorizonOf(1.4), 0);
  EXPECT_EQ(HorizonOf(1.5), 3);
  EXPECT_EQ(HorizonOf(4.49), 3);
  EXPECT_EQ(HorizonOf(4.5), 6);
  EXPECT_EQ(HorizonOf(9), 12);
  EXPECT_EQ(HorizonOf(18), 0);
}
