// payroll_bench: throughput of the monthly payroll engine (payroll::ComputePayslip) on one core, in
// employee-months per second, against the reference of Frappe HRMS payroll (7,000 salary slips in 646 s,
// quoted as ~76 ms per payslip). Usage: payroll_bench [employees=8334] [runs=5]
//
// A synthetic company of `employees` people across the five built-in cities is paid for the twelve months
// of 2025 (8,334 × 12 ≈ 100,000 employee-months), each month's payslip carrying the cumulative tax state
// of the previous one, as a real run does. Rules are resolved once per (city, month) and once per month,
// outside the timed loop; a second figure includes that resolution.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include "payroll/payslip.h"

namespace {

using core::Date;
using core::Money;
using Clock = std::chrono::steady_clock;

constexpr double kFrappeQuotedMsPerSlip = 76.0;                // as quoted
constexpr double kFrappeMeasuredMsPerSlip = 646'000.0 / 7000;  // 646 s for 7,000 slips = 92.3 ms

// A deterministic spread of employees: salaries 4,000–80,000, some with allowances, overtime, absence,
// bonuses, joiners and leavers, different housing-fund rates.
struct Employee {
  int city = 0;
  payroll::PayslipInput in;
};

std::vector<Employee> MakeCompany(int n) {
  std::vector<Employee> company(static_cast<size_t>(n));
  uint64_t seed = 0x9E3779B97F4A7C15ULL;
  auto next = [&seed](uint64_t mod) {
    seed ^= seed << 13;
    seed ^= seed >> 7;
    seed ^= seed << 17;
    return seed % mod;
  };
  for (int i = 0; i < n; ++i) {
    Employee& e = company[static_cast<size_t>(i)];
    e.city = static_cast<int>(next(5));
    payroll::PayslipInput& in = e.in;
    in.monthly_salary = Money::Yuan(4000 + static_cast<int64_t>(next(76'000)));
    in.social_insurance_base = in.monthly_salary - Money::Yuan(static_cast<int64_t>(next(2000)));
    in.hire_date = Date(2015 + static_cast<int>(next(10)), 1 + static_cast<unsigned>(next(12)),
                        1 + static_cast<unsigned>(next(28)));
    if (next(10) == 0)
      in.hire_date = Date(2025, 1 + static_cast<unsigned>(next(6)), 1 + static_cast<unsigned>(next(28)));
    if (next(20) == 0)
      in.termination_date = Date(2025, 9 + static_cast<unsigned>(next(4)), 1 + static_cast<unsigned>(next(28)));
    in.taxable_allowances = Money::Yuan(static_cast<int64_t>(next(4) * 300));
    in.tax_free_allowances = Money::Yuan(next(10) == 0 ? 10 : 0);
    in.special_additional_deduction = Money::Yuan(static_cast<int64_t>(next(4) * 1000));
    in.housing_fund_ppm = next(2) == 0 ? std::optional<int32_t>() : std::optional<int32_t>(5 * payroll::kPpmPerPercent);
    in.ytd = payroll::CumulativeState::NewYear(2025);
  }
  return company;
}

struct RunResult {
  double compute_seconds = 0;  // ComputePayslip calls only
  double total_seconds = 0;    // + resolving rules per (city, month) and per month
  int64_t slips = 0;
  int64_t errors = 0;
  int64_t checksum = 0;  // sum of net pay in fen, so the work cannot be optimised away
};

RunResult RunYear(std::vector<Employee> company) {
  const auto& book = payroll::SocialInsuranceBook::Builtin();
  const auto cities = payroll::SocialInsuranceBook::BuiltinCities();
  RunResult r;
  Clock::duration compute{};
  const auto t0 = Clock::now();
  for (unsigned month = 1; month <= 12; ++month) {
    // Once per run: the month's tax rules and calendar, and each city's rates.
    auto rules =
        payroll::ResolveMonthRules(payroll::RuleBook::Builtin(), &payroll::WorkCalendar::Builtin(), 2025, month);
    if (!rules.ok()) std::abort();
    payroll::CityRates rates[5];
    for (size_t c = 0; c < cities.size(); ++c) rates[c] = *payroll::ResolveCityRates(book, cities[c], 2025, month);

    const auto c0 = Clock::now();
    for (Employee& e : company) {
      payroll::PayslipInput& in = e.in;
      const Date first(2025, month, 1);
      if (in.hire_date && in.hire_date->year() == 2025 && in.hire_date->month() > month) continue;  // not yet hired
      if (in.termination_date && *in.termination_date < first) continue;                            // gone
      // Vary the month: overtime, absence and a bonus now and then.
      in.weekday_overtime_hours_x100 = (month + e.city) % 3 == 0 ? 600 : 0;
      in.holiday_overtime_hours_x100 = month == 10 && e.city == 2 ? 800 : 0;
      const bool leaves_this_month = in.termination_date && in.termination_date->month() == month;
      in.absence_days_x100 =
          !leaves_this_month && (month + static_cast<unsigned>(in.monthly_salary.fen() % 7)) % 11 == 0 ? 100 : 0;
      in.annual_bonus = month == 2 ? in.monthly_salary : Money();
      in.annual_bonus_separately = month == 2 && in.monthly_salary.fen() % 2 == 0;
      auto slip = payroll::ComputePayslip(in, rates[e.city], *rules);
      if (!slip.ok()) {
        ++r.errors;
        continue;
      }
      r.checksum += slip->net_pay.fen();
      in.ytd = slip->ytd;
      ++r.slips;
    }
    compute += Clock::now() - c0;
  }
  r.total_seconds = std::chrono::duration<double>(Clock::now() - t0).count();
  r.compute_seconds = std::chrono::duration<double>(compute).count();
  return r;
}

}  // namespace

int main(int argc, char** argv) {
  const int employees = argc > 1 ? std::atoi(argv[1]) : 8334;
  const int runs = argc > 2 ? std::atoi(argv[2]) : 5;
  if (employees <= 0 || runs <= 0) {
    std::fprintf(stderr, "usage: payroll_bench [employees] [runs]\n");
    return 2;
  }
  const std::vector<Employee> company = MakeCompany(employees);
  RunYear(company);  // warm-up: parses the embedded rules, touches the code

  std::vector<double> per_sec, per_sec_total;
  RunResult last;
  for (int i = 0; i < runs; ++i) {
    last = RunYear(company);
    per_sec.push_back(static_cast<double>(last.slips) / last.compute_seconds);
    per_sec_total.push_back(static_cast<double>(last.slips) / last.total_seconds);
  }
  std::sort(per_sec.begin(), per_sec.end());
  std::sort(per_sec_total.begin(), per_sec_total.end());
  const double median = per_sec[per_sec.size() / 2];
  const double median_total = per_sec_total[per_sec_total.size() / 2];
  const double us_per_slip = 1e6 / median;

  std::printf(
      "payroll engine: %d employees x 12 months of 2025 = %lld payslips per run (%lld rejected), %d runs, 1 core\n",
      employees, static_cast<long long>(last.slips), static_cast<long long>(last.errors), runs);
  std::printf("  ComputePayslip only:        median %.0f employee-months/s (best %.0f, worst %.0f), %.3f us/payslip\n",
              median, per_sec.back(), per_sec.front(), us_per_slip);
  std::printf("  incl. rule resolution:      median %.0f employee-months/s\n", median_total);
  std::printf("  checksum (sum of net pay):  %lld fen\n", static_cast<long long>(last.checksum));
  std::printf(
      "RATIO payroll: hireflow/frappe-hrms = %.0fx vs %.0f ms/slip as quoted, %.0fx vs %.1f ms/slip (646 s / 7,000)"
      " (target >= 1,000,000 employee-months/s: %s)\n",
      kFrappeQuotedMsPerSlip * 1000.0 / us_per_slip, kFrappeQuotedMsPerSlip,
      kFrappeMeasuredMsPerSlip * 1000.0 / us_per_slip, kFrappeMeasuredMsPerSlip, median >= 1e6 ? "met" : "NOT met");
  return last.errors == 0 ? 0 : 1;
}
