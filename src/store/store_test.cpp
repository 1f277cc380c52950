// The store suite runs on SQLite (a temp file) and, when HIREFLOW_TEST_PG_URL is set (make test
// and CI start a throwaway PostgreSQL cluster and set it), on a real PostgreSQL server.
#include "store/store.h"

#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <thread>

namespace {

std::string PgUrl() {
  const char* u = std::getenv("HIREFLOW_TEST_PG_URL");
  return u ? u : "";
}

class StoreSuite : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    std::string kind = GetParam();
    if (kind == "postgresql") {
      if (PgUrl().empty()) GTEST_SKIP() << "HIREFLOW_TEST_PG_URL not set (make test sets it)";
      auto db = store::Open(PgUrl());
      ASSERT_TRUE(db.ok()) << db.error().message;
      db_ = std::move(*db);
      // A clean schema per test: drop what a previous test made.
      auto tx = db_->Begin();
      ASSERT_TRUE(tx.ok());
      ASSERT_TRUE((*tx)->Exec("DROP SCHEMA public CASCADE").ok());
      ASSERT_TRUE((*tx)->Exec("CREATE SCHEMA public").ok());
      ASSERT_TRUE((*tx)->Commit().ok());
    } else {
      dir_ = std::filesystem::temp_directory_path() /
             ("hf-store-" + std::to_string(::getpid()) + "-" + std::to_string(counter_++));
      std::filesystem::create_directories(dir_);
      auto db = store::Open("sqlite:" + (dir_ / "t.db").string());
      ASSERT_TRUE(db.ok()) << db.error().message;
      db_ = std::move(*db);
    }
    auto applied = store::Migrate(*db_);
    ASSERT_TRUE(applied.ok()) << applied.error().message;
  }
  void TearDown() override {
    db_.reset();
    if (!dir_.empty()) std::filesystem::remove_all(dir_);
  }
  std::unique_ptr<store::Db> db_;
  std::filesystem::path dir_;
  static inline int counter_ = 0;
};

TEST_P(StoreSuite, MigrationsAreRecordedAndIdempotent) {
  auto again = store::Migrate(*db_);
  ASSERT_TRUE(again.ok()) << again.error().message;
  EXPECT_TRUE(again->empty());
  auto tx = db_->Begin(false);
  auto rows = (*tx)->Query("SELECT version, name FROM schema_migrations ORDER BY version");
  ASSERT_TRUE(rows.ok());
  ASSERT_GE(rows->size(), 1u);
  EXPECT_EQ((*rows)[0].Int("version"), 1);
  EXPECT_EQ((*rows)[0].Str("name"), "001_foundation.sql");
}

TEST_P(StoreSuite, InsertReturningAndTypedReadBack) {
  auto tx = db_->Begin();
  auto r = (*tx)->Query(
      "INSERT INTO departments(name, code, parent_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?) RETURNING id",
      {"研发部", "RD", std::nullopt, "2026-01-01T00:00:00.000Z", "2026-01-01T00:00:00.000Z"});
  ASSERT_TRUE(r.ok()) << r.error().message;
  int64_t id = (*r)[0].Int("id");
  EXPECT_GT(id, 0);
  ASSERT_TRUE((*tx)->Commit().ok());
  auto tx2 = db_->Begin(false);
  auto rows = (*tx2)->Query("SELECT id, name, parent_id, version FROM departments WHERE id = ?", {id});
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ((*rows)[0].Str("name"), "研发部");
  EXPECT_TRUE((*rows)[0].IsNull("parent_id"));
  EXPECT_EQ((*rows)[0].Int("version"), 1);
}

// Each reads rows as they come (SQLite: in place from the statement) and must agree with Query on
// every value; an error from the callback stops the walk and leaves the connection usable.
TEST_P(StoreSuite, EachSeesTheSameRowsAsQueryAndStopsAtTheCallbacksError) {
  auto tx = db_->Begin();
  for (int i = 1; i <= 3; ++i)
    ASSERT_TRUE((*tx)->Exec("INSERT INTO departments(name, code, parent_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?)",
                            {"部门" + std::to_string(i), "C" + std::to_string(i), std::nullopt, "2026-01-01T00:00:00.000Z", "2026-01-01T00:00:00.000Z"})
                    .ok());
  const std::string sql = "SELECT id, name, code, parent_id, version, '42' AS digits FROM departments ORDER BY id";
  auto rows = (*tx)->Query(sql);
  ASSERT_TRUE(rows.ok());
  size_t i = 0;
  auto st = (*tx)->Each(sql, {}, [&](const store::RowView& r) -> core::Status {
    auto want = (*rows)[i++];
    EXPECT_EQ(r.Columns(), 6);
    EXPECT_EQ(r.Column("code"), 2);
    EXPECT_EQ(r.Column("no_such_column"), -1);
    EXPECT_EQ(r.Int(r.Column("id")), want.Int("id"));
    EXPECT_EQ(r.Text(r.Column("name")), want.View("name"));
    EXPECT_FALSE(r.IsNull(r.Column("code")));
    EXPECT_EQ(r.Text(r.Column("code")), want.View("code"));
    EXPECT_TRUE(r.IsNull(r.Column("parent_id")));
    EXPECT_EQ(r.Int(r.Column("parent_id")), 0);
    EXPECT_EQ(r.Int(r.Column("version")), 1);
    EXPECT_EQ(r.Int(r.Column("digits")), 42);
    return {};
  });
  ASSERT_TRUE(st.ok()) << st.error().message;
  EXPECT_EQ(i, 3u);

  int seen = 0;
  auto stopped = (*tx)->Each(sql, {}, [&](const store::RowView&) -> core::Status {
    if (++seen == 2) return core::Error::Invalid("x", "stop here");
    return {};
  });
  ASSERT_FALSE(stopped.ok());
  EXPECT_EQ(stopped.error().field, "x");
  EXPECT_EQ(seen, 2);
  auto again = (*tx)->Query("SELECT count(*) AS n FROM departments");
  ASSERT_TRUE(again.ok()) << again.error().message;
  EXPECT_EQ((*again)[0].Int("n"), 3);
  ASSERT_TRUE((*tx)->Commit().ok());
}

TEST_P(StoreSuite, RollbackOnDestructionLeavesNoTrace) {
  {
    auto tx = db_->Begin();
    ASSERT_TRUE((*tx)->Exec("INSERT INTO grades(code, name, level, created_at, updated_at) VALUES ('G1','One',1,'x','x')").ok());
    // no Commit
  }
  auto tx = db_->Begin(false);
  auto rows = (*tx)->Query("SELECT count(*) AS n FROM grades");
  EXPECT_EQ((*rows)[0].Int("n"), 0);
}

TEST_P(StoreSuite, UniqueViolationIsAConflict) {
  auto tx = db_->Begin();
  ASSERT_TRUE((*tx)->Exec("INSERT INTO grades(code, name, level, created_at, updated_at) VALUES (?,?,?,?,?)",
                          {"G1", "One", 1, "x", "x"}).ok());
  auto dup = (*tx)->Exec("INSERT INTO grades(code, name, level, created_at, updated_at) VALUES (?,?,?,?,?)",
                         {"G1", "Again", 2, "x", "x"});
  ASSERT_FALSE(dup.ok());
  EXPECT_EQ(dup.error().code, core::ErrorCode::kConflict);
  EXPECT_EQ(dup.error().slug, "unique_violation");
}

TEST_P(StoreSuite, ForeignKeysAreEnforced) {
  auto tx = db_->Begin();
  auto bad = (*tx)->Exec("INSERT INTO departments(name, code, parent_id, created_at, updated_at) VALUES (?,?,?,?,?)",
                         {"X", "X", int64_t(999999), "x", "x"});
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().slug, "foreign_key_violation");
}

TEST_P(StoreSuite, ExecReportsAffectedRowsForOptimisticLocking) {
  auto tx = db_->Begin();
  auto id = (*tx)->Query("INSERT INTO grades(code, name, level, created_at, updated_at) VALUES ('G','g',1,'x','x') RETURNING id");
  int64_t gid = (*id)[0].Int("id");
  auto hit = (*tx)->Exec("UPDATE grades SET name = ?, version = version + 1 WHERE id = ? AND version = ?", {"h", gid, 1});
  ASSERT_TRUE(hit.ok());
  EXPECT_EQ(*hit, 1);
  auto stale = (*tx)->Exec("UPDATE grades SET name = ?, version = version + 1 WHERE id = ? AND version = ?", {"i", gid, 1});
  EXPECT_EQ(*stale, 0);
}

TEST_P(StoreSuite, PlaceholdersInsideQuotesAreLeftAlone) {
  auto tx = db_->Begin(false);
  auto rows = (*tx)->Query("SELECT '?' AS q, ? AS p", {"x"});
  ASSERT_TRUE(rows.ok()) << rows.error().message;
  EXPECT_EQ((*rows)[0].Str("q"), "?");
  EXPECT_EQ((*rows)[0].Str("p"), "x");
}

TEST_P(StoreSuite, ConcurrentWritersAllCommit) {
  constexpr int kThreads = 4, kEach = 25;
  std::atomic<int> failures{0};
  std::vector<std::thread> ts;
  for (int t = 0; t < kThreads; ++t) {
    ts.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) {
        auto tx = db_->Begin();
        if (!tx.ok()) { ++failures; continue; }
        auto r = (*tx)->Exec("INSERT INTO grades(code, name, level, created_at, updated_at) VALUES (?,?,?,?,?)",
                             {"T" + std::to_string(t) + "-" + std::to_string(i), "n", i, "x", "x"});
        if (!r.ok() || !(*tx)->Commit().ok()) ++failures;
      }
    });
  }
  for (auto& th : ts) th.join();
  EXPECT_EQ(failures.load(), 0);
  auto tx = db_->Begin(false);
  EXPECT_EQ((*(*tx)->Query("SELECT count(*) AS n FROM grades"))[0].Int("n"), kThreads * kEach);
}

TEST_P(StoreSuite, RowCountTriggersTrackInsertsAndDeletes) {
  auto tx = db_->Begin();
  for (int i = 0; i < 3; ++i)
    ASSERT_TRUE((*tx)->Exec("INSERT INTO employees(employee_no, name, hire_date, status, created_at, updated_at) "
                            "VALUES (?, 'n', '2024-01-01', 'active', 'x', 'x')", {"E" + std::to_string(i)}).ok());
  ASSERT_TRUE((*tx)->Exec("DELETE FROM employees WHERE employee_no = 'E1'").ok());
  auto kept = (*tx)->Query("SELECT n FROM row_counts WHERE name = 'employees'");
  ASSERT_TRUE(kept.ok()) << kept.error().message;
  EXPECT_EQ((*kept)[0].Int("n"), 2);
  ASSERT_TRUE((*tx)->Commit().ok());
}

INSTANTIATE_TEST_SUITE_P(Backends, StoreSuite, ::testing::Values("sqlite", "postgresql"),
                         [](const auto& info) { return info.param; });

TEST(Dialect, TranslatesPlaceholdersAndTokens) {
  EXPECT_EQ(store::Dialect("a = ? AND b = '?' AND c = ?", store::Backend::kPostgres), "a = $1 AND b = '?' AND c = $2");
  EXPECT_EQ(store::Dialect("id {{pk}}", store::Backend::kSqlite), "id INTEGER PRIMARY KEY AUTOINCREMENT");
  EXPECT_NE(store::Dialect("id {{pk}}", store::Backend::kPostgres).find("IDENTITY"), std::string::npos);
}

TEST(Open, RejectsUnknownScheme) {
  auto r = store::Open("mysql://x");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().field, "db");
}

}  // namespace
