// Labour-law checks on contracts and employees (mainland China) as a pure function of the facts
// and a date: probation (劳动合同法第19/20条 via probation.h), the written contract within one month
// (第10条, 第82条 and 实施条例第6条: double wages from the second month, at most 11 months), fixed terms
// ending soon, and an open-ended contract due (第14条: after two consecutive fixed terms, or ten years
// of service). Minimum wages per city are effective-dated data (data/rules/minimum_wage.json).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/date.h"
#include "core/money.h"
#include "hiring/probation.h"

namespace hiring {

struct ContractFacts {
  core::Date start_date;                   // first day of work
  std::optional<core::Date> signed_on;     // written contract signed on
  ContractType contract_type = ContractType::kFixed;
  std::optional<int64_t> term_months;      // fixed terms
  std::optional<core::Date> end_date;      // fixed terms
  int64_t probation_months = 0;
  core::Money monthly_salary;
  core::Money probation_salary;
  std::optional<core::Money> local_min_wage;
  int64_t fixed_term_sequence = 1;         // 2 = the second consecutive fixed-term contract
  std::optional<core::Date> service_start; // continuous service since (defaults to start_date)
};

struct LabourAlert {
  std::string kind;      // probation_*, contract_unsigned, contract_unsigned_escalated, fixed_term_ending, open_ended_due
  std::string severity;  // warning | critical
  std::string message;
  std::optional<core::Money> exposure;  // double-wage exposure so far
  std::optional<core::Date> due_on;
  // What `message` (English) says, for the UI to say it in the reader's language (web: alert.<kind>,
  // params.variant picks alert.<kind>.message_<variant>): dates ISO, amounts decimal yuan.
  std::map<std::string, std::string> params;
};

// Alerts for one contract as of `today`. Boundaries: unsigned alert from day 20 after the start
// (start + 19 days), escalated from start + 1 month; the double wage runs from start + 1 month to
// the day before signing (or to today), capped at 11 months: exposure = monthly_salary × days / 30
// (calendar days; an approximation documented in docs/hiring.md). fixed_term_ending when
// 0 ≤ end − today ≤ 30 days.
std::vector<LabourAlert> CheckContract(const ContractFacts& facts, core::Date today);

// One entry of data/rules/minimum_wage.json: in force from effective_from until the city's next entry.
struct MinimumWageEntry {
  core::Date effective_from;
  core::Money monthly;
  std::string source;  // issuing body, document number, what was read (empty only in files without it)
};

// The city's monthly minimum wage in force on `on` (nullopt for an unknown city, or a date before the
// city's first entry).
std::optional<core::Money> MinimumWage(const std::string& city, core::Date on);
// The same with its entry (date and source).
std::optional<MinimumWageEntry> MinimumWageEntryOn(const std::string& city, core::Date on);
// All entries of a city in ascending date order (empty for an unknown city), and the cities with data.
std::vector<MinimumWageEntry> MinimumWageHistory(const std::string& city);
std::vector<std::string> MinimumWageCities();

}  // namespace hiring
