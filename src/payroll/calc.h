// JSON face of the payroll calculators for `hireflow calc KIND`: one JSON object in, one out. Thin
// adapters over iit.h, labor.h, social_insurance.h and payslip.h using the built-in rules; contracts in
// docs/payroll-rules.md.
#pragma once

#include <nlohmann/json.hpp>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "payroll/payslip.h"

namespace payroll {

// Runs calculator `kind` ("iit-cumulative", "annual-bonus", "labor-remuneration", "overtime-pay",
// "severance", "annual-leave", "social-insurance", "payslip") on `input`. Amounts in: JSON numbers or
// decimal strings; amounts out: decimal strings with two decimals. kInvalid (field and message naming it) on an unknown
// kind, a missing, unknown or mistyped field, a negative amount, or a date with no rule version in force.
core::Result<nlohmann::json> RunPayrollCalc(std::string_view kind, const nlohmann::json& input);

// A cumulative (year-to-date) withholding state as JSON: amounts as decimal strings.
nlohmann::json CumulativeStateJson(const CumulativeState& state);

// The statutory calculators RunPayrollCalc accepts, for help text (the first six kinds above).
std::vector<std::string_view> PayrollCalcKinds();
// The monthly engine's kinds RunPayrollCalc also accepts: "social-insurance", "payslip".
std::vector<std::string_view> PayrollEngineCalcKinds();

}  // namespace payroll
