// Probation (试用期) limits of 劳动合同法第19条/第20条 as a pure check over effective-dated rules
// (data/rules/probation.json, embedded). Contract and violation codes in docs/payroll-rules.md.
#pragma once

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/date.h"
#include "core/error.h"
#include "core/money.h"

namespace hiring {

enum class ContractType {
  kFixed,      // 固定期限
  kOpenEnded,  // 无固定期限
  kTask,       // 以完成一定工作任务为期限
};

struct ProbationRules {
  struct Tier {
    int64_t min_term_months = 0;       // fixed terms of at least this many months…
    int64_t max_probation_months = 0;  // …allow at most this much probation
  };
  core::Date effective_from;
  std::optional<core::Date> effective_to;  // inclusive
  std::vector<std::string> sources;
  std::vector<Tier> fixed_term_tiers;  // ascending; below the first tier no probation
  int64_t open_ended_max_probation_months = 6;
  int64_t task_based_max_probation_months = 0;
  int64_t min_wage_pct_of_contract_wage = 80;
  bool one_probation_per_employer = true;
};

// Every version of the rule, oldest first, parsed once from the embedded data/rules/probation.json.
// A broken embedded file is a build defect (probation_test loads it): this aborts with the error.
const std::vector<ProbationRules>& BuiltinProbationRules();
// Parses the text of a probation.json; kInvalid naming the field on any defect.
core::Result<std::vector<ProbationRules>> ParseProbationRules(std::string_view json_text);

struct ProbationTerms {
  ContractType contract_type = ContractType::kFixed;
  std::optional<int64_t> contract_term_months;  // required for kFixed, ignored otherwise
  int64_t probation_months = 0;
  std::optional<core::Money> contract_wage;
  std::optional<core::Money> probation_wage;
  std::optional<core::Money> local_min_wage;
  bool prior_probation_with_same_employer = false;
};

struct ProbationViolation {
  std::string code;         // stable: probation_not_allowed, probation_too_long, repeat_probation,
                            // probation_wage_below_contract_ratio, probation_wage_below_min_wage
  std::string explanation;  // human text citing the article (English)
  // What the text needs, for the UI to say it in the reader's language (web: alert.<code>): basis
  // (fixed | open_ended | task, also the message variant), term_months, agreed_months, max_months,
  // probation_wage, pct, floor, min_wage — those that apply to the code.
  std::map<std::string, std::string> params;
};

struct ProbationCheck {
  int64_t max_probation_months = 0;               // 0 when no probation may be agreed at all
  std::optional<core::Money> min_probation_wage;  // max(80% of contract wage rounded up, minimum wage)
  std::vector<ProbationViolation> violations;
  bool compliant() const { return violations.empty(); }
};

// Checks agreed probation terms. kInvalid ("contract_term_months") when a fixed-term contract has no
// term; negative amounts or months are kInvalid naming the field.
core::Result<ProbationCheck> CheckProbationTerms(const ProbationTerms& terms, const ProbationRules& rules);

// JSON face for `hireflow calc probation`: input fields contract_term_months, contract_type
// ("fixed" | "open_ended" | "task"), probation_months, contract_wage, probation_wage, local_min_wage,
// prior_probation_with_same_employer, as_of; output max_probation_months, min_probation_wage, compliant,
// violations ["code: explanation"]. kInvalid naming the field on unknown, missing or mistyped fields.
core::Result<nlohmann::json> CheckProbation(const nlohmann::json& input);

}  // namespace hiring
