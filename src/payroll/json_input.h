// payroll's names for the strict JSON reader, which lives in core/json_input.h (shared with hiring).
#pragma once

#include "core/json_input.h"

namespace payroll::detail {

using core::kMaxAmountFen;
using core::ObjectReader;
using core::ParseHundredths;
using core::Require;
inline core::Error Invalid(const std::string& path, std::string_view message) { return core::InvalidAt(path, message); }

}  // namespace payroll::detail
