// Events and jobs: the transactional outbox and the durable job queue.
//
// A domain writes its change and an outbox event in one transaction (Emit). The dispatcher turns
// each new event into one job per subscriber. Workers claim due jobs with a lease (PostgreSQL:
// FOR UPDATE SKIP LOCKED, so two workers never take the same job), run the handler in a
// transaction that also marks the job done (so a job's effects commit exactly once; a worker
// that lost its lease rolls back), and on failure retry with exponential backoff until
// max_attempts, then leave the job 'dead' for a person to retry. A job whose worker died is
// claimed again when its lease runs out.
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/date.h"
#include "core/error.h"
#include "store/store.h"

namespace jobs {

// Writes an event to the outbox in the caller's transaction. topic: "<entity>.<action>".
core::Status Emit(store::Tx& tx, std::string_view topic, std::string_view entity, std::string_view entity_id,
                  const nlohmann::json& payload, const core::Clock& clock);

struct EnqueueOptions {
  std::optional<std::string> dedupe_key;  // a second job with the same key is not added
  std::chrono::milliseconds delay{0};
  int max_attempts = 5;
};
// Adds a job in the caller's transaction. Returns the id (or the existing id for a dedupe_key).
core::Result<int64_t> Enqueue(store::Tx& tx, std::string_view kind, const nlohmann::json& payload,
                              const core::Clock& clock, const EnqueueOptions& o = {});

struct Job {
  int64_t id = 0;
  std::string kind;
  nlohmann::json payload;
  int attempts = 0;  // including this one
  int max_attempts = 5;
};

// Handlers run inside the transaction that marks the job done. Returning an error fails this
// attempt (retried with backoff); nothing the handler wrote is kept.
using Handler = std::function<core::Status(const Job& job, store::Tx& tx)>;

struct QueueOptions {
  std::chrono::milliseconds lease{60'000};       // a claimed job is reclaimable after this
  std::chrono::milliseconds backoff_base{1'000}; // retry n waits base * 2^(n-1), capped
  std::chrono::milliseconds backoff_cap{600'000};
};

class Queue {
 public:
  Queue(store::Db& db, const core::Clock& clock, QueueOptions o = {}) : db_(db), clock_(clock), o_(o) {}
  void Register(std::string kind, Handler h) { handlers_[std::move(kind)] = std::move(h); }
  // A long job (media analysis, outbound calls): `prepare` runs outside any transaction, so that
  // minutes of work never hold the database; the step it returns runs in the transaction that
  // marks the job done. Both must be idempotent: a retried or reclaimed job prepares again.
  using Prepare = std::function<core::Result<Handler>(const Job& job)>;
  void RegisterLong(std::string kind, Prepare p) { long_handlers_[std::move(kind)] = std::move(p); }
  // Claims one due job (queued, failed and due, or running with an expired lease) for `worker`.
  core::Result<std::optional<Job>> Claim(const std::string& worker);
  // Runs a claimed job's handler and records the outcome. Returns true when the job is done.
  core::Result<bool> Run(const Job& job, const std::string& worker);
  // Claims and runs at most one job. Returns false when nothing was due.
  core::Result<bool> RunOne(const std::string& worker);
  // Turns new outbox events into jobs for subscribers (kind = subscriber name). Returns how many.
  core::Result<int> Dispatch();
  // Events whose topic starts with topic_prefix become jobs of job_kind, one per event. A coalescing
  // subscriber (one that catches up on everything new whenever it runs, like a read-model fold) gets
  // one job per dispatched batch instead, carrying the batch's last matching event.
  void Subscribe(std::string topic_prefix, std::string job_kind, bool coalesce = false) {
    subs_.push_back({std::move(topic_prefix), std::move(job_kind), coalesce});
  }
  // Puts a dead or failed job back in the queue now (admin action).
  core::Status Retry(store::Tx& tx, int64_t id);

 private:
  store::Db& db_;
  const core::Clock& clock_;
  QueueOptions o_;
  std::map<std::string, Handler> handlers_;                 // set before workers start
  std::map<std::string, Prepare> long_handlers_;            // set before workers start
  struct Subscription {
    std::string prefix, kind;
    bool coalesce = false;
  };
  std::vector<Subscription> subs_;  // set before workers start
  std::mutex dispatch_mu_;
};

// Worker threads that dispatch the outbox and run jobs until stopped. Owns its threads; the
// destructor stops and joins them. The Queue must outlive the pool.
class WorkerPool {
 public:
  WorkerPool(Queue& q, int threads, std::string name, std::chrono::milliseconds idle_poll = std::chrono::milliseconds(200));
  ~WorkerPool();
  void Stop();

 private:
  void Loop(int index);
  Queue& q_;
  std::string name_;
  std::chrono::milliseconds idle_poll_;
  std::atomic<bool> stop_{false};
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::thread> threads_;
};

// The in-app notification centre, the first consumer of events: registers job kind "notify"
// subscribed to organisation and account events, creating one notification per HR/admin user
// (idempotent per user and event).
void RegisterNotifications(Queue& q, const core::Clock& clock);  // clock outlives q

// One in-app notification. title/body are stored in the recipient's account language (users.locale):
// they are what the API returns as text and what older clients and e-mails use. kind + params are
// what the web renders in the reader's current language (web/src/locales/i18n: notice.<kind>.title /
// .body with params; params.variant, when given, picks notice.<kind>.title_<variant> / body_<variant>).
// params values are strings, numbers or booleans. With a source event the insert is idempotent per
// user and event (ON CONFLICT DO NOTHING).
struct Notice {
  int64_t user_id = 0;
  std::string kind;
  std::string title;
  std::string body;
  std::optional<std::string> link;
  nlohmann::json params = nlohmann::json::object();
  std::optional<int64_t> source_event_id;
};
core::Status Notify(store::Tx& tx, const Notice& n, const core::Clock& clock);

// The params column as JSON: the object, or null for rows written before params existed (or unreadable).
nlohmann::json ParamsFromText(const std::optional<std::string>& text);

}  // namespace jobs
