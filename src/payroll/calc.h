// JSON face of the payroll calculators for `hireflow calc KIND`: one JSON object in, one out. Thin
// adapters over iit.h and labor.h using RuleBook::Builtin(); contracts in docs/payroll-rules.md.
#pragma once

#include <nlohmann/json.hpp>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace payroll {

// Runs calculator `kind` ("iit-cumulative", "annual-bonus", "labor-remuneration", "overtime-pay",
// "severance", "annual-leave") on `input`. Amounts in: JSON numbers or decimal strings; amounts out:
// decimal strings with two decimals. kInvalid (field and message naming it) on an unknown kind, a
// missing, unknown or mistyped field, a negative amount, or a date with no rule version in force.
core::Result<nlohmann::json> RunPayrollCalc(std::string_view kind, const nlohmann::json& input);

// The kinds RunPayrollCalc accepts, for help text.
std::vector<std::string_view> PayrollCalcKinds();

}  // namespace payroll
