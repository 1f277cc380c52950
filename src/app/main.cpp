// hireflow: builds every module in dependency order and runs one command. No globals: each
// command wires what it needs and tears it down in reverse order.
#include <pthread.h>
#include <signal.h>
#include <sys/stat.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <iterator>
#include <map>
#include <string>
#include <vector>

#include "auth/auth.h"
#include "auth/crypto.h"
#include "core/date.h"
#include "hiring/probation.h"
#include "hiring/hiring.h"
#include "payrollrun/payrollrun.h"
#include "http/api.h"
#include "aiinterview/aiinterview.h"
#include "analytics/analytics.h"
#include "blob/blob.h"
#include "notify/notify.h"
#include "recruiting/recruiting.h"
#include "lifecycle/lifecycle.h"
#include "interview/scoring.h"
#include "http/server.h"
#include "jobs/jobs.h"
#include "media/analyze.h"
#include "org/org.h"
#include "payroll/calc.h"
#include "recruit/resume_parse.h"
#include "store/store.h"

namespace {

constexpr const char* kHelp = R"(hireflow — HR from recruitment plan to first payslip

Usage: hireflow COMMAND [options]

Commands:
  serve                 Run the HTTP server (migrates the database first)
      --db URL          sqlite:PATH (default sqlite:DATA/hireflow.db) or postgresql://...
      --port N          TCP port (default 8080)             --bind ADDR   (default 0.0.0.0)
      --data DIR        data directory (default ./var)     --web DIR     web app (default ./web/dist)
      --tls-cert FILE --tls-key FILE   serve HTTPS
      --threads N       I/O threads (default: cores)       --access-log FILE|-|off (default DATA/access.log)
      --seed-demo       add demo organisation and recruiting data when the database has none
      --workers N       in-process background workers (default 2; 0 = none, run `hireflow worker`)
      --job-lease-ms N  a claimed job is taken over by another worker after this (default 60000)
      --public-url URL  base of links sent to candidates (default HIREFLOW_PUBLIC_URL or
                        http://localhost:PORT); mail via HIREFLOW_SMTP_URL (see README)
  worker                Run background workers only (--db, --data, --workers, --job-lease-ms);
                        several may run against one PostgreSQL database
  migrate               Apply pending database migrations (--db, --data)
  user create           --username U --role admin|hr|hiring_manager|interviewer|employee
                        [--display-name N] [--department-id ID]; password from --password or
                        HIREFLOW_USER_PASSWORD
  user reset-password   --username U; password from --password or HIREFLOW_USER_PASSWORD
  calc KIND             Read one JSON object on stdin, print the result as JSON; exit 2 on
                        invalid input. KIND: iit-cumulative, annual-bonus, labor-remuneration,
                        overtime-pay, severance, annual-leave, probation, social-insurance,
                        payslip (docs/payroll-rules.md)
  resume parse FILE     Parse a resume (PDF, DOCX, ODT, HTML, text, JSON Resume; '-' = stdin) and
                        print JSON Resume; exit 2 on unreadable input (docs/resume-parsing.md)
  interview score       Score interview answers: JSON Lines on stdin ({"question", "model_answer",
                        "key_points"?, "answer", "language"}), one JSON line out per input line
                        (docs/interview-scoring.md); exit 2 if any line was invalid
  media analyze FILE    Analyse an interview recording (WebM, MP4, audio): speech metrics, transcript,
                        capture-quality flags, as one JSON object (docs/media-analysis.md)
      [--lang en|zh] [--transcriber URL|pocketsphinx] [--model M] [--api-key K]
      [--no-transcript] [--no-video]   exit 2 on an unreadable or invalid file
  --help                This text

Environment:
  HIREFLOW_ADMIN_PASSWORD   initial password of the first admin (username 'admin'); generated
                            and printed once when unset
  HIREFLOW_SECRET_KEY       base64 32-byte key for sensitive fields (default: DATA/secret.key)
  HIREFLOW_TRANSCRIBER_URL  OpenAI-compatible transcription service for `media analyze`
                            (with HIREFLOW_TRANSCRIBER_MODEL, HIREFLOW_TRANSCRIBER_KEY); default:
                            embedded PocketSphinx (English)
)";

struct Args {
  std::vector<std::string> positional;
  std::map<std::string, std::string> opts;  // --name value, or --flag -> "1"
  bool Has(const std::string& k) const { return opts.count(k) > 0; }
  std::string Get(const std::string& k, const std::string& def = "") const {
    auto it = opts.find(k);
    return it == opts.end() ? def : it->second;
  }
};

Args ParseArgs(int argc, char** argv, int from, const std::vector<std::string>& flags) {
  Args a;
  for (int i = from; i < argc; ++i) {
    std::string s = argv[i];
    if (s.rfind("--", 0) == 0) {
      std::string k = s.substr(2);
      size_t eq = k.find('=');
      if (eq != std::string::npos) {
        a.opts[k.substr(0, eq)] = k.substr(eq + 1);
      } else if (std::find(flags.begin(), flags.end(), k) != flags.end() || i + 1 >= argc) {
        a.opts[k] = "1";
      } else {
        a.opts[k] = argv[++i];
      }
    } else {
      a.positional.push_back(s);
    }
  }
  return a;
}

int Fail(const std::string& msg, int code = 1) {
  std::cerr << "hireflow: " << msg << "\n";
  return code;
}

struct Opened {
  std::string data_dir;
  std::unique_ptr<store::Db> db;
};

core::Result<Opened> OpenDb(const Args& a) {
  Opened o;
  o.data_dir = a.Get("data", "var");
  std::error_code ec;
  std::filesystem::create_directories(o.data_dir, ec);
  if (ec) return core::Error::Invalid("data", "cannot create data directory " + o.data_dir + ": " + ec.message());
  std::string url = a.Get("db", "sqlite:" + o.data_dir + "/hireflow.db");
  HF_ASSIGN(o.db, store::Open(url));
  HF_ASSIGN(auto applied, store::Migrate(*o.db));
  for (auto& m : applied) std::cerr << "migrated: " << m << "\n";
  return o;
}

// Creates the first admin when there are no users. Prints a generated password once.
core::Status EnsureAdmin(store::Db& db, const core::Clock& clock) {
  HF_ASSIGN(auto tx, db.Begin(true));
  HF_ASSIGN(store::Rows r, tx->Query("SELECT count(*) AS n FROM users"));
  if (r[0].Int("n") > 0) return {};
  std::string pw;
  bool generated = false;
  if (const char* env = std::getenv("HIREFLOW_ADMIN_PASSWORD"); env && *env) {
    pw = env;
  } else {
    pw = auth::RandomToken(12);
    generated = true;
  }
  HF_ASSIGN(auth::User u, auth::CreateUser(*tx, {"admin", pw, "Administrator", auth::Role::kAdmin, {}, {}}, clock));
  HF_TRY(auth::AppendAudit(*tx, nullptr, {"create", "user", std::to_string(u.id), nullptr, u.ToJson()}, "", clock));
  HF_TRY(tx->Commit());
  if (generated) {
    std::cout << "\n  First start: created user 'admin' with password: " << pw
              << "\n  (shown once; change it after signing in, or set HIREFLOW_ADMIN_PASSWORD)\n\n"
              << std::flush;
  }
  return {};
}

jobs::QueueOptions QueueOptionsFrom(const Args& a) {
  jobs::QueueOptions q;
  if (a.Has("job-lease-ms")) q.lease = std::chrono::milliseconds(std::max(100, std::atoi(a.Get("job-lease-ms").c_str())));
  return q;
}

// Stored files, upload staging and outbound mail, shared by the API and the workers. Declared
// before the workers and the server so that it outlives both.
struct Files {
  Files(const std::string& data_dir, std::string public_url)
      : files(data_dir + "/files"),
        mailer(notify::SmtpConfig::FromEnv() ? std::make_unique<notify::SmtpMailer>(*notify::SmtpConfig::FromEnv()) : nullptr),
        sms(notify::HttpSmsConfig::FromEnv() ? std::make_unique<notify::HttpSmsGateway>(*notify::HttpSmsConfig::FromEnv()) : nullptr),
        interview{files, data_dir + "/uploads/answers", std::move(public_url), mailer.get(), sms.get(), notify::RobotsFromEnv()} {
    std::filesystem::create_directories(data_dir + "/uploads/answers");
  }
  blob::Store files;
  std::unique_ptr<notify::SmtpMailer> mailer;  // null without HIREFLOW_SMTP_URL
  std::unique_ptr<notify::HttpSmsGateway> sms;   // null without HIREFLOW_SMS_URL
  aiinterview::Deps interview;
  hiring::Deps hiring{hiring::DepsFromEnv(files, interview.public_url, mailer.get())};
};

// Every module's job handlers and subscriptions, for `serve` and `worker` alike.
void RegisterJobs(jobs::Queue& queue, store::Db& db, const core::Clock& clock, Files& wiring) {
  jobs::RegisterNotifications(queue, clock);
  aiinterview::RegisterJobs(queue, db, clock, wiring.interview);
  hiring::RegisterJobs(queue, db, clock, wiring.hiring);
  payrollrun::RegisterHiringJobs(queue, db, clock);
  lifecycle::RegisterJobs(queue, db, clock);
  analytics::RegisterJobs(queue, db, clock);
}

int Serve(const Args& a) {
  auto o = OpenDb(a);
  if (!o.ok()) return Fail(o.error().message);
  core::SystemClock clock;
  auto st = EnsureAdmin(*o->db, clock);
  if (!st.ok()) return Fail("creating the admin: " + st.error().message);
  auto cipher = auth::FieldCipher::FromEnvOrFile(o->data_dir + "/secret.key");
  if (!cipher.ok()) return Fail(cipher.error().message);
  if (a.Has("seed-demo")) {
    auto tx = o->db->Begin(true);
    if (!tx.ok()) return Fail(tx.error().message);
    auto admin = auth::GetUserByName(**tx, "admin");
    if (admin.ok()) {
      auth::Principal p{admin->id, admin->username, admin->role, {}, {}, false};
      org::Env env{**tx, p, clock, "seed", &*cipher};
      auto s = org::SeedDemo(env);
      if (s.ok()) s = recruiting::SeedDemo(env);
      if (s.ok()) s = lifecycle::SeedDemo(env);
      if (s.ok()) s = analytics::SeedDemo(env);
      if (!s.ok()) return Fail("seeding demo data: " + s.error().message);
      if (!(*tx)->Commit().ok()) return Fail("seeding demo data: commit failed");
    }
  }
  std::string uploads = o->data_dir + "/uploads/tmp";
  std::filesystem::create_directories(uploads);
  http::ServerOptions so;
  so.bind = a.Get("bind", "0.0.0.0");
  so.port = std::atoi(a.Get("port", "8080").c_str());
  so.threads = std::atoi(a.Get("threads", "0").c_str());
  so.tls_cert = a.Get("tls-cert");
  so.tls_key = a.Get("tls-key");
  so.upload_dir = uploads;
  std::string log = a.Get("access-log", o->data_dir + "/access.log");
  so.access_log = log == "off" ? "" : log;
  Files wiring(o->data_dir, a.Get("public-url", std::getenv("HIREFLOW_PUBLIC_URL") ? std::getenv("HIREFLOW_PUBLIC_URL")
                                                : "http://localhost:" + std::to_string(so.port)));
  jobs::Queue queue(*o->db, clock, QueueOptionsFrom(a));
  RegisterJobs(queue, *o->db, clock, wiring);
  int nworkers = std::atoi(a.Get("workers", "2").c_str());
  std::unique_ptr<jobs::WorkerPool> workers;
  if (nworkers > 0) workers = std::make_unique<jobs::WorkerPool>(queue, nworkers, "serve");
  http::ApiDeps deps{*o->db, clock, *cipher, a.Get("web", "web/dist"), !so.tls_cert.empty(), &queue, &wiring.files,
                     &wiring.interview};
  http::Api api(deps);
  http::Server server(
      so, [&api](http::Request& r) { return api.Handle(r); },
      [&api](const std::string& m, const std::string& p) { return api.Policy(m, p); });
  auto started = server.Start();
  if (!started.ok()) return Fail(started.error().message);
  std::cout << "HireFlow serving on " << (so.tls_cert.empty() ? "http" : "https") << "://localhost:" << server.port()
            << " (database " << o->db->Describe() << ")" << std::endl;
  server.RunUntilSignal();
  if (workers) workers->Stop();  // after the server drained: in-flight jobs finish their attempt
  std::cout << "HireFlow stopped" << std::endl;
  return 0;
}

// hireflow worker: background workers only, for scale-out (PostgreSQL: any number of processes).
int Worker(const Args& a) {
  auto o = OpenDb(a);
  if (!o.ok()) return Fail(o.error().message);
  core::SystemClock clock;
  Files wiring(o->data_dir, a.Get("public-url", std::getenv("HIREFLOW_PUBLIC_URL") ? std::getenv("HIREFLOW_PUBLIC_URL")
                                                : "http://localhost:8080"));
  jobs::Queue queue(*o->db, clock, QueueOptionsFrom(a));
  RegisterJobs(queue, *o->db, clock, wiring);
  int n = std::max(1, std::atoi(a.Get("workers", "2").c_str()));
  jobs::WorkerPool pool(queue, n, "worker");
  std::cout << "HireFlow worker: " << n << " threads on " << o->db->Describe() << std::endl;
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  int sig = 0;
  sigwait(&set, &sig);
  pool.Stop();
  std::cout << "HireFlow worker stopped" << std::endl;
  return 0;
}

// hireflow calc KIND: pure calculators (payroll and labour law), JSON in, JSON out.
int Calc(int argc, char** argv) {
  if (argc < 3) return Fail("usage: hireflow calc KIND < input.json", 2);
  std::string kind = argv[2];
  std::string input((std::istreambuf_iterator<char>(std::cin)), std::istreambuf_iterator<char>());
  auto j = nlohmann::json::parse(input, nullptr, false);
  if (j.is_discarded()) return Fail("calc " + kind + ": the input is not valid JSON", 2);
  if (!j.is_object()) return Fail("calc " + kind + ": the input must be one JSON object", 2);
  auto r = kind == "probation" ? hiring::CheckProbation(j) : payroll::RunPayrollCalc(kind, j);
  if (!r.ok()) return Fail("calc " + kind + ": " + r.error().message, 2);
  std::cout << r->dump(2) << "\n";
  return 0;
}

int UserCommand(const Args& a) {
  if (a.positional.size() < 2) return Fail("usage: hireflow user create|reset-password --username U ...", 2);
  auto o = OpenDb(a);
  if (!o.ok()) return Fail(o.error().message);
  core::SystemClock clock;
  std::string pw = a.Get("password");
  if (pw.empty())
    if (const char* env = std::getenv("HIREFLOW_USER_PASSWORD")) pw = env;
  if (pw.empty()) return Fail("give the password with --password or HIREFLOW_USER_PASSWORD", 2);
  auto tx = o->db->Begin(true);
  if (!tx.ok()) return Fail(tx.error().message);
  const std::string& sub = a.positional[1];
  if (sub == "create") {
    auto role = auth::ParseRole(a.Get("role", "employee"));
    if (!role) return Fail("unknown role " + a.Get("role"), 2);
    auth::NewUser nu{a.Get("username"), pw, a.Get("display-name"), *role, {}, {}};
    if (a.Has("department-id")) nu.department_id = std::atoll(a.Get("department-id").c_str());
    auto u = auth::CreateUser(**tx, nu, clock);
    if (!u.ok()) return Fail(u.error().message + (u.error().field.empty() ? "" : " (" + u.error().field + ")"), 2);
    if (!auth::AppendAudit(**tx, nullptr, {"create", "user", std::to_string(u->id), nullptr, u->ToJson()}, "cli", clock).ok() ||
        !(*tx)->Commit().ok())
      return Fail("could not save the user");
    std::cout << "created user " << u->username << " (id " << u->id << ", role " << auth::RoleName(u->role) << ")\n";
    return 0;
  }
  if (sub == "reset-password") {
    auto u = auth::GetUserByName(**tx, a.Get("username"));
    if (!u.ok()) return Fail("no such user: " + a.Get("username"), 2);
    auto s = auth::SetPassword(**tx, u->id, pw, clock);
    if (!s.ok()) return Fail(s.error().message, 2);
    if (!auth::AppendAudit(**tx, nullptr, {"reset_password", "user", std::to_string(u->id), nullptr, nullptr}, "cli", clock).ok() ||
        !(*tx)->Commit().ok())
      return Fail("could not save the password");
    std::cout << "password reset for " << u->username << "\n";
    return 0;
  }
  return Fail("unknown user command: " + sub, 2);
}

}  // namespace

int main(int argc, char** argv) {
  auth::InitCrypto();
  if (argc < 2 || std::string(argv[1]) == "--help" || std::string(argv[1]) == "-h" || std::string(argv[1]) == "help") {
    std::cout << kHelp;
    return argc < 2 ? 2 : 0;
  }
  std::string cmd = argv[1];
  Args a = ParseArgs(argc, argv, 2, {"seed-demo", "help"});
  if (cmd == "serve") return Serve(a);
  if (cmd == "worker") {
    // Block the stop signals before any thread starts, so that sigwait() receives them.
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &set, nullptr);
    return Worker(a);
  }
  if (cmd == "migrate") {
    auto o = OpenDb(a);
    if (!o.ok()) return Fail(o.error().message);
    std::cout << "database is up to date (" << o->db->Describe() << ")\n";
    return 0;
  }
  if (cmd == "calc") return Calc(argc, argv);
  if (cmd == "resume") {
    if (argc < 3 || std::string(argv[2]) != "parse") return Fail("usage: hireflow resume parse FILE", 2);
    return recruit::RunResumeParseCli(argc - 3, argv + 3, std::cout, std::cerr);
  }
  if (cmd == "interview") {
    if (argc < 3 || std::string(argv[2]) != "score") return Fail("usage: hireflow interview score < answers.jsonl", 2);
    return interview::RunInterviewScoreCli(std::cin, std::cout, std::cerr);
  }
  if (cmd == "media") {
    if (argc < 3 || std::string(argv[2]) != "analyze") {
      return Fail("usage: hireflow media analyze FILE [options]  (see hireflow media analyze --help)", 2);
    }
    return media::RunMediaAnalyzeCli(std::vector<std::string>(argv + 3, argv + argc), std::cout, std::cerr);
  }
  if (cmd == "user") {
    a.positional.insert(a.positional.begin(), "user");
    return UserCommand(a);
  }
  std::cerr << "hireflow: unknown command '" << cmd << "'\n\n" << kHelp;
  return 2;
}
