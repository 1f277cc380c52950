// Queue semantics on SQLite and on a real PostgreSQL server (HIREFLOW_TEST_PG_URL).
#include "jobs/jobs.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <set>
#include <thread>

namespace {

using namespace std::chrono_literals;
using nlohmann::json;

class JobsSuite : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (GetParam() == "postgresql") {
      const char* u = std::getenv("HIREFLOW_TEST_PG_URL");
      if (!u) GTEST_SKIP() << "HIREFLOW_TEST_PG_URL not set (make test sets it)";
      db_ = std::move(*store::Open(u));
      auto tx = std::move(*db_->Begin());
      ASSERT_TRUE(tx->Exec("DROP SCHEMA public CASCADE").ok());
      ASSERT_TRUE(tx->Exec("CREATE SCHEMA public").ok());
      ASSERT_TRUE(tx->Commit().ok());
    } else {
      dir_ = std::filesystem::temp_directory_path() /
             ("hf-jobs-" + std::to_string(::getpid()) + "-" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
      std::filesystem::remove_all(dir_);
      std::filesystem::create_directories(dir_);
      db_ = std::move(*store::Open("sqlite:" + (dir_ / "t.db").string()));
    }
    ASSERT_TRUE(store::Migrate(*db_).ok());
  }
  void TearDown() override {
    db_.reset();
    if (!dir_.empty()) std::filesystem::remove_all(dir_);
  }
  int64_t Add(std::string_view kind, json payload = json::object(), jobs::EnqueueOptions o = {}) {
    auto tx = std::move(*db_->Begin());
    auto id = jobs::Enqueue(*tx, kind, payload, clock_, o);
    EXPECT_TRUE(id.ok());
    EXPECT_TRUE(tx->Commit().ok());
    return *id;
  }
  std::string Status(int64_t id) {
    auto tx = std::move(*db_->Begin(false));
    return (*tx->Query("SELECT status FROM jobs WHERE id = ?", {id}))[0].Str("status");
  }
  int64_t Count(const std::string& sql) {
    auto tx = std::move(*db_->Begin(false));
    return (*tx->Query(sql))[0].Int("n");
  }
  std::filesystem::path dir_;
  std::unique_ptr<store::Db> db_;
  core::FixedClock clock_{core::Instant(std::chrono::milliseconds(1'790'000'000'000))};
};

TEST_P(JobsSuite, HandlerEffectsAndCompletionCommitTogether) {
  jobs::Queue q(*db_, clock_);
  q.Register("grade", [](const jobs::Job& j, store::Tx& tx) -> core::Status {
    HF_TRY(tx.Exec("INSERT INTO grades(code, name, level, created_at, updated_at) VALUES (?, 'g', 1, 'x', 'x')",
                   {j.payload["code"].get<std::string>()}));
    return {};
  });
  int64_t id = Add("grade", {{"code", "G1"}});
  auto ran = q.RunOne("w1");
  ASSERT_TRUE(ran.ok() && *ran);
  EXPECT_EQ(Status(id), "done");
  EXPECT_EQ(Count("SELECT count(*) AS n FROM grades"), 1);
  EXPECT_FALSE(*q.RunOne("w1"));  // nothing left
}

TEST_P(JobsSuite, FailuresBackOffThenDie) {
  jobs::QueueOptions o;
  o.backoff_base = 1000ms;
  jobs::Queue q(*db_, clock_, o);
  int calls = 0;
  q.Register("flaky", [&](const jobs::Job&, store::Tx& tx) -> core::Status {
    ++calls;
    EXPECT_TRUE(tx.Exec("INSERT INTO grades(code, name, level, created_at, updated_at) VALUES ('X', 'g', 1, 'x', 'x')").ok());
    return core::Error::Internal("smtp down");
  });
  jobs::EnqueueOptions eo;
  eo.max_attempts = 3;
  int64_t id = Add("flaky", {}, eo);
  EXPECT_TRUE(*q.RunOne("w"));
  EXPECT_EQ(Status(id), "failed");
  EXPECT_FALSE(*q.RunOne("w"));  // not due yet: backoff 1 s
  clock_.Advance(1001ms);
  EXPECT_TRUE(*q.RunOne("w"));
  EXPECT_FALSE(*q.RunOne("w"));  // backoff 2 s now
  clock_.Advance(2001ms);
  EXPECT_TRUE(*q.RunOne("w"));
  EXPECT_EQ(Status(id), "dead");
  EXPECT_EQ(calls, 3);
  EXPECT_EQ(Count("SELECT count(*) AS n FROM grades"), 0);  // failed attempts left nothing behind
  auto tx = std::move(*db_->Begin(false));
  EXPECT_EQ((*tx->Query("SELECT last_error FROM jobs WHERE id = ?", {id}))[0].Str("last_error"), "smtp down");
}

TEST_P(JobsSuite, DeadJobCanBeRetried) {
  jobs::Queue q(*db_, clock_);
  jobs::EnqueueOptions eo;
  eo.max_attempts = 1;
  int64_t id = Add("nohandler", {}, eo);
  EXPECT_TRUE(*q.RunOne("w"));
  EXPECT_EQ(Status(id), "dead");
  auto tx = std::move(*db_->Begin());
  ASSERT_TRUE(q.Retry(*tx, id).ok());
  ASSERT_TRUE(tx->Commit().ok());
  EXPECT_EQ(Status(id), "queued");
}

TEST_P(JobsSuite, ExpiredLeaseIsReclaimedAndTheStaleWorkerCannotComplete) {
  jobs::QueueOptions o;
  o.lease = 5000ms;
  jobs::Queue q(*db_, clock_, o);
  int runs = 0;
  q.Register("once", [&](const jobs::Job&, store::Tx& tx) -> core::Status {
    ++runs;
    HF_TRY(tx.Exec("INSERT INTO grades(code, name, level, created_at, updated_at) VALUES ('ONCE', 'g', 1, 'x', 'x')"));
    return {};
  });
  int64_t id = Add("once");
  auto first = q.Claim("crashed-worker");  // claims, then "dies" without running
  ASSERT_TRUE(first.ok() && first->has_value());
  EXPECT_FALSE((*q.Claim("w2")).has_value());  // lease still held
  clock_.Advance(5001ms);
  auto second = q.Claim("w2");
  ASSERT_TRUE(second.ok() && second->has_value());
  EXPECT_EQ((**second).attempts, 2);
  EXPECT_TRUE(*q.Run(**second, "w2"));
  EXPECT_FALSE(*q.Run(**first, "crashed-worker"));  // came back late: its effects roll back
  EXPECT_EQ(Status(id), "done");
  EXPECT_EQ(Count("SELECT count(*) AS n FROM grades"), 1);
}

TEST_P(JobsSuite, TwoWorkersNeverTakeTheSameJob) {
  jobs::Queue q(*db_, clock_);
  constexpr int kJobs = 60;
  for (int i = 0; i < kJobs; ++i) Add("k", {{"i", i}});
  std::mutex mu;
  std::multiset<int64_t> claimed;
  std::vector<std::thread> ts;
  for (int w = 0; w < 3; ++w) {
    ts.emplace_back([&, w] {
      for (;;) {
        auto j = q.Claim("w" + std::to_string(w));
        if (!j.ok()) continue;  // busy: try again
        if (!j->has_value()) return;
        std::lock_guard lk(mu);
        claimed.insert((**j).id);
      }
    });
  }
  for (auto& t : ts) t.join();
  EXPECT_EQ(claimed.size(), size_t(kJobs));
  for (int64_t id : claimed) EXPECT_EQ(claimed.count(id), 1u) << id;
}

TEST_P(JobsSuite, OutboxEventsBecomeOneJobPerSubscriberOnce) {
  jobs::Queue q(*db_, clock_);
  q.Subscribe("employee.", "notify");
  q.Subscribe("employee.create", "welcome");
  {
    auto tx = std::move(*db_->Begin());
    ASSERT_TRUE(jobs::Emit(*tx, "employee.create", "employee", "7", {{"subject", "x"}}, clock_).ok());
    ASSERT_TRUE(jobs::Emit(*tx, "department.update", "department", "2", json::object(), clock_).ok());
    ASSERT_TRUE(tx->Commit().ok());
  }
  EXPECT_EQ(*q.Dispatch(), 2);
  EXPECT_EQ(*q.Dispatch(), 0);  // dispatched events are not dispatched again
  EXPECT_EQ(Count("SELECT count(*) AS n FROM jobs WHERE kind = 'notify'"), 1);
  EXPECT_EQ(Count("SELECT count(*) AS n FROM jobs WHERE kind = 'welcome'"), 1);
}

TEST_P(JobsSuite, CoalescingSubscriberGetsOneJobPerBatchWithItsLastEvent) {
  jobs::Queue q(*db_, clock_);
  q.Subscribe("application.", "per_event");
  q.Subscribe("application.", "fold", /*coalesce=*/true);
  int64_t last = 0;
  {
    auto tx = std::move(*db_->Begin());
    for (int i = 0; i < 3; ++i)
      ASSERT_TRUE(jobs::Emit(*tx, "application.moved", "application", std::to_string(i), json::object(), clock_).ok());
    ASSERT_TRUE(jobs::Emit(*tx, "department.update", "department", "2", json::object(), clock_).ok());
    auto r = (*tx).Query("SELECT max(id) AS m FROM outbox WHERE topic = 'application.moved'");
    ASSERT_TRUE(r.ok());
    last = (*r)[0].Int("m");
    ASSERT_TRUE(tx->Commit().ok());
  }
  EXPECT_EQ(*q.Dispatch(), 4);  // three per-event jobs and one fold
  EXPECT_EQ(Count("SELECT count(*) AS n FROM jobs WHERE kind = 'per_event'"), 3);
  EXPECT_EQ(Count("SELECT count(*) AS n FROM jobs WHERE kind = 'fold'"), 1);
  auto r = (*db_->Begin())->Query("SELECT payload FROM jobs WHERE kind = 'fold'");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(json::parse((*r)[0].Str("payload"))["event_id"].get<int64_t>(), last);
  // A later batch is another fold.
  {
    auto tx = std::move(*db_->Begin());
    ASSERT_TRUE(jobs::Emit(*tx, "application.moved", "application", "9", json::object(), clock_).ok());
    ASSERT_TRUE(tx->Commit().ok());
  }
  EXPECT_EQ(*q.Dispatch(), 2);
  EXPECT_EQ(Count("SELECT count(*) AS n FROM jobs WHERE kind = 'fold'"), 2);
}

TEST_P(JobsSuite, DedupeKeyKeepsOneJob) {
  jobs::EnqueueOptions o;
  o.dedupe_key = "invite:42";
  EXPECT_EQ(Add("invite", {}, o), Add("invite", {}, o));
  EXPECT_EQ(Count("SELECT count(*) AS n FROM jobs"), 1);
}

TEST_P(JobsSuite, NotificationsGoToHrAndAdminsButNotTheActor) {
  {
    auto tx = std::move(*db_->Begin());
    for (auto [name, role] : {std::pair{"boss", "admin"}, std::pair{"hr1", "hr"}, std::pair{"emp", "employee"}})
      ASSERT_TRUE(tx->Exec("INSERT INTO users(username, password_hash, display_name, role, created_at, updated_at) "
                           "VALUES (?, 'x', ?, ?, 'x', 'x')", {name, name, role}).ok());
    ASSERT_TRUE(jobs::Emit(*tx, "employee.create", "employee", "9", {{"actor_user_id", 1}, {"actor", "boss"}, {"subject", "张伟 (E9)"}},
                           clock_).ok());
    ASSERT_TRUE(tx->Commit().ok());
  }
  jobs::Queue q(*db_, clock_);
  jobs::RegisterNotifications(q, clock_);
  ASSERT_TRUE(q.Dispatch().ok());
  ASSERT_TRUE(*q.RunOne("w"));
  auto tx = std::move(*db_->Begin(false));
  auto r = *tx->Query("SELECT u.username, n.title, n.body, n.link FROM notifications n JOIN users u ON u.id = n.user_id");
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].Str("username"), "hr1");
  EXPECT_EQ(r[0].Str("title"), "新员工入职档案已建立");
  EXPECT_EQ(r[0].Str("body"), "张伟 (E9)（操作人：boss）");
  EXPECT_EQ(r[0].Str("link"), "/employees/9");
}

TEST_P(JobsSuite, LongJobPreparesOutsideAnyTransactionAndCommitsItsStepWithCompletion) {
  jobs::Queue q(*db_, clock_);
  bool wrote_during_prepare = false;
  q.RegisterLong("long", [&](const jobs::Job& job) -> core::Result<jobs::Handler> {
    // While the long part runs, another writer must get through (no transaction is held).
    auto tx = db_->Begin(true);
    if (tx.ok()) {
      wrote_during_prepare = (*tx)->Exec("INSERT INTO outbox(topic, entity, entity_id, payload, created_at) VALUES "
                                         "('t.x', 'e', '1', '{}', '2026-01-01T00:00:00.000Z')").ok() &&
                             (*tx)->Commit().ok();
    }
    int n = job.payload.value("n", 0);
    return jobs::Handler([n](const jobs::Job&, store::Tx& tx) -> core::Status {
      return tx.Exec("INSERT INTO outbox(topic, entity, entity_id, payload, created_at) VALUES ('t.done', 'e', ?, '{}', "
                     "'2026-01-01T00:00:00.000Z')",
                     {std::to_string(n)}).ok()
                 ? core::Status()
                 : core::Status(core::Error::Internal("insert failed"));
    });
  });
  int64_t id = Add("long", {{"n", 7}});
  auto ran = q.RunOne("w1");
  ASSERT_TRUE(ran.ok());
  EXPECT_TRUE(*ran);
  EXPECT_TRUE(wrote_during_prepare);
  EXPECT_EQ(Status(id), "done");
  EXPECT_EQ(Count("SELECT count(*) AS n FROM outbox WHERE topic = 't.done' AND entity_id = '7'"), 1);
}

TEST_P(JobsSuite, LongJobWhosePrepareFailsIsRetriedAndWritesNothing) {
  jobs::Queue q(*db_, clock_);
  int calls = 0;
  q.RegisterLong("flaky", [&](const jobs::Job&) -> core::Result<jobs::Handler> {
    if (++calls == 1) return core::Error::Unavailable("transcriber down");
    return jobs::Handler([](const jobs::Job&, store::Tx& tx) -> core::Status {
      auto r = tx.Exec("INSERT INTO outbox(topic, entity, entity_id, payload, created_at) VALUES ('t.ok', 'e', '1', '{}', "
                       "'2026-01-01T00:00:00.000Z')");
      return r.ok() ? core::Status() : core::Status(r.error());
    });
  });
  int64_t id = Add("flaky");
  ASSERT_TRUE(q.RunOne("w1").ok());
  EXPECT_EQ(Status(id), "failed");
  clock_.Advance(std::chrono::minutes(5));
  ASSERT_TRUE(q.RunOne("w1").ok());
  EXPECT_EQ(Status(id), "done");
  EXPECT_EQ(calls, 2);
  EXPECT_EQ(Count("SELECT count(*) AS n FROM outbox WHERE topic = 't.ok'"), 1);
}

INSTANTIATE_TEST_SUITE_P(Backends, JobsSuite, ::testing::Values("sqlite", "postgresql"),
                         [](const auto& info) { return info.param; });

}  // namespace
