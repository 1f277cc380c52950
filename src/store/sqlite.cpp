// SQLite backend: a pool of connections to one file in WAL mode. Writers take the lock up front
// (BEGIN IMMEDIATE) and wait up to busy_timeout; readers run concurrently with one writer.
#include <sqlite3.h>

#include <charconv>
#include <condition_variable>
#include <mutex>

#include "store/store.h"

namespace store {

using core::Error;
using core::Result;
using core::Status;

namespace {

Error SqliteError(sqlite3* db, std::string_view what) {
  int code = sqlite3_extended_errcode(db);
  std::string msg = std::string(what) + ": " + sqlite3_errmsg(db);
  int primary = code & 0xff;
  if (primary == SQLITE_CONSTRAINT) {
    if (code == SQLITE_CONSTRAINT_UNIQUE || code == SQLITE_CONSTRAINT_PRIMARYKEY)
      return Error::Conflict(msg, "unique_violation");
    if (code == SQLITE_CONSTRAINT_FOREIGNKEY) return Error::Conflict(msg, "foreign_key_violation");
    return Error::Conflict(msg, "constraint_violation");
  }
  if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED) return Error::Unavailable(msg);
  return Error::Internal(msg);
}

struct Conn {
  // Transparent lookup: the cache is probed with the caller's string_view, no copy per query.
  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  enum Control { kBegin, kBeginImmediate, kCommit, kRollback, kControlCount };

  sqlite3* db = nullptr;
  std::unordered_map<std::string, sqlite3_stmt*, Hash, std::equal_to<>> cache;  // original SQL -> statement
  sqlite3_stmt* control[kControlCount] = {};  // BEGIN/COMMIT/ROLLBACK, prepared once per connection
  ~Conn() {
    for (auto& [k, s] : cache) sqlite3_finalize(s);
    for (sqlite3_stmt* s : control) sqlite3_finalize(s);  // no-op on null
    if (db) sqlite3_close_v2(db);
  }
  // Every parameter is bound before each step (the caller checks the count), so the old bindings
  // need no clearing.
  Result<sqlite3_stmt*> Prepare(std::string_view sql) {
    auto it = cache.find(sql);
    if (it != cache.end()) {
      sqlite3_reset(it->second);
      return it->second;
    }
    std::string translated = Dialect(sql, Backend::kSqlite);
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v3(db, translated.c_str(), int(translated.size()), SQLITE_PREPARE_PERSISTENT, &st, nullptr) !=
        SQLITE_OK)
      return SqliteError(db, "prepare");
    if (cache.size() > 512) {  // bound the cache; dynamic SQL (filters) could otherwise grow it
      for (auto& [k, s] : cache) sqlite3_finalize(s);
      cache.clear();
    }
    cache.emplace(std::string(sql), st);
    return st;
  }
  // Transaction control through prepared statements: sqlite3_exec would parse the text every time,
  // and a read-only request is nothing but BEGIN, a statement or two, and ROLLBACK.
  Status Run(Control which) {
    static constexpr const char* kSql[kControlCount] = {"BEGIN", "BEGIN IMMEDIATE", "COMMIT", "ROLLBACK"};
    sqlite3_stmt*& st = control[which];
    if (!st && sqlite3_prepare_v3(db, kSql[which], -1, SQLITE_PREPARE_PERSISTENT, &st, nullptr) != SQLITE_OK)
      return SqliteError(db, "prepare");
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) return SqliteError(db, kSql[which]);
    return {};
  }
  Status Simple(const char* sql) {
    char* err = nullptr;
    if (sqlite3_exec(db, sql, nullptr, nullptr, &err) != SQLITE_OK) {
      std::string m = err ? err : "error";
      sqlite3_free(err);
      return SqliteError(db, m);
    }
    return {};
  }
};

class SqliteDb;

class SqliteTx final : public Tx {
 public:
  SqliteTx(SqliteDb* owner, std::unique_ptr<Conn> conn) : owner_(owner), conn_(std::move(conn)) {}
  ~SqliteTx() override;
  Result<Rows> Query(std::string_view sql, const Params& params) override { return Run(sql, params, true); }
  Result<int64_t> Exec(std::string_view sql, const Params& params) override {
    HF_ASSIGN(Rows r, Run(sql, params, false));
    (void)r;
    return int64_t(sqlite3_changes(conn_->db));
  }
  Status Commit() override {
    if (done_) return Error::Internal("transaction already finished");
    HF_TRY(conn_->Run(Conn::kCommit));
    done_ = true;
    return {};
  }
  Backend backend() const override { return Backend::kSqlite; }

 private:
  // Prepares (cached) and binds.
  Result<sqlite3_stmt*> Bound(std::string_view sql, const Params& params) {
    HF_ASSIGN(sqlite3_stmt * st, conn_->Prepare(sql));
    if (int(params.size()) != sqlite3_bind_parameter_count(st))
      return Error::Internal("parameter count mismatch for: " + std::string(sql.substr(0, 80)));
    for (size_t i = 0; i < params.size(); ++i) {
      const Value& v = params[i].v;
      int idx = int(i) + 1;
      if (std::holds_alternative<std::monostate>(v)) sqlite3_bind_null(st, idx);
      else if (auto p = std::get_if<int64_t>(&v)) sqlite3_bind_int64(st, idx, *p);
      else if (auto d = std::get_if<double>(&v)) sqlite3_bind_double(st, idx, *d);
      else {
        const std::string& s = std::get<std::string>(v);
        sqlite3_bind_text(st, idx, s.data(), int(s.size()), SQLITE_TRANSIENT);
      }
    }
    return st;
  }

  // Steps through the rows, calling on_row(st) for each; the statement is reset in every case.
  template <class F>
  Status Step(sqlite3_stmt* st, F&& on_row) {
    for (;;) {
      int rc = sqlite3_step(st);
      if (rc == SQLITE_DONE) break;
      if (rc != SQLITE_ROW) {
        Error e = SqliteError(conn_->db, "step");
        sqlite3_reset(st);
        return e;
      }
      Status s = on_row(st);
      if (!s.ok()) {
        sqlite3_reset(st);
        return s;
      }
    }
    sqlite3_reset(st);
    return {};
  }

  Result<Rows> Run(std::string_view sql, const Params& params, bool collect) {
    HF_ASSIGN(sqlite3_stmt * st, Bound(sql, params));
    Rows rows;
    int ncol = sqlite3_column_count(st);
    rows.columns.reserve(size_t(ncol));
    for (int c = 0; c < ncol; ++c) rows.columns.emplace_back(sqlite3_column_name(st, c));
    HF_TRY(Step(st, [&](sqlite3_stmt* st) -> Status {
      if (!collect) return {};
      std::vector<Value> row(static_cast<size_t>(ncol));
      for (int c = 0; c < ncol; ++c) {
        switch (sqlite3_column_type(st, c)) {
          case SQLITE_INTEGER: row[size_t(c)] = int64_t(sqlite3_column_int64(st, c)); break;
          case SQLITE_FLOAT: row[size_t(c)] = sqlite3_column_double(st, c); break;
          case SQLITE_NULL: break;
          default: {
            const char* p = static_cast<const char*>(sqlite3_column_blob(st, c));
            row[size_t(c)] = std::string(p ? p : "", size_t(sqlite3_column_bytes(st, c)));
          }
        }
      }
      rows.data_.push_back(std::move(row));
      return {};
    }));
    return rows;
  }

 public:
  Status Each(std::string_view sql, const Params& params, const RowFn& fn) override {
    HF_ASSIGN(sqlite3_stmt * st, Bound(sql, params));
    // The row as the statement holds it: text and blobs are read in place, integers as stored
    // (a text column of digits is parsed, like Rows::Row::Int).
    struct View final : RowView {
      sqlite3_stmt* st;
      int n;
      int Columns() const override { return n; }
      int Column(std::string_view name) const override {
        for (int c = 0; c < n; ++c)
          if (name == sqlite3_column_name(st, c)) return c;
        return -1;
      }
      bool IsNull(int c) const override { return sqlite3_column_type(st, c) == SQLITE_NULL; }
      int64_t Int(int c) const override {
        switch (sqlite3_column_type(st, c)) {
          case SQLITE_INTEGER: return sqlite3_column_int64(st, c);
          case SQLITE_FLOAT: return int64_t(sqlite3_column_double(st, c));
          case SQLITE_NULL: return 0;
          default: {
            std::string_view t = Text(c);
            int64_t out = 0;
            std::from_chars(t.data(), t.data() + t.size(), out);
            return out;
          }
        }
      }
      std::string_view Text(int c) const override {
        int type = sqlite3_column_type(st, c);
        if (type != SQLITE_TEXT && type != SQLITE_BLOB) return {};
        const char* p = static_cast<const char*>(sqlite3_column_blob(st, c));
        return p ? std::string_view(p, size_t(sqlite3_column_bytes(st, c))) : std::string_view();
      }
    } view;
    view.st = st;
    view.n = sqlite3_column_count(st);
    return Step(st, [&](sqlite3_stmt*) { return fn(view); });
  }

 private:
  SqliteDb* owner_;
  std::unique_ptr<Conn> conn_;
  bool done_ = false;
};

class SqliteDb final : public Db {
 public:
  SqliteDb(std::string path, Options o) : path_(std::move(path)), options_(o) {}

  Result<std::unique_ptr<Conn>> Acquire() {
    {
      std::lock_guard lk(mu_);
      if (!idle_.empty()) {
        auto c = std::move(idle_.back());
        idle_.pop_back();
        return c;
      }
    }
    auto c = std::make_unique<Conn>();
    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_URI;
    if (sqlite3_open_v2(path_.c_str(), &c->db, flags, nullptr) != SQLITE_OK) {
      std::string m = c->db ? sqlite3_errmsg(c->db) : "cannot open";
      return Error::Unavailable("cannot open SQLite database " + path_ + ": " + m);
    }
    sqlite3_busy_timeout(c->db, options_.busy_timeout_ms);
    sqlite3_extended_result_codes(c->db, 1);
    HF_TRY(c->Simple("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"));
    return c;
  }
  void Release(std::unique_ptr<Conn> c) {
    std::lock_guard lk(mu_);
    if (int(idle_.size()) < options_.pool_size * 4) idle_.push_back(std::move(c));
  }

  Result<std::unique_ptr<Tx>> Begin(bool write) override {
    HF_ASSIGN(auto c, Acquire());
    auto st = c->Run(write ? Conn::kBeginImmediate : Conn::kBegin);
    if (!st.ok()) return st.error();
    return std::unique_ptr<Tx>(new SqliteTx(this, std::move(c)));
  }
  Status Ping() override {
    HF_ASSIGN(auto tx, Begin(false));
    HF_TRY(tx->Query("SELECT 1"));
    return {};
  }
  Backend backend() const override { return Backend::kSqlite; }
  std::string Describe() const override { return "sqlite:" + path_; }

 private:
  std::string path_;
  Options options_;
  std::mutex mu_;
  std::vector<std::unique_ptr<Conn>> idle_;  // guarded by mu_
};

SqliteTx::~SqliteTx() {
  if (!done_) {
    (void)conn_->Run(Conn::kRollback);
  }
  // A connection left mid-transaction by a failed ROLLBACK is dropped, not pooled.
  if (sqlite3_get_autocommit(conn_->db)) owner_->Release(std::move(conn_));
}

}  // namespace

Result<std::unique_ptr<Db>> OpenSqlite(const std::string& path, const Options& options) {
  if (path.empty()) return Error::Invalid("db", "sqlite: needs a file path");
  auto db = std::make_unique<SqliteDb>(path, options);
  HF_TRY(db->Ping());
  return std::unique_ptr<Db>(std::move(db));
}

}  // namespace store
