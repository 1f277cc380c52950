// PostgreSQL backend over libpq: a bounded pool of connections, one prepared statement per
// distinct SQL text per connection, parameters sent as text with int8/float8 types declared.
#include <libpq-fe.h>

#include <chrono>
#include <condition_variable>
#include <mutex>

#include "store/store.h"

namespace store {

using core::Error;
using core::Result;
using core::Status;

namespace {

constexpr Oid kInt8 = 20, kInt2 = 21, kInt4 = 23, kBool = 16, kFloat4 = 700, kFloat8 = 701, kBytea = 17;

Error PgError(PGconn* c, PGresult* r, std::string_view what) {
  std::string msg = std::string(what) + ": " + (r ? PQresultErrorMessage(r) : PQerrorMessage(c));
  while (!msg.empty() && (msg.back() == '\n' || msg.back() == ' ')) msg.pop_back();
  const char* state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : nullptr;
  std::string s = state ? state : "";
  if (s == "23505") return Error::Conflict(msg, "unique_violation");
  if (s == "23503") return Error::Conflict(msg, "foreign_key_violation");
  if (s.rfind("23", 0) == 0) return Error::Conflict(msg, "constraint_violation");
  if (s == "40001" || s == "40P01") return Error::Unavailable(msg);
  if (PQstatus(c) != CONNECTION_OK || s.rfind("08", 0) == 0) return Error::Unavailable(msg);
  return Error::Internal(msg);
}

struct Conn {
  PGconn* pg = nullptr;
  std::unordered_map<std::string, std::string> prepared;  // original SQL -> statement name
  ~Conn() { if (pg) PQfinish(pg); }
  Status Simple(const char* sql) {
    PGresult* r = PQexec(pg, sql);
    auto st = PQresultStatus(r);
    Status out;
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) out = PgError(pg, r, sql);
    PQclear(r);
    return out;
  }
};

class PgDb;

class PgTx final : public Tx {
 public:
  PgTx(PgDb* owner, std::unique_ptr<Conn> c) : owner_(owner), c_(std::move(c)) {}
  ~PgTx() override;
  Result<Rows> Query(std::string_view sql, const Params& params) override {
    int64_t n;
    return Run(sql, params, &n);
  }
  Result<int64_t> Exec(std::string_view sql, const Params& params) override {
    int64_t n = 0;
    HF_ASSIGN(Rows r, Run(sql, params, &n));
    (void)r;
    return n;
  }
  Status Commit() override {
    if (done_) return Error::Internal("transaction already finished");
    HF_TRY(c_->Simple("COMMIT"));
    done_ = true;
    return {};
  }
  Backend backend() const override { return Backend::kPostgres; }

 private:
  Result<Rows> Run(std::string_view sql, const Params& params, int64_t* affected) {
    std::vector<Oid> types(params.size(), 0);
    std::vector<std::string> texts(params.size());
    std::vector<const char*> values(params.size(), nullptr);
    for (size_t i = 0; i < params.size(); ++i) {
      const Value& v = params[i].v;
      if (auto p = std::get_if<int64_t>(&v)) { types[i] = kInt8; texts[i] = std::to_string(*p); }
      else if (auto d = std::get_if<double>(&v)) {
        types[i] = kFloat8;
        char buf[64];
        snprintf(buf, sizeof buf, "%.17g", *d);
        texts[i] = buf;
      } else if (auto s = std::get_if<std::string>(&v)) texts[i] = *s;
      if (!std::holds_alternative<std::monostate>(v)) values[i] = texts[i].c_str();
    }
    // Statement names are per connection; the types are part of the cache key (an int and a text
    // bound to the same SQL need different parameter types).
    std::string key(sql);
    for (Oid t : types) key += t == kInt8 ? 'i' : t == kFloat8 ? 'f' : 't';
    auto it = c_->prepared.find(key);
    if (it == c_->prepared.end()) {
      std::string name = "s" + std::to_string(c_->prepared.size());
      std::string translated = Dialect(sql, Backend::kPostgres);
      PGresult* r = PQprepare(c_->pg, name.c_str(), translated.c_str(), int(params.size()), types.data());
      if (PQresultStatus(r) != PGRES_COMMAND_OK) {
        Error e = PgError(c_->pg, r, "prepare");
        PQclear(r);
        return e;
      }
      PQclear(r);
      it = c_->prepared.emplace(key, name).first;
    }
    PGresult* r = PQexecPrepared(c_->pg, it->second.c_str(), int(params.size()), values.data(), nullptr, nullptr, 0);
    auto st = PQresultStatus(r);
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
      Error e = PgError(c_->pg, r, "query");
      PQclear(r);
      return e;
    }
    Rows rows;
    int nf = PQnfields(r), nt = PQntuples(r);
    std::vector<Oid> ft(static_cast<size_t>(nf));
    for (int f = 0; f < nf; ++f) {
      rows.columns.emplace_back(PQfname(r, f));
      ft[size_t(f)] = PQftype(r, f);
    }
    rows.data_.reserve(size_t(nt));
    for (int t = 0; t < nt; ++t) {
      std::vector<Value> row(static_cast<size_t>(nf));
      for (int f = 0; f < nf; ++f) {
        if (PQgetisnull(r, t, f)) continue;
        const char* s = PQgetvalue(r, t, f);
        int len = PQgetlength(r, t, f);
        switch (ft[size_t(f)]) {
          case kInt8: case kInt2: case kInt4: row[size_t(f)] = int64_t(std::strtoll(s, nullptr, 10)); break;
          case kBool: row[size_t(f)] = int64_t(s[0] == 't' ? 1 : 0); break;
          case kFloat4: case kFloat8: row[size_t(f)] = std::strtod(s, nullptr); break;
          case kBytea: {
            size_t n = 0;
            unsigned char* u = PQunescapeBytea(reinterpret_cast<const unsigned char*>(s), &n);
            row[size_t(f)] = std::string(reinterpret_cast<char*>(u), n);
            PQfreemem(u);
            break;
          }
          default: row[size_t(f)] = std::string(s, size_t(len));
        }
      }
      rows.data_.push_back(std::move(row));
    }
    const char* tuples = PQcmdTuples(r);
    *affected = (tuples && *tuples) ? std::strtoll(tuples, nullptr, 10) : 0;
    PQclear(r);
    return rows;
  }

  PgDb* owner_;
  std::unique_ptr<Conn> c_;
  bool done_ = false;
};

class PgDb final : public Db {
 public:
  PgDb(std::string url, Options o) : url_(std::move(url)), options_(o) {}

  Result<std::unique_ptr<Conn>> Acquire() {
    std::unique_lock lk(mu_);
    if (!cv_.wait_for(lk, std::chrono::seconds(30), [&] { return !idle_.empty() || open_ < options_.pool_size; }))
      return Error::Unavailable("no database connection available (pool exhausted)");
    if (!idle_.empty()) {
      auto c = std::move(idle_.back());
      idle_.pop_back();
      return c;
    }
    ++open_;
    lk.unlock();
    auto c = std::make_unique<Conn>();
    c->pg = PQconnectdb(url_.c_str());
    if (PQstatus(c->pg) != CONNECTION_OK) {
      std::string m = PQerrorMessage(c->pg);
      Forget();
      return Error::Unavailable("cannot connect to PostgreSQL: " + m);
    }
    auto st = c->Simple("SET client_min_messages = warning");
    if (!st.ok()) { Forget(); return st.error(); }
    return c;
  }
  void Release(std::unique_ptr<Conn> c) {
    std::lock_guard lk(mu_);
    if (c && PQstatus(c->pg) == CONNECTION_OK && PQtransactionStatus(c->pg) == PQTRANS_IDLE) {
      idle_.push_back(std::move(c));
    } else {
      --open_;
    }
    cv_.notify_one();
  }
  void Forget() {
    std::lock_guard lk(mu_);
    --open_;
    cv_.notify_one();
  }

  Result<std::unique_ptr<Tx>> Begin(bool write) override {
    HF_ASSIGN(auto c, Acquire());
    auto st = c->Simple("BEGIN");
    if (!st.ok()) {
      Release(nullptr);
      return st.error();
    }
    return std::unique_ptr<Tx>(new PgTx(this, std::move(c)));
  }
  Status Ping() override {
    HF_ASSIGN(auto tx, Begin(false));
    HF_TRY(tx->Query("SELECT 1"));
    return {};
  }
  Backend backend() const override { return Backend::kPostgres; }
  std::string Describe() const override {
    // Hide the password: postgresql://user:secret@host -> postgresql://user:***@host
    std::string u = url_;
    size_t scheme = u.find("://");
    size_t at = u.find('@');
    if (scheme != std::string::npos && at != std::string::npos) {
      size_t colon = u.find(':', scheme + 3);
      if (colon != std::string::npos && colon < at) u.replace(colon + 1, at - colon - 1, "***");
    }
    return u;
  }

 private:
  std::string url_;
  Options options_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::unique_ptr<Conn>> idle_;  // guarded by mu_
  int open_ = 0;                             // guarded by mu_: connections open or being opened
};

PgTx::~PgTx() {
  if (!done_) (void)c_->Simple("ROLLBACK");
  owner_->Release(std::move(c_));
}

}  // namespace

Result<std::unique_ptr<Db>> OpenPostgres(const std::string& url, const Options& options) {
  auto db = std::make_unique<PgDb>(url, options);
  HF_TRY(db->Ping());
  return std::unique_ptr<Db>(std::move(db));
}

}  // namespace store
