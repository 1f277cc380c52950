// The analytics read models (funnel, hire facts) against concurrent writers on a real PostgreSQL
// server (HIREFLOW_TEST_PG_URL; skipped when unset). Ids come from a sequence at INSERT time (and
// updated_at from the clock at UPDATE time) but transactions commit in another order: a fold that
// runs after a later row committed and before an earlier one did must still fold the earlier one in
// later. Two transactions are interleaved by hand on two connections (no threads, no sleeps).
#include <gtest/gtest.h>

#include <cstdlib>

#include "analytics/analytics.h"
#include "jobs/jobs.h"
#include "store/store.h"

namespace {

using store::Rows;

class FoldConcurrency : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* u = std::getenv("HIREFLOW_TEST_PG_URL");
    if (!u) GTEST_SKIP() << "HIREFLOW_TEST_PG_URL not set (make test sets it)";
    db_ = std::move(*store::Open(u));
    {
      auto tx = std::move(*db_->Begin());
      ASSERT_TRUE(tx->Exec("DROP SCHEMA public CASCADE").ok());
      ASSERT_TRUE(tx->Exec("CREATE SCHEMA public").ok());
      ASSERT_TRUE(tx->Commit().ok());
    }
    ASSERT_TRUE(store::Migrate(*db_).ok());
    auto tx = std::move(*db_->Begin());
    const char* at = "2026-01-05T09:00:00Z";
    dept_ =
        One(*tx, "INSERT INTO departments(name, code, created_at, updated_at) VALUES ('R&D', 'RD', ?, ?) RETURNING id",
            {at, at});
    req_ = One(
        *tx,
        "INSERT INTO requisitions(title, department_id, headcount, employment_type, status, created_at, updated_at) "
        "VALUES ('Engineer', ?, 3, 'full_time', 'open', ?, ?) RETURNING id",
        {dept_, at, at});
    for (int i = 0; i < 3; ++i) apps_.push_back(NewApplication(*tx, "Candidate " + std::to_string(i)));
    ASSERT_TRUE(tx->Commit().ok());
  }

  static int64_t One(store::Tx& tx, const std::string& sql, const store::Params& p) {
    auto r = tx.Query(sql, p);
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
    return r.ok() && !r->empty() ? (*r)[0].Int("id") : 0;
  }
  int64_t NewApplication(store::Tx& tx, const std::string& name) {
    const char* at = "2026-01-06T09:00:00Z";
    int64_t cand = One(
        tx, "INSERT INTO candidates(name, source, created_at, updated_at) VALUES (?, 'referral', ?, ?) RETURNING id",
        {name, at, at});
    int64_t app = One(tx,
                      "INSERT INTO applications(requisition_id, candidate_id, status, source, created_at, updated_at) "
                      "VALUES (?, ?, 'applied', 'referral', ?, ?) RETURNING id",
                      {req_, cand, at, at});
    Move(tx, app, "applied", at);
    return app;
  }
  // A status change as recruiting records it: the history row (id from the sequence, now).
  static int64_t Move(store::Tx& tx, int64_t app, const std::string& to, const std::string& at) {
    EXPECT_TRUE(tx.Exec("UPDATE applications SET status = ? WHERE id = ?", {to, app}).ok());
    return One(
        tx,
        "INSERT INTO application_events(application_id, at, actor, kind, to_status) VALUES (?, ?, 'hr', 'status', ?) "
        "RETURNING id",
        {app, at, to});
  }
  int64_t Fold() {
    auto v = analytics::Freshen(*db_, clock_);
    EXPECT_TRUE(v.ok()) << (v.ok() ? "" : v.error().message);
    return v.ok() ? *v : -1;
  }
  // Funnel totals over the cube: applications and those that reached `stage`.
  int64_t Sum(const std::string& column) {
    auto tx = std::move(*db_->Begin(false));
    auto r = tx->Query("SELECT COALESCE(SUM(" + column + "), 0) AS n FROM analytics_funnel_cube");
    EXPECT_TRUE(r.ok());
    return (*r)[0].Int("n");
  }
  int64_t Facts() {
    auto tx = std::move(*db_->Begin(false));
    return (*tx->Query("SELECT COUNT(*) AS n FROM analytics_app_facts"))[0].Int("n");
  }
  bool Current() {
    auto tx = std::move(*db_->Begin(false));
    auto s = analytics::ReadModelStatus(*tx, std::nullopt);
    EXPECT_TRUE(s.ok());
    return s.ok() && (*s)["current"].get<bool>();
  }

  std::unique_ptr<store::Db> db_;
  core::FixedClock clock_{core::Instant(std::chrono::milliseconds(1'790'000'000'000))};
  int64_t dept_ = 0, req_ = 0;
  std::vector<int64_t> apps_;
};

// T1 takes the lower event id and commits last; a fold runs between the two commits.
TEST_F(FoldConcurrency, EventCommittedAfterAHigherIdIsStillFolded) {
  Fold();  // the first fold: everything so far
  ASSERT_EQ(Sum("applications"), 3);
  ASSERT_EQ(Sum("r_screened"), 0);

  auto t1 = std::move(*db_->Begin());
  int64_t low = Move(*t1, apps_[0], "screened", "2026-01-07T09:00:00Z");
  {
    auto t2 = std::move(*db_->Begin());
    int64_t high = Move(*t2, apps_[1], "screened", "2026-01-07T10:00:00Z");
    ASSERT_LT(low, high);
    ASSERT_TRUE(t2->Commit().ok());
  }
  Fold();  // sees the higher id, not the lower (uncommitted)
  EXPECT_EQ(Sum("r_screened"), 1);
  ASSERT_TRUE(t1->Commit().ok());
  EXPECT_FALSE(Current()) << "the late commit is pending, not hidden behind the cursor";
  Fold();
  EXPECT_EQ(Sum("r_screened"), 2) << "the event committed after a higher id was skipped";
  EXPECT_EQ(Sum("applications"), 3);
  EXPECT_TRUE(Current());
}

// The same on the very first fold (a full rebuild) while a move is still uncommitted.
TEST_F(FoldConcurrency, EventUncommittedDuringTheRebuildIsFoldedLater) {
  auto t1 = std::move(*db_->Begin());
  Move(*t1, apps_[2], "screened", "2026-01-07T09:00:00Z");
  {
    auto t2 = std::move(*db_->Begin());
    Move(*t2, apps_[1], "screened", "2026-01-07T10:00:00Z");
    ASSERT_TRUE(t2->Commit().ok());
  }
  Fold();  // rebuild
  EXPECT_EQ(Sum("r_screened"), 1);
  ASSERT_TRUE(t1->Commit().ok());
  Fold();
  EXPECT_EQ(Sum("r_screened"), 2);
}

// A new application whose transaction commits late (its history row has the lower id).
TEST_F(FoldConcurrency, ApplicationCommittedLateIsCounted) {
  Fold();
  auto t1 = std::move(*db_->Begin());
  int64_t late = NewApplication(*t1, "Late");
  {
    auto t2 = std::move(*db_->Begin());
    Move(*t2, apps_[0], "screened", "2026-01-07T10:00:00Z");
    ASSERT_TRUE(t2->Commit().ok());
  }
  Fold();
  ASSERT_TRUE(t1->Commit().ok());
  Fold();
  EXPECT_EQ(Sum("applications"), 4);
  auto tx = std::move(*db_->Begin(false));
  EXPECT_EQ((*tx->Query("SELECT COUNT(*) AS n FROM analytics_app_facts WHERE application_id = ?", {late}))[0].Int("n"),
            1);
}

// A candidate erasure (its outbox event has the lower id) committed after another event (higher id)
// was folded: the erased application's contribution must still be dropped.
TEST_F(FoldConcurrency, ErasureCommittedAfterAHigherOutboxIdIsApplied) {
  Fold();
  ASSERT_EQ(Facts(), 3);
  auto t1 = std::move(*db_->Begin());
  ASSERT_TRUE(jobs::Emit(*t1, "candidate.erased", "candidate", "x", nlohmann::json::object(), clock_).ok());
  ASSERT_TRUE(
      t1->Exec("DELETE FROM candidates WHERE id = (SELECT candidate_id FROM applications WHERE id = ?)", {apps_[2]})
          .ok());
  {
    auto t2 = std::move(*db_->Begin());
    ASSERT_TRUE(jobs::Emit(*t2, "candidate.merged", "candidate", "y", nlohmann::json::object(), clock_).ok());
    Move(*t2, apps_[0], "screened", "2026-01-07T10:00:00Z");
    ASSERT_TRUE(t2->Commit().ok());
  }
  Fold();
  EXPECT_EQ(Facts(), 3);
  ASSERT_TRUE(t1->Commit().ok());
  Fold();
  EXPECT_EQ(Facts(), 2);
  EXPECT_EQ(Sum("applications"), 2);
}

// Rolled-back ids leave permanent holes in the sequence: they are not waited for.
TEST_F(FoldConcurrency, RolledBackIdsDoNotKeepTheModelStale) {
  Fold();
  {
    auto t1 = std::move(*db_->Begin());
    Move(*t1, apps_[0], "screened", "2026-01-07T09:00:00Z");
  }  // rolled back
  {
    auto t2 = std::move(*db_->Begin());
    Move(*t2, apps_[1], "screened", "2026-01-07T10:00:00Z");
    ASSERT_TRUE(t2->Commit().ok());
  }
  EXPECT_FALSE(Current());
  Fold();
  EXPECT_TRUE(Current());
  EXPECT_EQ(Sum("r_screened"), 1);
}

// The hire read model: an employee changed by a transaction that commits after a later change was
// folded (its updated_at is older than the stamp the fold read) must still be refolded.
TEST_F(FoldConcurrency, HireChangedByALateCommitIsRefolded) {
  int64_t dept2 = 0, emp[2] = {0, 0};
  {
    auto tx = std::move(*db_->Begin());
    const char* at = "2026-01-10T09:00:00Z";
    dept2 =
        One(*tx, "INSERT INTO departments(name, code, created_at, updated_at) VALUES ('Ops', 'OPS', ?, ?) RETURNING id",
            {at, at});
    for (int i = 0; i < 2; ++i)
      emp[i] =
          One(*tx,
              "INSERT INTO employees(employee_no, name, department_id, hire_date, status, application_id, created_at, "
              "updated_at) VALUES (?, ?, ?, '2026-01-10', 'active', ?, ?, ?) RETURNING id",
              {"E" + std::to_string(i), "Hire " + std::to_string(i), dept_, apps_[size_t(i)], at, at});
    ASSERT_TRUE(tx->Commit().ok());
  }
  Fold();
  auto dept_of = [&](int64_t e) {
    auto tx = std::move(*db_->Begin(false));
    auto r = tx->Query("SELECT department_id FROM analytics_hire_facts WHERE employee_id = ?", {e});
    EXPECT_TRUE(r.ok() && !r->empty());
    return r.ok() && !r->empty() ? (*r)[0].Int("department_id") : 0;
  };
  ASSERT_EQ(dept_of(emp[0]), dept_);
  auto t1 = std::move(*db_->Begin());
  ASSERT_TRUE(t1->Exec("UPDATE employees SET department_id = ?, updated_at = '2026-02-01T09:00:00Z' WHERE id = ?",
                       {dept2, emp[0]})
                  .ok());
  {
    auto t2 = std::move(*db_->Begin());
    ASSERT_TRUE(t2->Exec("UPDATE employees SET updated_at = '2026-02-02T09:00:00Z' WHERE id = ?", {emp[1]}).ok());
    ASSERT_TRUE(t2->Commit().ok());
  }
  Fold();
  EXPECT_EQ(dept_of(emp[0]), dept_);
  ASSERT_TRUE(t1->Commit().ok());
  EXPECT_FALSE(Current());
  Fold();
  EXPECT_EQ(dept_of(emp[0]), dept2) << "the change committed after a later stamp was skipped";
  EXPECT_TRUE(Current());
}

}  // namespace
