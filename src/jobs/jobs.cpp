#include "jobs/jobs.h"

#include <map>

#include <cstdio>
#include <unistd.h>

namespace jobs {

using core::Error;
using core::Result;
using core::Status;
using nlohmann::json;
using store::Rows;

namespace {
std::string At(const core::Clock& c, std::chrono::milliseconds plus = std::chrono::milliseconds(0)) {
  return core::FormatInstant(c.Now() + plus);
}
}  // namespace

Status Emit(store::Tx& tx, std::string_view topic, std::string_view entity, std::string_view entity_id,
            const json& payload, const core::Clock& clock) {
  HF_TRY(tx.Exec("INSERT INTO outbox(topic, entity, entity_id, payload, created_at) VALUES (?,?,?,?,?)",
                 {std::string(topic), std::string(entity), std::string(entity_id), payload.dump(), At(clock)}));
  return {};
}

Result<int64_t> Enqueue(store::Tx& tx, std::string_view kind, const json& payload, const core::Clock& clock,
                        const EnqueueOptions& o) {
  std::string now = At(clock);
  HF_ASSIGN(Rows r, tx.Query("INSERT INTO jobs(kind, payload, status, attempts, max_attempts, run_at, dedupe_key, "
                             "created_at, updated_at) VALUES (?,?,'queued',0,?,?,?,?,?) "
                             "ON CONFLICT (dedupe_key) DO NOTHING RETURNING id",
                             {std::string(kind), payload.dump(), o.max_attempts, At(clock, o.delay), o.dedupe_key, now, now}));
  if (!r.empty()) return r[0].Int("id");
  HF_ASSIGN(Rows e, tx.QueryOne("SELECT id FROM jobs WHERE dedupe_key = ?", {*o.dedupe_key}, "job"));
  return e[0].Int("id");
}

Result<std::optional<Job>> Queue::Claim(const std::string& worker) {
  HF_ASSIGN(auto tx, db_.Begin(true));
  std::string now = At(clock_);
  std::string pick =
      "SELECT id FROM jobs WHERE (status IN ('queued','failed') AND run_at <= ?) OR (status = 'running' AND locked_until < ?) "
      "ORDER BY run_at, id LIMIT 1";
  if (db_.backend() == store::Backend::kPostgres) pick += " FOR UPDATE SKIP LOCKED";
  HF_ASSIGN(Rows r, tx->Query("UPDATE jobs SET status = 'running', locked_by = ?, locked_until = ?, attempts = attempts + 1, "
                              "updated_at = ? WHERE id = (" + pick + ") RETURNING id, kind, payload, attempts, max_attempts",
                              {worker, At(clock_, o_.lease), now, now, now}));
  HF_TRY(tx->Commit());
  if (r.empty()) return std::optional<Job>();
  Job j;
  j.id = r[0].Int("id");
  j.kind = r[0].Str("kind");
  j.payload = json::parse(r[0].Str("payload"), nullptr, false);
  j.attempts = int(r[0].Int("attempts"));
  j.max_attempts = int(r[0].Int("max_attempts"));
  return std::optional<Job>(std::move(j));
}

namespace {

// Keeps a long job's lease alive while it prepares (renewing it every third of the lease), so that
// another worker takes the job over only when this one has really stopped.
class LeaseKeeper {
 public:
  LeaseKeeper(store::Db& db, const core::Clock& clock, std::chrono::milliseconds lease, int64_t id, std::string worker)
      : thread_([this, &db, &clock, lease, id, worker = std::move(worker)] {
          std::unique_lock lk(mu_);
          while (!cv_.wait_for(lk, lease / 3, [this] { return stop_; })) {
            lk.unlock();
            auto tx = db.Begin(true);
            if (tx.ok() && (*tx)->Exec("UPDATE jobs SET locked_until = ? WHERE id = ? AND locked_by = ? AND status = 'running'",
                                       {At(clock, lease), id, worker}).ok())
              (void)(*tx)->Commit();
            lk.lock();
          }
        }) {}
  ~LeaseKeeper() {
    {
      std::lock_guard lk(mu_);
      stop_ = true;
    }
    cv_.notify_all();
    thread_.join();
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;  // guarded by mu_
  std::thread thread_;  // last: started after the members it uses
};

}  // namespace

Result<bool> Queue::Run(const Job& job, const std::string& worker) {
  Status outcome;
  auto it = handlers_.find(job.kind);
  auto lit = long_handlers_.find(job.kind);
  bool known = it != handlers_.end() || lit != long_handlers_.end();
  if (!known) {
    outcome = Error::Internal("no handler for job kind '" + job.kind + "'");
  } else if (job.attempts > job.max_attempts) {
    outcome = Error::Internal("gave up: the job's worker stopped (lease expired) too many times");
  } else {
    Handler step;
    if (lit != long_handlers_.end()) {
      try {
        LeaseKeeper keeper(db_, clock_, o_.lease, job.id, worker);
        auto prepared = lit->second(job);  // outside any transaction
        if (prepared.ok()) step = std::move(prepared).value();
        else outcome = prepared.error();
      } catch (const std::exception& e) {
        outcome = Error::Internal(std::string("handler threw: ") + e.what());
      }
    } else {
      step = it->second;
    }
    if (outcome.ok()) {
      HF_ASSIGN(auto tx, db_.Begin(true));
      try {
        outcome = step(job, *tx);
      } catch (const std::exception& e) {
        outcome = Error::Internal(std::string("handler threw: ") + e.what());
      }
      if (outcome.ok()) {
        std::string now = At(clock_);
        HF_ASSIGN(int64_t n, tx->Exec("UPDATE jobs SET status = 'done', finished_at = ?, updated_at = ?, locked_by = NULL, "
                                      "locked_until = NULL, last_error = NULL WHERE id = ? AND locked_by = ? AND status = 'running'",
                                      {now, now, job.id, worker}));
        if (n != 1) return false;  // lease lost to another worker: our effects roll back with tx
        HF_TRY(tx->Commit());
        return true;
      }
    }
  }
  // Failed attempt: the handler's writes are rolled back; record the error and the next try.
  bool dead = job.attempts >= job.max_attempts || !known;
  auto delay = o_.backoff_base * (1LL << std::min(job.attempts - 1, 20));
  if (delay > o_.backoff_cap) delay = o_.backoff_cap;
  HF_ASSIGN(auto tx, db_.Begin(true));
  HF_TRY(tx->Exec("UPDATE jobs SET status = ?, run_at = ?, last_error = ?, locked_by = NULL, locked_until = NULL, "
                  "updated_at = ? WHERE id = ? AND locked_by = ?",
                  {dead ? "dead" : "failed", At(clock_, std::chrono::duration_cast<std::chrono::milliseconds>(delay)),
                   outcome.error().message, At(clock_), job.id, worker}));
  HF_TRY(tx->Commit());
  return false;
}

Result<bool> Queue::RunOne(const std::string& worker) {
  HF_ASSIGN(auto job, Claim(worker));
  if (!job) return false;
  HF_TRY(Run(*job, worker));
  return true;
}

Result<int> Queue::Dispatch() {
  std::lock_guard lk(dispatch_mu_);
  HF_ASSIGN(auto tx, db_.Begin(true));
  std::string sel = "SELECT id, topic, entity, entity_id, payload FROM outbox WHERE dispatched_at IS NULL ORDER BY id LIMIT 500";
  if (db_.backend() == store::Backend::kPostgres) sel += " FOR UPDATE SKIP LOCKED";
  HF_ASSIGN(Rows r, tx->Query(sel));
  int n = 0;
  std::string now = At(clock_);
  std::map<std::string, json> coalesced;  // kind -> payload of the batch's last matching event
  for (auto ev : r) {
    std::string topic = ev.Str("topic");
    for (const auto& sub : subs_) {
      if (topic.rfind(sub.prefix, 0) != 0) continue;
      json payload = {{"event_id", ev.Int("id")}, {"topic", topic}, {"entity", ev.Str("entity")},
                      {"entity_id", ev.Str("entity_id")}, {"data", json::parse(ev.Str("payload"), nullptr, false)}};
      if (sub.coalesce) {
        coalesced[sub.kind] = std::move(payload);
        continue;
      }
      EnqueueOptions o;
      o.dedupe_key = sub.kind + ":" + std::to_string(ev.Int("id"));
      HF_TRY(Enqueue(*tx, sub.kind, payload, clock_, o));
      ++n;
    }
    HF_TRY(tx->Exec("UPDATE outbox SET dispatched_at = ? WHERE id = ?", {now, ev.Int("id")}));
  }
  for (auto& [kind, payload] : coalesced) {
    EnqueueOptions o;
    o.dedupe_key = kind + ":" + std::to_string(payload["event_id"].get<int64_t>());
    HF_TRY(Enqueue(*tx, kind, payload, clock_, o));
    ++n;
  }
  HF_TRY(tx->Commit());
  return n;
}

Status Queue::Retry(store::Tx& tx, int64_t id) {
  HF_ASSIGN(int64_t n, tx.Exec("UPDATE jobs SET status = 'queued', attempts = 0, run_at = ?, updated_at = ? "
                               "WHERE id = ? AND status IN ('dead', 'failed')",
                               {At(clock_), At(clock_), id}));
  if (n != 1) return Error::Conflict("only a failed or dead job can be retried", "not_retryable");
  return {};
}

WorkerPool::WorkerPool(Queue& q, int threads, std::string name, std::chrono::milliseconds idle_poll)
    : q_(q), name_(std::move(name)), idle_poll_(idle_poll) {
  for (int i = 0; i < threads; ++i) threads_.emplace_back([this, i] { Loop(i); });
}

WorkerPool::~WorkerPool() { Stop(); }

void WorkerPool::Stop() {
  stop_ = true;
  cv_.notify_all();
  for (auto& t : threads_)
    if (t.joinable()) t.join();
  threads_.clear();
}

void WorkerPool::Loop(int index) {
  std::string worker = name_ + "-" + std::to_string(::getpid()) + "-" + std::to_string(index);
  while (!stop_) {
    bool busy = false;
    if (index == 0) {
      auto d = q_.Dispatch();
      if (!d.ok()) std::fprintf(stderr, "jobs: dispatch failed: %s\n", d.error().message.c_str());
      else busy = *d > 0;
    }
    auto r = q_.RunOne(worker);
    if (!r.ok()) std::fprintf(stderr, "jobs: %s\n", r.error().message.c_str());
    else busy = busy || *r;
    if (!busy) {
      std::unique_lock lk(mu_);
      cv_.wait_for(lk, idle_poll_, [this] { return stop_.load(); });
    }
  }
}

// ---- Notification centre ----------------------------------------------------------------------

core::Status Notify(store::Tx& tx, const Notice& n, const core::Clock& clock) {
  HF_TRY(tx.Exec("INSERT INTO notifications(user_id, kind, title, body, link, source_event_id, params, created_at) "
                 "VALUES (?,?,?,?,?,?,?,?) ON CONFLICT (user_id, source_event_id) DO NOTHING",
                 {n.user_id, n.kind, n.title, n.body, n.link ? store::Param(*n.link) : store::Param(std::nullopt),
                  n.source_event_id ? store::Param(*n.source_event_id) : store::Param(std::nullopt), n.params.dump(), At(clock)}));
  return {};
}

json ParamsFromText(const std::optional<std::string>& text) {
  if (!text || text->empty()) return nullptr;
  json j = json::parse(*text, nullptr, false);
  return j.is_object() ? j : json(nullptr);
}

namespace {
struct Text { const char* zh; const char* en; };
Text TitleFor(const std::string& topic) {
  static const std::map<std::string, Text> k = {
      {"employee.create", {"新员工入职档案已建立", "New employee record"}},
      {"employee.update", {"员工档案已更新", "Employee record updated"}},
      {"employee.delete", {"员工档案已删除", "Employee record deleted"}},
      {"employee.import", {"员工批量导入完成", "Employee import finished"}},
      {"department.create", {"新部门已创建", "Department created"}},
      {"department.update", {"部门已更新", "Department updated"}},
      {"department.delete", {"部门已删除", "Department deleted"}},
  };
  auto it = k.find(topic);
  return it == k.end() ? Text{"系统事件", "System event"} : it->second;
}
}  // namespace

void RegisterNotifications(Queue& q, const core::Clock& clock) {
  q.Subscribe("employee.", "notify");
  q.Subscribe("department.", "notify");
  q.Register("notify", [&clock](const Job& job, store::Tx& tx) -> Status {
    const json& p = job.payload;
    std::string topic = p.value("topic", "");
    const json& data = p.contains("data") ? p["data"] : json::object();
    int64_t actor = data.value("actor_user_id", int64_t(0));
    std::string subject = data.value("subject", "");
    std::string by = data.value("actor", "");
    std::string link;
    std::string entity = p.value("entity", ""), id = p.value("entity_id", "");
    if (entity == "employee" && topic != "employee.delete" && topic != "employee.import") link = "/employees/" + id;
    if (entity == "employee" && topic == "employee.import") link = "/employees";
    if (entity == "department") link = "/departments";
    Text t = TitleFor(topic);
    HF_ASSIGN(Rows users, tx.Query("SELECT id, locale FROM users WHERE role IN ('admin', 'hr') AND disabled = 0 AND id <> ?", {actor}));
    for (auto u : users) {
      bool zh = u.Str("locale") != "en";
      std::string body = subject + (by.empty() ? "" : (zh ? "（操作人：" + by + "）" : " (by " + by + ")"));
      Notice n{u.Int("id"), topic, zh ? t.zh : t.en, body, link.empty() ? std::nullopt : std::optional<std::string>(link),
               {{"subject", subject}}, p.value("event_id", int64_t(0))};
      if (!by.empty()) {
        n.params["actor"] = by;
        n.params["variant"] = "by";
      }
      HF_TRY(Notify(tx, n, clock));
    }
    return {};
  });
}

}  // namespace jobs
