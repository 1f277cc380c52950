#include "hiring/probation.h"

#include <cstdio>
#include <cstdlib>
#include <initializer_list>
#include <set>

#include "core/json_input.h"
#include "embed/hiring_rules.h"

namespace hiring {

using core::Money;
using nlohmann::json;

namespace {

// The strict JSON reader shared with payroll (core/json_input.h).
using core::ObjectReader;
using core::Require;
core::Error Invalid(const std::string& path, std::string_view message) { return core::InvalidAt(path, message); }

std::string Months(int64_t n) { return std::to_string(n) + (n == 1 ? " month" : " months"); }

}  // namespace

core::Result<std::vector<ProbationRules>> ParseProbationRules(std::string_view text) {
  json j = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object()) return Invalid("probation.json", "not a JSON object");
  HF_ASSIGN(ObjectReader top, ObjectReader::Open(j, "probation.json"));
  HF_TRY(top.String("rule"));
  HF_TRY(top.String("title"));
  HF_TRY(top.String("note"));
  const json* versions = top.Raw("versions");
  HF_TRY(top.Finish());
  if (!versions || !versions->is_array() || versions->empty()) {
    return Invalid("probation.json.versions", "expected a non-empty array");
  }
  std::vector<ProbationRules> out;
  for (size_t i = 0; i < versions->size(); ++i) {
    const std::string at = "probation.json.versions[" + std::to_string(i) + "]";
    if (!(*versions)[i].is_object()) return Invalid(at, "expected an object");
    HF_ASSIGN(ObjectReader v, ObjectReader::Open((*versions)[i], at));
    ProbationRules r;
    HF_ASSIGN(r.effective_from, Require(v.Day("effective_from"), v, "effective_from"));
    HF_ASSIGN(r.effective_to, v.Day("effective_to"));
    const json* sources = v.Raw("sources");
    if (!sources || !sources->is_array() || sources->empty()) return Invalid(v.Path("sources"), "expected strings");
    for (const auto& s : *sources) {
      if (!s.is_string()) return Invalid(v.Path("sources"), "expected strings");
      r.sources.push_back(s.get<std::string>());
    }
    const json* tiers = v.Raw("fixed_term_tiers");
    if (!tiers || !tiers->is_array() || tiers->empty()) return Invalid(v.Path("fixed_term_tiers"), "expected an array");
    for (size_t k = 0; k < tiers->size(); ++k) {
      const std::string tat = v.Path("fixed_term_tiers") + "[" + std::to_string(k) + "]";
      if (!(*tiers)[k].is_object()) return Invalid(tat, "expected an object");
      HF_ASSIGN(ObjectReader t, ObjectReader::Open((*tiers)[k], tat));
      ProbationRules::Tier tier;
      HF_ASSIGN(tier.min_term_months, Require(t.Integer("min_term_months", 1, 1200), t, "min_term_months"));
      HF_ASSIGN(tier.max_probation_months,
                Require(t.Integer("max_probation_months", 0, 120), t, "max_probation_months"));
      HF_TRY(t.Finish());
      if (!r.fixed_term_tiers.empty() && tier.min_term_months <= r.fixed_term_tiers.back().min_term_months) {
        return Invalid(t.Path("min_term_months"), "tiers must ascend");
      }
      r.fixed_term_tiers.push_back(tier);
    }
    HF_ASSIGN(r.open_ended_max_probation_months,
              Require(v.Integer("open_ended_max_probation_months", 0, 120), v, "open_ended_max_probation_months"));
    HF_ASSIGN(r.task_based_max_probation_months,
              Require(v.Integer("task_based_max_probation_months", 0, 120), v, "task_based_max_probation_months"));
    HF_ASSIGN(r.min_wage_pct_of_contract_wage,
              Require(v.Integer("min_wage_pct_of_contract_wage", 0, 100), v, "min_wage_pct_of_contract_wage"));
    HF_ASSIGN(r.one_probation_per_employer,
              Require(v.Boolean("one_probation_per_employer"), v, "one_probation_per_employer"));
    HF_TRY(v.Finish());
    if (r.effective_to && *r.effective_to < r.effective_from)
      return Invalid(v.Path("effective_to"), "before effective_from");
    if (!out.empty() && (!out.back().effective_to || !(*out.back().effective_to < r.effective_from))) {
      return Invalid(v.Path("effective_from"), "overlaps the previous version");
    }
    out.push_back(std::move(r));
  }
  return out;
}

const std::vector<ProbationRules>& BuiltinProbationRules() {
  static const std::vector<ProbationRules> rules = [] {
    auto text = embed::hiring_rules("probation.json");
    auto r = text ? ParseProbationRules(*text)
                  : core::Result<std::vector<ProbationRules>>(core::Error::Internal("probation.json not embedded"));
    if (!r.ok()) {
      std::fprintf(stderr, "hireflow: embedded probation rules are broken: %s\n", r.error().message.c_str());
      std::abort();
    }
    return std::move(r).value();
  }();
  return rules;
}

core::Result<ProbationCheck> CheckProbationTerms(const ProbationTerms& t, const ProbationRules& rules) {
  if (t.probation_months < 0) return Invalid("probation_months", "must not be negative");
  for (auto [m, name] : {std::pair{&t.contract_wage, "contract_wage"}, std::pair{&t.probation_wage, "probation_wage"},
                         std::pair{&t.local_min_wage, "local_min_wage"}}) {
    if (*m && (*m)->fen() < 0) return Invalid(name, "must not be negative");
  }
  ProbationCheck c;
  std::string why_limit;
  std::map<std::string, std::string> basis;  // why_limit as parameters
  basis["basis"] = basis["variant"] = t.contract_type == ContractType::kTask ? "task" : t.contract_type == ContractType::kOpenEnded ? "open_ended" : "fixed";
  if (t.contract_type == ContractType::kFixed && t.contract_term_months) basis["term_months"] = std::to_string(*t.contract_term_months);
  switch (t.contract_type) {
    case ContractType::kTask:
      // 第19条第3款: 以完成一定工作任务为期限的劳动合同…不得约定试用期.
      c.max_probation_months = rules.task_based_max_probation_months;
      why_limit = "a contract for the completion of a task (劳动合同法第十九条第三款)";
      break;
    case ContractType::kOpenEnded:
      c.max_probation_months = rules.open_ended_max_probation_months;
      why_limit = "an open-ended contract (劳动合同法第十九条第一款)";
      break;
    case ContractType::kFixed: {
      if (!t.contract_term_months) return Invalid("contract_term_months", "required for a fixed-term contract");
      if (*t.contract_term_months < 1) return Invalid("contract_term_months", "must be at least 1");
      // 第19条第1款: 三个月以上不满一年 ≤1个月; 一年以上不满三年 ≤2个月; 三年以上 ≤6个月. "以上" includes
      // the number, so a term of exactly 3, 12 or 36 months falls in the higher tier; below 3 months
      // no probation (第19条第3款).
      c.max_probation_months = 0;
      for (const auto& tier : rules.fixed_term_tiers) {
        if (*t.contract_term_months >= tier.min_term_months) c.max_probation_months = tier.max_probation_months;
      }
      why_limit = "a fixed term of " + Months(*t.contract_term_months) + " (劳动合同法第十九条)";
      break;
    }
  }

  // 第19条第2款: 同一用人单位与同一劳动者只能约定一次试用期.
  const bool repeat = rules.one_probation_per_employer && t.prior_probation_with_same_employer;
  if (t.probation_months > 0) {
    if (repeat) {
      c.violations.push_back({"repeat_probation",
                              "the employee already had a probation period with this employer; only one is allowed "
                              "(劳动合同法第十九条第二款)"});
    } else if (c.max_probation_months == 0) {
      c.violations.push_back({"probation_not_allowed", "no probation may be agreed for " + why_limit, basis});
    } else if (t.probation_months > c.max_probation_months) {
      c.violations.push_back({"probation_too_long", Months(t.probation_months) + " agreed, at most " +
                                                        Months(c.max_probation_months) + " for " + why_limit, basis});
      c.violations.back().params["agreed_months"] = std::to_string(t.probation_months);
      c.violations.back().params["max_months"] = std::to_string(c.max_probation_months);
    }
  }
  if (repeat) c.max_probation_months = 0;

  // 第20条: 试用期工资不得低于…劳动合同约定工资的百分之八十，并不得低于用人单位所在地的最低工资标准.
  // 80% is rounded up to the fen: it is a floor, so a wage equal to the shown minimum is always lawful.
  std::optional<Money> ratio_floor;
  if (t.contract_wage) {
    ratio_floor = t.contract_wage->MulDiv(rules.min_wage_pct_of_contract_wage, 100, core::Rounding::kUp);
  }
  if (ratio_floor || t.local_min_wage) {
    c.min_probation_wage = core::Max(ratio_floor.value_or(Money()), t.local_min_wage.value_or(Money()));
  }
  if (t.probation_months > 0 && t.probation_wage) {
    if (ratio_floor && *t.probation_wage < *ratio_floor) {
      c.violations.push_back({"probation_wage_below_contract_ratio",
                              "probation wage " + t.probation_wage->ToString() + " is below " +
                                  std::to_string(rules.min_wage_pct_of_contract_wage) + "% of the contract wage (" +
                                  ratio_floor->ToString() + ", 劳动合同法第二十条)",
                              {{"probation_wage", t.probation_wage->ToString()},
                               {"pct", std::to_string(rules.min_wage_pct_of_contract_wage)},
                               {"floor", ratio_floor->ToString()}}});
    }
    if (t.local_min_wage && *t.probation_wage < *t.local_min_wage) {
      c.violations.push_back({"probation_wage_below_min_wage",
                              "probation wage " + t.probation_wage->ToString() + " is below the local minimum wage " +
                                  t.local_min_wage->ToString() + " (劳动合同法第二十条)",
                              {{"probation_wage", t.probation_wage->ToString()}, {"min_wage", t.local_min_wage->ToString()}}});
    }
  }
  return c;
}

core::Result<json> CheckProbation(const json& input) {
  if (!input.is_object()) return Invalid("input", "expected a JSON object");
  HF_ASSIGN(ObjectReader f, ObjectReader::Open(input, ""));
  HF_TRY(f.Only({"contract_term_months", "contract_type", "probation_months", "contract_wage", "probation_wage",
                 "local_min_wage", "prior_probation_with_same_employer", "as_of"}));
  ProbationTerms t;
  HF_ASSIGN(std::string type, Require(f.String("contract_type"), f, "contract_type"));
  if (type == "fixed") {
    t.contract_type = ContractType::kFixed;
  } else if (type == "open_ended") {
    t.contract_type = ContractType::kOpenEnded;
  } else if (type == "task") {
    t.contract_type = ContractType::kTask;
  } else {
    return Invalid("contract_type", "expected \"fixed\", \"open_ended\" or \"task\", got \"" + type + "\"");
  }
  HF_ASSIGN(t.contract_term_months, f.Integer("contract_term_months", 1, 1200));
  HF_ASSIGN(t.probation_months, Require(f.Integer("probation_months", 0, 120), f, "probation_months"));
  HF_ASSIGN(t.contract_wage, f.Amount("contract_wage"));
  HF_ASSIGN(t.probation_wage, f.Amount("probation_wage"));
  HF_ASSIGN(t.local_min_wage, f.Amount("local_min_wage"));
  HF_ASSIGN(auto prior, f.Boolean("prior_probation_with_same_employer"));
  t.prior_probation_with_same_employer = prior.value_or(false);
  HF_ASSIGN(auto as_of, f.Day("as_of"));

  const auto& versions = BuiltinProbationRules();
  const ProbationRules* rules = &versions.back();
  if (as_of) {
    rules = nullptr;
    for (const auto& v : versions) {
      if (v.effective_from <= *as_of && (!v.effective_to || *as_of <= *v.effective_to)) rules = &v;
    }
    if (!rules) return Invalid("as_of", "no probation rule in force on " + as_of->ToString());
  }
  HF_ASSIGN(ProbationCheck c, CheckProbationTerms(t, *rules));
  json violations = json::array();
  for (const auto& v : c.violations) violations.push_back(v.code + ": " + v.explanation);
  return json{{"max_probation_months", c.max_probation_months},
              {"min_probation_wage", c.min_probation_wage ? json(c.min_probation_wage->ToString()) : json(nullptr)},
              {"compliant", c.compliant()},
              {"violations", std::move(violations)}};
}

}  // namespace hiring
