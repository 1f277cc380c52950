// Demo history for the analytics dashboards: a closed plan with 80 hires whose interview scores
// (total and two competencies) and 3-, 6- and 12-month reviews are related the way a useful
// interview would be, plus applications that stopped at each stage, and synthetic voluntary
// self-identification for 90% of the applicants (so that the bias audit page has something to show). Idempotent (marked by the plan's
// title); skipped when the tables it needs are missing.
#include <chrono>
#include <cmath>

#include "analytics/detail.h"
#include "core/date.h"

namespace analytics {

using core::Result;
using core::Status;
using store::Rows;

namespace {
constexpr const char* kPlanTitle = "Analytics demo: Sales Representative (closed)";

struct Lcg {
  uint64_t s;
  double Next() {
    s = s * 6364136223846793005ULL + 1442695040888963407ULL;
    return double(s >> 11) / double(1ULL << 53);
  }
  double Normal() {  // Box–Muller
    double u = std::max(Next(), 1e-12), v = Next();
    return std::sqrt(-2 * std::log(u)) * std::cos(2 * M_PI * v);
  }
};
}  // namespace

Status SeedDemo(Env& env) {
  store::Tx& tx = env.tx;
  HF_ASSIGN(Rows done, tx.Query("SELECT id FROM requisitions WHERE title = ?", {kPlanTitle}));
  if (!done.empty()) return Status::Ok();
  HF_ASSIGN(Rows dept, tx.Query("SELECT id FROM departments ORDER BY id LIMIT 1"));
  if (dept.empty()) return Status::Ok();
  int64_t dept_id = dept[0].Int("id");
  Lcg rng{20240101};
  // Dated relative to today: applications about 16 months ago, hires about 14 months ago, so that
  // every 3-, 6- and 12-month review lies in the past (and nothing is old enough for retention).
  core::Date today = core::Date::FromDays(std::chrono::floor<std::chrono::days>(env.clock.Now()).time_since_epoch().count());
  core::Date base = today.AddMonths(-16);
  const std::string created = base.AddDays(-3).ToString() + "T02:00:00.000Z";
  HF_ASSIGN(Rows req, tx.Query("INSERT INTO requisitions(title, department_id, headcount, hired_count, location, employment_type, "
                               "status, created_by, created_at, updated_at) VALUES (?, ?, 80, 80, 'Shanghai', 'full_time', 'filled', ?, ?, ?) "
                               "RETURNING id",
                               {kPlanTitle, dept_id, env.who.user_id, created, created}));
  int64_t req_id = req[0].Int("id");
  int64_t q_ids[2];
  const char* comps[2] = {"communication", "problem_solving"};
  for (int k = 0; k < 2; ++k) {
    HF_ASSIGN(Rows q, tx.Query("INSERT INTO interview_questions(requisition_id, position, kind, text, language, think_seconds, "
                               "answer_seconds, rerecords, competency, created_at, updated_at) VALUES (?, ?, 'core', ?, 'en', 30, 120, 1, ?, ?, ?) "
                               "RETURNING id",
                               {req_id, k + 1, k == 0 ? "Tell us about a customer you won over." : "How would you grow a new territory?",
                                comps[k], created, created}));
    q_ids[k] = q[0].Int("id");
  }
  const char* sources[] = {"careers", "referral", "agency", "import"};
  const char* stops[] = {"applied", "screened", "interview_invited", "interviewed", "second_round", "offer"};
  int seq = 0;
  auto at = [base](int day, int hour) {
    core::Date d = base.AddDays(day);
    char b[32];
    std::snprintf(b, sizeof b, "%sT%02d:00:00.000Z", d.ToString().c_str(), hour);
    return std::string(b);
  };
  for (int i = 0; i < 200; ++i) {
    bool hire = i < 80;
    ++seq;
    int day = int(rng.Next() * 60);
    std::string applied = at(day, 2);
    std::string name = "Demo Candidate " + std::to_string(seq);
    std::string email = "analytics-demo-" + std::to_string(seq) + "@example.com";
    HF_ASSIGN(Rows c, tx.Query("INSERT INTO candidates(name, email, email_key, source, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?) "
                               "RETURNING id",
                               {name, email, email, sources[i % 4], applied, applied}));
    int64_t cand = c[0].Int("id");
    // Latent ability drives screening, interview and later performance (with noise).
    double ability = rng.Normal();
    double screening = std::clamp(70 + 10 * ability + 6 * rng.Normal(), 20.0, 99.0);
    double interview = std::clamp(76 + 9 * ability + 5 * rng.Normal(), 30.0, 99.0);
    std::string final_status = hire ? "hired" : (i % 7 == 0 ? "withdrawn" : "rejected");
    HF_ASSIGN(Rows a, tx.Query("INSERT INTO applications(requisition_id, candidate_id, status, source, score, recommendation, "
                               "screened_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                               {req_id, cand, final_status, sources[i % 4], std::round(screening * 10) / 10,
                                screening >= 75 ? "advance" : screening < 50 ? "reject" : "review", applied, applied, applied}));
    int64_t app = a[0].Int("id");
    // Demo self-identification (synthetic, for the bias audit page): every 10th applicant declines,
    // the next never answers.
    if (env.cipher && i % 10 < 8) {
      static const char* kRaces[] = {"white", "asian", "black_or_african_american", "hispanic_or_latino", "two_or_more_races"};
      HF_TRY(tx.Exec("INSERT INTO candidate_self_identification(application_id, sex_enc, race_enc, submitted_at) VALUES (?, ?, ?, ?)",
                     {app, env.cipher->Encrypt(i % 2 ? "female" : "male"), env.cipher->Encrypt(kRaces[(i / 2) % 5]), applied}));
    } else if (env.cipher && i % 10 == 8) {
      HF_TRY(tx.Exec("INSERT INTO candidate_self_identification(application_id, sex_enc, race_enc, submitted_at) VALUES (?, ?, ?, ?)",
                     {app, env.cipher->Encrypt("decline"), env.cipher->Encrypt("decline"), applied}));
    }
    std::vector<std::string> path = {"applied", "screened", "interview_invited", "interviewed", "second_round", "offer", "hired"};
    size_t stop = hire ? path.size() : size_t(1 + (i % 6));  // non-hires stop after stage stops[i % 6]
    (void)stops;
    int t = day * 24 + 2;
    std::string prev;
    for (size_t k = 0; k < stop; ++k) {
      std::string when = at(t / 24, t % 24);
      HF_TRY(tx.Exec("INSERT INTO application_events(application_id, at, actor, kind, from_status, to_status, reason) VALUES "
                     "(?, ?, 'seed', 'status', ?, ?, 'demo history')",
                     {app, when, prev.empty() ? store::Param(std::nullopt) : store::Param(prev), path[k]}));
      prev = path[k];
      t += 24 * (1 + int(rng.Next() * 6));
    }
    if (!hire)
      HF_TRY(tx.Exec("INSERT INTO application_events(application_id, at, actor, kind, from_status, to_status, reason) VALUES "
                     "(?, ?, 'seed', 'status', ?, ?, 'demo history')",
                     {app, at(t / 24, t % 24), prev, final_status}));
    if (stop < 4 && !hire) continue;  // no interview before "interviewed"
    std::string itv_at = at(day + 3, 9);
    HF_ASSIGN(Rows iv, tx.Query("INSERT INTO interviews(application_id, token_hash, status, language, deadline, expires_at, invited_at, "
                                "completed_at, scored_at, total_score, recommendation, updated_at) VALUES (?, ?, 'scored', 'en', ?, ?, ?, ?, ?, ?, ?, ?) "
                                "RETURNING id",
                                {app, "analytics-demo-" + std::to_string(app), itv_at, itv_at, itv_at, itv_at, itv_at,
                                 std::round(interview * 10) / 10, interview >= 80 ? "advance" : interview < 60 ? "reject" : "review",
                                 itv_at}));
    int64_t iid = iv[0].Int("id");
    for (int k = 0; k < 2; ++k) {
      double s = std::clamp(interview + 6 * rng.Normal(), 0.0, 100.0);
      HF_TRY(tx.Exec("INSERT INTO interview_answers(interview_id, question_id, attempt, mode, status, is_final, score, created_at, "
                     "updated_at) VALUES (?, ?, 1, 'text', 'scored', 1, ?, ?, ?)",
                     {iid, q_ids[k], std::round(s * 10) / 10, itv_at, itv_at}));
    }
    if (!hire) continue;
    core::Date hire_date = base.AddMonths(2).AddDays(7 * (i % 8));
    std::string now = core::FormatInstant(env.clock.Now());
    HF_ASSIGN(Rows e, tx.Query("INSERT INTO employees(employee_no, name, email, department_id, hire_date, status, application_id, "
                               "created_at, updated_at) VALUES (?, ?, ?, ?, ?, 'active', ?, ?, ?) RETURNING id",
                               {"AD" + std::to_string(1000 + i), name, email, dept_id, hire_date.ToString(), app, now, now}));
    int64_t emp = e[0].Int("id");
    struct Cycle { const char* kind; int months; };
    for (Cycle cy : {Cycle{"probation", 3}, Cycle{"quarterly", 6}, Cycle{"annual", 12}}) {
      double perf = std::clamp(3.1 + 0.7 * ability + 0.55 * rng.Normal(), 1.0, 5.0);
      perf = std::round(perf * 2) / 2;
      core::Date end = hire_date.AddMonths(cy.months);
      HF_TRY(tx.Exec("INSERT INTO performance_final_ratings(employee_id, cycle_kind, period_start, period_end, rating, scale_min, "
                     "scale_max, meets_expectations, finalized_at) VALUES (?, ?, ?, ?, ?, 1, 5, ?, ?)",
                     {emp, cy.kind, hire_date.ToString(), end.ToString(), perf, perf >= 3 ? 1 : 0, end.ToString() + "T09:00:00.000Z"}));
    }
  }
  return Status::Ok();
}

}  // namespace analytics
