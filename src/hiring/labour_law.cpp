// Labour-law checks (see labour_law.h for the rules and their sources).
#include "hiring/labour_law.h"

#include <cstdio>
#include <map>

#include <nlohmann/json.hpp>

#include "embed/hiring_rules.h"

namespace hiring {

namespace {

const ProbationRules& RulesOn(core::Date on) {
  const auto& all = BuiltinProbationRules();
  for (const auto& v : all)
    if (v.effective_from <= on && (!v.effective_to || on <= *v.effective_to)) return v;
  return all.back();
}

// minimum_wage.json: {"cities": {city: [{"effective_from", "monthly", "source"?}, ...]}}, each city's
// entries in strictly ascending date order (an entry runs until the next one). "source" is optional so
// older files still load; the shipped file gives one for every entry (tested).
const std::map<std::string, std::vector<MinimumWageEntry>>& MinimumWages() {
  static const std::map<std::string, std::vector<MinimumWageEntry>> k = [] {
    std::map<std::string, std::vector<MinimumWageEntry>> out;
    auto text = embed::hiring_rules("minimum_wage.json");
    nlohmann::json j = text ? nlohmann::json::parse(*text, nullptr, false) : nlohmann::json();
    if (!j.is_object() || !j.contains("cities") || !j["cities"].is_object()) {
      std::fprintf(stderr, "hireflow: embedded minimum_wage.json is broken\n");
      std::abort();
    }
    for (auto& [city, versions] : j["cities"].items()) {
      auto broken = [&city = city] {
        std::fprintf(stderr, "hireflow: embedded minimum_wage.json is broken at %s\n", city.c_str());
        std::abort();
      };
      if (!versions.is_array()) broken();
      for (const auto& v : versions) {
        if (!v.is_object() || !v.contains("effective_from") || !v["effective_from"].is_string() ||
            !v.contains("monthly") || !v["monthly"].is_string() ||
            (v.contains("source") && !v["source"].is_string()))
          broken();
        auto d = core::Date::Parse(v["effective_from"].get<std::string>());
        auto m = core::Money::Parse(v["monthly"].get<std::string>());
        if (!d.ok() || !m.ok() || *m <= core::Money()) broken();
        auto& list = out[city];
        if (!list.empty() && !(list.back().effective_from < *d)) broken();  // ascending, no duplicates
        list.push_back({*d, *m, v.contains("source") ? v["source"].get<std::string>() : std::string()});
      }
    }
    return out;
  }();
  return k;
}

}  // namespace

std::optional<MinimumWageEntry> MinimumWageEntryOn(const std::string& city, core::Date on) {
  auto it = MinimumWages().find(city);
  if (it == MinimumWages().end()) return std::nullopt;
  std::optional<MinimumWageEntry> out;
  for (const auto& v : it->second)
    if (v.effective_from <= on) out = v;
  return out;
}

std::optional<core::Money> MinimumWage(const std::string& city, core::Date on) {
  auto e = MinimumWageEntryOn(city, on);
  if (!e) return std::nullopt;
  return e->monthly;
}

std::vector<MinimumWageEntry> MinimumWageHistory(const std::string& city) {
  auto it = MinimumWages().find(city);
  return it == MinimumWages().end() ? std::vector<MinimumWageEntry>{} : it->second;
}

std::vector<std::string> MinimumWageCities() {
  std::vector<std::string> out;
  for (const auto& [city, _] : MinimumWages()) out.push_back(city);
  return out;
}

std::vector<LabourAlert> CheckContract(const ContractFacts& f, core::Date today) {
  std::vector<LabourAlert> out;
  // Probation terms (第19条, 第20条).
  ProbationTerms t;
  t.contract_type = f.contract_type;
  t.contract_term_months = f.term_months;
  t.probation_months = f.probation_months;
  t.contract_wage = f.monthly_salary;
  t.probation_wage = f.probation_salary;
  t.local_min_wage = f.local_min_wage;
  if (f.contract_type != ContractType::kFixed || f.term_months) {
    auto check = CheckProbationTerms(t, RulesOn(f.start_date));
    if (check.ok())
      for (const auto& v : check->violations) out.push_back({v.code, "critical", v.explanation, std::nullopt, f.start_date, v.params});
  }
  // Written contract within one month of the start (第10条, 第82条, 实施条例第6条).
  core::Date one_month = f.start_date.AddMonths(1);
  bool unsigned_by_today = !f.signed_on || today < *f.signed_on;
  if (unsigned_by_today && today >= f.start_date.AddDays(19)) {
    if (today >= one_month) {
      core::Date cap = one_month.AddMonths(11);
      core::Date until = today < cap ? today : cap;
      int64_t days = until.DaysSinceEpoch() - one_month.DaysSinceEpoch() + 1;
      core::Money exposure = f.monthly_salary.MulDiv(days, 30);
      out.push_back({"contract_unsigned_escalated", "critical",
                     "no signed written contract one month after the start on " + f.start_date.ToString() +
                         ": double wages are owed from " + one_month.ToString() + " (劳动合同法第82条, 实施条例第6条)",
                     exposure, one_month,
                     {{"start_date", f.start_date.ToString()}, {"from", one_month.ToString()}, {"exposure", exposure.ToString()}}});
    } else {
      out.push_back({"contract_unsigned", "warning",
                     "no signed written contract 20 days after the start on " + f.start_date.ToString() +
                         "; sign before " + one_month.ToString() + " (劳动合同法第10条)",
                     core::Money(), one_month, {{"start_date", f.start_date.ToString()}, {"sign_by", one_month.ToString()}}});
    }
  }
  // Fixed terms ending within 30 days.
  if (f.contract_type == ContractType::kFixed && f.end_date) {
    int64_t left = f.end_date->DaysSinceEpoch() - today.DaysSinceEpoch();
    if (left >= 0 && left <= 30)
      out.push_back({"fixed_term_ending", "warning",
                     "the fixed-term contract ends on " + f.end_date->ToString() + " (" + std::to_string(left) +
                         " days): renew or end it in writing",
                     std::nullopt, f.end_date, {{"end_date", f.end_date->ToString()}, {"days_left", std::to_string(left)}}});
  }
  // Open-ended contract due (第14条).
  core::Date service_from = f.service_start.value_or(f.start_date);
  bool ten_years = today >= service_from.AddMonths(120);
  bool second_fixed = f.contract_type == ContractType::kFixed && f.fixed_term_sequence >= 2;
  if (f.contract_type != ContractType::kOpenEnded && (ten_years || second_fixed))
    out.push_back({"open_ended_due", "warning",
                   ten_years ? "ten years of continuous service since " + service_from.ToString() +
                                   ": the next contract must be open-ended if the employee asks (劳动合同法第14条)"
                             : "second consecutive fixed-term contract: the next renewal must be open-ended if the employee "
                               "asks (劳动合同法第14条第2款第3项)",
                   std::nullopt, f.end_date,
                   ten_years ? std::map<std::string, std::string>{{"variant", "ten_years"}, {"service_from", service_from.ToString()}}
                             : std::map<std::string, std::string>{{"variant", "second_fixed_term"}}});
  return out;
}

}  // namespace hiring
