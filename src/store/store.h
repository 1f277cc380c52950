// store: one interface over two real backends, selected by URL:
//   sqlite:PATH              (default; WAL, busy timeout, foreign keys on)
//   postgresql://... | postgres://...   (libpq, connection pool)
// SQL is written once with `?` placeholders (translated to $n for PostgreSQL); see dialect notes
// in Dialect(). Domain code talks only to Db and Tx; sqlite3.h and libpq-fe.h stay in .cpp files.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <variant>
#include <vector>

#include "core/error.h"

namespace store {

// A SQL value. Blobs travel as std::string bytes.
using Value = std::variant<std::monostate, int64_t, double, std::string>;

// A bound parameter, implicitly built from the usual C++ types (nullopt and empty optionals are NULL).
struct Param {
  Value v;
  Param(std::nullopt_t) {}                                   // NOLINT
  Param(int x) : v(int64_t(x)) {}                              // NOLINT
  Param(unsigned x) : v(int64_t(x)) {}                         // NOLINT
  Param(long x) : v(int64_t(x)) {}                             // NOLINT
  Param(long long x) : v(int64_t(x)) {}                        // NOLINT
  Param(bool x) : v(int64_t(x ? 1 : 0)) {}                     // NOLINT
  Param(double x) : v(x) {}                                    // NOLINT
  Param(const char* s) : v(std::string(s)) {}                  // NOLINT
  Param(std::string s) : v(std::move(s)) {}                    // NOLINT
  Param(std::string_view s) : v(std::string(s)) {}             // NOLINT
  template <typename T>
  Param(const std::optional<T>& o) { if (o) v = Param(*o).v; } // NOLINT
};
using Params = std::vector<Param>;

// Query results, fully materialised. Column lookup by name is case-sensitive.
class Rows {
 public:
  class Row {
   public:
    Row(const Rows* rs, size_t i) : rs_(rs), i_(i) {}
    const Value& operator[](std::string_view col) const;
    const Value& at(size_t c) const { return rs_->data_[i_][c]; }
    const Rows* rows() const { return rs_; }
    size_t index() const { return i_; }
    bool IsNull(std::string_view col) const { return std::holds_alternative<std::monostate>((*this)[col]); }
    int64_t Int(std::string_view col) const;          // NULL -> 0; text digits parsed
    double Double(std::string_view col) const;
    std::string Str(std::string_view col) const;      // NULL -> ""; numbers formatted
    std::optional<int64_t> OptInt(std::string_view col) const;
    std::optional<std::string> OptStr(std::string_view col) const;
    // Text without copying: valid while the Rows live; empty for NULL and for non-text values.
    std::string_view View(std::string_view col) const {
      const auto* p = std::get_if<std::string>(&(*this)[col]);
      return p ? std::string_view(*p) : std::string_view();
    }
   private:
    const Rows* rs_;
    size_t i_;
  };
  std::vector<std::string> columns;
  std::vector<std::vector<Value>> data_;

  size_t size() const { return data_.size(); }
  bool empty() const { return data_.empty(); }
  Row operator[](size_t i) const { return Row(this, i); }
  // -1 if absent. Readers mostly ask for columns in SELECT order, so the column after the last hit
  // is tried first (a Rows is read by one thread at a time, like its transaction).
  int ColumnIndex(std::string_view col) const;

  struct Iterator {
    const Rows* rs; size_t i;
    Row operator*() const { return Row(rs, i); }
    Iterator& operator++() { ++i; return *this; }
    bool operator!=(const Iterator& o) const { return i != o.i; }
  };
  Iterator begin() const { return {this, 0}; }
  Iterator end() const { return {this, data_.size()}; }

 private:
  mutable size_t hint_ = 0;  // index after the last column found
};

// One row of a result read in place, without copying: valid only inside the callback of Tx::Each.
// Columns by position; Column() finds a position by name once per query, not per field.
class RowView {
 public:
  virtual int Columns() const = 0;
  virtual int Column(std::string_view name) const = 0;  // -1 if absent
  virtual bool IsNull(int c) const = 0;
  virtual int64_t Int(int c) const = 0;             // NULL -> 0; text digits parsed
  virtual std::string_view Text(int c) const = 0;   // NULL -> ""; numbers are not formatted (empty)

 protected:
  ~RowView() = default;
};

// A materialised row seen through RowView, so that one writer serves both Query and Each results.
class RowsRowView final : public RowView {
 public:
  explicit RowsRowView(const Rows::Row& r) : rs_(r.rows()), i_(r.index()) {}
  int Columns() const override { return int(rs_->columns.size()); }
  int Column(std::string_view name) const override { return rs_->ColumnIndex(name); }
  bool IsNull(int c) const override { return std::holds_alternative<std::monostate>(At(c)); }
  int64_t Int(int c) const override;
  std::string_view Text(int c) const override {
    const auto* p = std::get_if<std::string>(&At(c));
    return p ? std::string_view(*p) : std::string_view();
  }

 private:
  const Value& At(int c) const { return rs_->data_[i_][size_t(c)]; }
  const Rows* rs_;
  size_t i_;
};

using RowFn = std::function<core::Status(const RowView&)>;

enum class Backend { kSqlite, kPostgres };

// A transaction. Destroying it without Commit() rolls back. Not thread-safe; one thread at a time.
class Tx {
 public:
  virtual ~Tx() = default;
  // Runs a statement and returns its rows (use RETURNING to get generated ids).
  virtual core::Result<Rows> Query(std::string_view sql, const Params& params = {}) = 0;
  // Runs a statement; returns the number of rows changed.
  virtual core::Result<int64_t> Exec(std::string_view sql, const Params& params = {}) = 0;
  // Runs a query and calls `fn` on each row as it is read, stopping at the first error `fn` returns:
  // large results go straight into a response without a materialised copy. The default reads
  // through Query(); SQLite reads from the statement in place.
  virtual core::Status Each(std::string_view sql, const Params& params, const RowFn& fn);
  virtual core::Status Commit() = 0;
  virtual Backend backend() const = 0;

  // Convenience: first row or kNotFound(what).
  core::Result<Rows> QueryOne(std::string_view sql, const Params& params, std::string_view what);
};

struct Options {
  int pool_size = 8;             // PostgreSQL connections / SQLite connections kept open
  int busy_timeout_ms = 10'000;  // SQLite
};

class Db {
 public:
  virtual ~Db() = default;
  // Starts a transaction. `write` = true takes the write lock up front on SQLite (BEGIN IMMEDIATE),
  // avoiding lock-upgrade deadlocks; read-only transactions run concurrently with a writer (WAL).
  virtual core::Result<std::unique_ptr<Tx>> Begin(bool write = true) = 0;
  virtual core::Status Ping() = 0;
  virtual Backend backend() const = 0;
  // A redacted description ("sqlite:var/hireflow.db", "postgresql://host:port/db").
  virtual std::string Describe() const = 0;
};

// Opens a database by URL. Errors: kInvalid for an unknown scheme, kUnavailable when unreachable.
core::Result<std::unique_ptr<Db>> Open(const std::string& url, const Options& options = {});

// Applies the numbered migrations (migrations/NNN_name.sql, embedded in the binary) that are not
// yet recorded in schema_migrations, each in its own transaction, in order. Safe to run from
// several processes at once on PostgreSQL (advisory lock). Returns the names applied.
core::Result<std::vector<std::string>> Migrate(Db& db);

// Rewrites portable SQL for a backend: `?` -> `$n` for PostgreSQL (outside quotes), and the
// migration tokens {{pk}} (auto-increment primary key), {{blob}}, {{now}}.
std::string Dialect(std::string_view sql, Backend backend);

}  // namespace store
