// Payroll runs over a real database: SQLite in memory (one shared-cache database per test).
#include "payrollrun/payrollrun.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>

#include "org/xlsx_testing.h"
#include "payrollrun/detail.h"

namespace payrollrun {
namespace {

using nlohmann::json;
using namespace std::chrono_literals;

class PayrollRunTest : public ::testing::Test {
 protected:
  void SetUp() override {
    static std::atomic<int> n{0};
    auto db = store::Open("sqlite:file:payrollrun_test_" + std::to_string(::getpid()) + "_" + std::to_string(n++) +
                          "?mode=memory&cache=shared");
    ASSERT_TRUE(db.ok()) << db.error().message;
    // The pool keeps a connection open between transactions, which keeps the in-memory database alive.
    db_ = std::move(*db);
    auto m = store::Migrate(*db_);
    ASSERT_TRUE(m.ok()) << m.error().message;
    auto tx = std::move(*db_->Begin());
    auto user = [&](const char* name, auth::Role role, std::optional<int64_t> employee) {
      auto u = auth::CreateUser(*tx, {name, "Test-Pass-1234", name, role, {}, employee}, clock_);
      EXPECT_TRUE(u.ok()) << (u.ok() ? "" : u.error().message);
      return auth::Principal{u->id, name, role, {}, employee, false};
    };
    admin_ = user("admin", auth::Role::kAdmin, std::nullopt);
    hr_ = user("hr_user", auth::Role::kHr, std::nullopt);
    manager_ = user("manager", auth::Role::kHiringManager, std::nullopt);
    ASSERT_TRUE(tx->Commit().ok());
  }

  // Runs fn as `who` in one transaction, committed when fn succeeds.
  template <typename Fn>
  auto As(const auth::Principal& who, Fn fn) {
    auto tx = std::move(*db_->Begin());
    Env env{*tx, who, clock_, "test", &cipher_};
    auto r = fn(env);
    if (r.ok()) EXPECT_TRUE(tx->Commit().ok());
    return r;
  }
  template <typename Fn>
  auto Hr(Fn fn) {
    return As(hr_, fn);
  }

  int64_t Employee(const std::string& no, const std::string& hire = "2024-01-01", const char* bank = nullptr) {
    json body = {{"employee_no", no}, {"name", "Person " + no}, {"hire_date", hire}};
    if (bank) body["bank_account"] = bank;
    auto e = Hr([&](Env& env) { return org::CreateEmployee(env, body); });
    EXPECT_TRUE(e.ok()) << (e.ok() ? "" : e.error().message);
    return (*e)["id"].get<int64_t>();
  }

  // The tax authority's example: 30,000 a month, 专项扣除 4,500, 专项附加扣除 2,000. In Beijing (2024-07
  // rules) a social-insurance base of 20,000 costs the employee 8% + 2% + 3 yuan + 0.5% = 2,103 and a
  // housing-fund base of 19,975 at 12% costs 2,397: 4,500 together.
  json TaxExample() {
    return {{"effective_from", "2024-12-01"},        {"monthly_salary", "30000"},    {"city", "beijing"},
            {"social_insurance_base", "20000"},      {"housing_fund_base", "19975"}, {"housing_fund_rate", 12},
            {"special_additional_deduction", "2000"}};
  }

  void SetComp(int64_t employee, json body) {
    auto c = Hr([&](Env& env) { return CreateCompensation(env, employee, body); });
    ASSERT_TRUE(c.ok()) << c.error().message;
  }

  json Create(const std::string& period, json* problems = nullptr) {
    json found;
    auto r = Hr([&](Env& env) { return CreateRun(env, {{"period", period}}, {}, &found); });
    if (problems) *problems = found;
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message + " " + found.dump());
    return r.ok() ? *r : json();
  }
  core::Result<json> Approve(const json& run) {
    clock_.Advance(1s);
    return Hr([&](Env& env) { return ApproveRun(env, run["id"].get<int64_t>(), {{"version", run["version"]}}); });
  }
  json Slips(const json& run) {
    auto r = Hr([&](Env& env) { return ListRunPayslips(env, run["id"].get<int64_t>(), std::nullopt, {500, 0}); });
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
    return r.ok() ? r->items : json::array();
  }

  core::FixedClock clock_{core::Instant(std::chrono::sys_days(std::chrono::year(2025) / 1 / 20))};
  auth::FieldCipher cipher_{std::array<unsigned char, 32>{}};
  std::unique_ptr<store::Db> db_;
  auth::Principal admin_, hr_, manager_;
};

TEST_F(PayrollRunTest, TaxAuthorityExampleAcrossThreeApprovedRuns) {
  int64_t e = Employee("T1");
  SetComp(e, TaxExample());
  const char* expected[] = {"555.00", "625.00", "1850.00"};
  const char* periods[] = {"2025-01", "2025-02", "2025-03"};
  for (int m = 0; m < 3; ++m) {
    json run = Create(periods[m]);
    ASSERT_EQ(run["employee_count"], 1);
    json slips = Slips(run);
    ASSERT_EQ(slips.size(), 1u);
    EXPECT_EQ(slips[0]["employee_contributions"], "4500.00");
    EXPECT_EQ(slips[0]["income_tax"], expected[m]) << periods[m];
    EXPECT_EQ(slips[0]["gross_pay"], "30000.00");
    if (m == 0) EXPECT_TRUE(slips[0]["delta"].is_null());
    if (m == 2) EXPECT_EQ(slips[0]["delta"]["income_tax"], "1225.00");  // 1,850 − 625
    auto ok = Approve(run);
    ASSERT_TRUE(ok.ok()) << ok.error().message;
  }
  auto events = db_->Begin(false);
  auto approved = (*events)->Query("SELECT count(*) AS n FROM outbox WHERE topic = 'payroll.run_approved'");
  EXPECT_EQ((*approved)[0].Int("n"), 3);
  events->reset();
  auto slip = Hr([&](Env& env) { return ListRunPayslips(env, 3, std::nullopt, {50, 0}); });
  ASSERT_TRUE(slip.ok());
  auto full = Hr([&](Env& env) { return GetPayslip(env, slip->items[0]["id"].get<int64_t>()); });
  ASSERT_TRUE(full.ok());
  EXPECT_EQ((*full)["ytd"]["taxable_income"], "55500.00");
  EXPECT_EQ((*full)["ytd"]["withheld_tax"], "3030.00");
  EXPECT_EQ((*full)["lines"][0]["code"], "base_salary");
}

TEST_F(PayrollRunTest, OpeningBalanceContinuesTheWithholdingExactly) {
  int64_t e = Employee("G1");
  SetComp(e, TaxExample());
  // January and February of the example, as the previous system's withholding return states them.
  std::string csv =
      "employee_no,tax_year,through_month,months_employed,income,tax_free_income,special_deduction,"
      "special_additional_deduction,other_deduction,taxable_income,tax,withheld_tax\n"
      "G1,2025,2,2,60000,0,9000,4000,0,37000,1180,1180\n";
  auto dry = Hr([&](Env& env) { return ImportOpeningBalancesCsv(env, csv, {true, false}); });
  ASSERT_TRUE(dry.ok()) << dry.error().message;
  EXPECT_EQ((*dry)["valid_rows"], 1);
  EXPECT_EQ((*dry)["imported"], 0);
  auto rep = Hr([&](Env& env) { return ImportOpeningBalancesCsv(env, csv, {false, false}); });
  ASSERT_TRUE(rep.ok());
  EXPECT_EQ((*rep)["imported"], 1);
  json run = Create("2025-03");
  EXPECT_EQ(run["notes"]["continued_from"]["opening_balances"], 1);
  EXPECT_EQ(Slips(run)[0]["income_tax"], "1850.00");
}

TEST_F(PayrollRunTest, OpeningBalanceMayGiveOneDeductionTotalAndLeaveTheTaxToTheTable) {
  int64_t e = Employee("G3");
  SetComp(e, TaxExample());
  std::string csv =
      "employee_no,tax_year,through_month,months_employed,income,deductions,taxable_income,withheld_tax\n"
      "G3,2025,2,2,60000,13000,37000,1180\n";
  auto rep = Hr([&](Env& env) { return ImportOpeningBalancesCsv(env, csv, {false, false}); });
  ASSERT_TRUE(rep.ok());
  ASSERT_EQ((*rep)["imported"], 1) << rep->dump();
  auto list = Hr([&](Env& env) { return ListOpeningBalances(env, 2025, {50, 0}); });
  EXPECT_EQ(list->items[0]["tax"], "1180.00");
  EXPECT_EQ(list->items[0]["special_deduction"], "13000.00");
  EXPECT_EQ(Slips(Create("2025-03"))[0]["income_tax"], "1850.00");
}

// The same balance from a spreadsheet: a title row and a blank row above the data, numbers as Excel
// stores them (binary noise, exponents), a bad row reported with the row number the sheet shows.
TEST_F(PayrollRunTest, OpeningBalanceFromXlsxContinuesTheWithholdingToTheFen) {
  using org::testing::Row;
  int64_t e = Employee("GX1");
  SetComp(e, TaxExample());
  std::string sheet =
      Row(2, {"employee_no", "tax_year", "through_month", "months_employed", "income", "tax_free_income",
              "special_deduction", "special_additional_deduction", "other_deduction", "taxable_income", "tax",
              "withheld_tax"}) +
      Row(4, {"GX1", "#2025", "#2", "#2", "#60000.000000000007", "#0", "#9.0E3", "#3999.9999999999995", "#0",
              "#37000", "#1180.0000000000002", "#1.18E3"}) +
      Row(5, {"NOPE", "#2025", "#2", "#2", "#0", "#0", "#0", "#0", "#0", "#0", "#0", "#0"}) +
      Row(6, {"", "", "", "", "", "", "", "", "", "", "", "", "", ""});
  std::string xlsx = org::testing::Workbook(sheet);
  auto refused = Hr([&](Env& env) { return ImportOpeningBalancesCsv(env, xlsx, {false, false}); });
  ASSERT_TRUE(refused.ok()) << refused.error().message;
  EXPECT_TRUE((*refused)["refused"].get<bool>());
  EXPECT_EQ((*refused)["total_rows"], 2);
  ASSERT_EQ((*refused)["problems"].size(), 1u) << refused->dump();
  EXPECT_EQ((*refused)["problems"][0]["row"], 5);
  EXPECT_EQ((*refused)["problems"][0]["field"], "employee_no");
  auto rep = Hr([&](Env& env) { return ImportOpeningBalancesCsv(env, xlsx, {false, true}); });
  ASSERT_TRUE(rep.ok());
  EXPECT_EQ((*rep)["imported"], 1) << rep->dump();
  auto list = Hr([&](Env& env) { return ListOpeningBalances(env, 2025, {50, 0}); });
  EXPECT_EQ(list->items[0]["income"], "60000.00");
  EXPECT_EQ(list->items[0]["special_additional_deduction"], "4000.00");
  EXPECT_EQ(list->items[0]["withheld_tax"], "1180.00");
  EXPECT_EQ(Slips(Create("2025-03"))[0]["income_tax"], "1850.00");
}

TEST_F(PayrollRunTest, ADamagedWorkbookIsRefusedNamingTheFile) {
  auto r = Hr([&](Env& env) { return ImportOpeningBalancesCsv(env, std::string("PK\x03\x04" "broken", 10), {true, false}); });
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().field, "file");
  EXPECT_NE(r.error().message.find("XLSX"), std::string::npos);
  auto empty = Hr([&](Env& env) { return ImportOpeningBalancesCsv(env, org::testing::Workbook(""), {true, false}); });
  ASSERT_FALSE(empty.ok());
  EXPECT_EQ(empty.error().message, "the worksheet is empty");
}

TEST_F(PayrollRunTest, OpeningBalancesThatDoNotAddUpAreRefusedWithAReport) {
  Employee("G2");
  std::string csv =
      "employee_no,tax_year,through_month,months_employed,income,tax_free_income,special_deduction,"
      "special_additional_deduction,other_deduction,taxable_income,tax,withheld_tax\n"
      "G2,2025,2,2,60000,0,9000,4000,0,37001,1180,1180\n"
      "NOPE,2025,2,2,0,0,0,0,0,0,0,0\n"
      "G2,2025,2,3,60000,0,9000,4000,0,37000,1180,1180\n";
  auto rep = Hr([&](Env& env) { return ImportOpeningBalancesCsv(env, csv, {false, false}); });
  ASSERT_TRUE(rep.ok());
  EXPECT_TRUE((*rep)["refused"].get<bool>());
  ASSERT_EQ((*rep)["problems"].size(), 3u);
  EXPECT_EQ((*rep)["problems"][0]["field"], "taxable_income");
  EXPECT_EQ((*rep)["problems"][1]["field"], "employee_no");
  EXPECT_EQ((*rep)["problems"][2]["field"], "months_employed");
  auto list = Hr([&](Env& env) { return ListOpeningBalances(env, 2025, {50, 0}); });
  EXPECT_EQ(list->total, 0);
}

TEST_F(PayrollRunTest, OnlyOneApprovedRunPerPeriodAndPeriodsInOrder) {
  SetComp(Employee("A1"), TaxExample());
  json a = Create("2025-01");
  json b = Create("2025-01");  // a second draft of the same month may exist
  ASSERT_TRUE(Approve(a).ok());
  auto second = Approve(b);
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.error().slug, "period_approved");
  auto again = Hr([&](Env& env) { return CreateRun(env, {{"period", "2025-01"}}, {}, nullptr); });
  EXPECT_EQ(again.error().slug, "period_approved");
  json mar = Create("2025-03");
  ASSERT_TRUE(Approve(mar).ok());
  auto feb = Hr([&](Env& env) { return CreateRun(env, {{"period", "2025-02"}}, {}, nullptr); });
  ASSERT_FALSE(feb.ok());
  EXPECT_EQ(feb.error().slug, "later_period_approved");
  auto del = [&](const json& run) {
    return Hr([&](Env& env) -> core::Result<int> {
      HF_TRY(DeleteRun(env, run["id"].get<int64_t>()));
      return 1;
    });
  };
  EXPECT_EQ(del(a).error().slug, "not_draft");  // approved runs are kept
  EXPECT_TRUE(del(b).ok());
}

TEST_F(PayrollRunTest, ADraftIsStaleAfterItsDataChangesAndRecalculationRefreshesIt) {
  int64_t e = Employee("S1");
  SetComp(e, TaxExample());
  json run = Create("2025-01");
  clock_.Advance(1s);
  auto in = Hr([&](Env& env) {
    return UpsertInput(env, {{"period", "2025-01"}, {"employee_id", e}, {"bonus", "1000"}});
  });
  ASSERT_TRUE(in.ok()) << in.error().message;
  auto got = Hr([&](Env& env) { return GetRun(env, run["id"].get<int64_t>()); });
  EXPECT_TRUE((*got)["stale"].get<bool>());
  auto refused = Approve(*got);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().slug, "run_stale");
  clock_.Advance(1s);
  auto re = Hr([&](Env& env) {
    return RecalculateRun(env, run["id"].get<int64_t>(), {{"version", run["version"]}}, {}, nullptr);
  });
  ASSERT_TRUE(re.ok()) << re.error().message;
  EXPECT_FALSE((*re)["stale"].get<bool>());
  EXPECT_EQ((*re)["version"], run["version"].get<int64_t>() + 1);
  EXPECT_EQ((*re)["gross_total"], "31000.00");
  ASSERT_TRUE(Approve(*re).ok());
  // The approved period's inputs are closed.
  auto closed = Hr([&](Env& env) {
    return UpsertInput(env, {{"period", "2025-01"}, {"employee_id", e}, {"bonus", "5"}, {"version", (*in)["version"]}});
  });
  EXPECT_EQ(closed.error().slug, "period_approved");
}

TEST_F(PayrollRunTest, AnEmployeeTheEngineRefusesLeavesNoRunAndIsNamed) {
  int64_t ok = Employee("R1");
  int64_t bad = Employee("R2");
  SetComp(ok, TaxExample());
  SetComp(bad, TaxExample());
  auto in = Hr([&](Env& env) {
    return UpsertInput(env, {{"period", "2025-02"}, {"employee_id", bad}, {"absence_days", 25}});
  });
  ASSERT_TRUE(in.ok());
  json problems;
  auto r = Hr([&](Env& env) { return CreateRun(env, {{"period", "2025-02"}}, {}, &problems); });
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().slug, "run_invalid");
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0]["employee_no"], "R2");
  EXPECT_EQ(problems[0]["field"], "absence_days");
  auto runs = Hr([&](Env& env) { return ListRuns(env, {50, 0}); });
  EXPECT_EQ(runs->total, 0);
}

TEST_F(PayrollRunTest, WhoIsPaid) {
  int64_t active = Employee("P1", "2024-01-01");
  int64_t joiner = Employee("P2", "2025-01-20");   // prorated
  int64_t future = Employee("P3", "2025-02-03");   // not yet employed
  int64_t without = Employee("P4", "2024-01-01");  // no compensation
  int64_t left = Employee("P5", "2024-01-01");     // left before January
  for (int64_t id : {active, joiner, future, left}) SetComp(id, TaxExample());
  (void)without;
  clock_ = core::FixedClock(core::Instant(std::chrono::sys_days(std::chrono::year(2024) / 12 / 20)));
  auto l = Hr([&](Env& env) -> core::Result<json> {
    HF_ASSIGN(json emp, org::GetEmployee(env, left));
    return org::UpdateEmployee(env, left, {{"status", "left"}, {"version", emp["version"]}});
  });
  ASSERT_TRUE(l.ok()) << l.error().message;
  clock_ = core::FixedClock(core::Instant(std::chrono::sys_days(std::chrono::year(2025) / 1 / 28)));
  json run = Create("2025-01");
  json slips = Slips(run);
  ASSERT_EQ(slips.size(), 2u);
  EXPECT_EQ(slips[0]["employee_no"], "P1");
  EXPECT_EQ(slips[1]["employee_no"], "P2");
  EXPECT_LT(slips[1]["paid_days_employed"].get<int>(), slips[1]["paid_days"].get<int>());
  EXPECT_EQ(run["notes"]["not_paid"]["no_compensation"], 1);
}

TEST_F(PayrollRunTest, ALeaverIsPaidTheMonthTheyLeaveAndNotAfter) {
  int64_t e = Employee("L1");
  SetComp(e, TaxExample());
  ASSERT_TRUE(Approve(Create("2025-01")).ok());
  clock_ = core::FixedClock(core::Instant(std::chrono::sys_days(std::chrono::year(2025) / 2 / 20)));
  auto l = Hr([&](Env& env) -> core::Result<json> {
    HF_ASSIGN(json emp, org::GetEmployee(env, e));
    return org::UpdateEmployee(env, e, {{"status", "left"}, {"version", emp["version"]}});
  });
  ASSERT_TRUE(l.ok());
  clock_.Advance(1h);
  json feb = Create("2025-02");
  EXPECT_EQ(feb["employee_count"], 1);
  ASSERT_TRUE(Approve(feb).ok());
  // An edit of the left record in April does not bring them back into April's payroll.
  clock_ = core::FixedClock(core::Instant(std::chrono::sys_days(std::chrono::year(2025) / 4 / 2)));
  auto edit = Hr([&](Env& env) -> core::Result<json> {
    HF_ASSIGN(json emp, org::GetEmployee(env, e));
    return org::UpdateEmployee(env, e, {{"email", "gone@example.com"}, {"version", emp["version"]}});
  });
  ASSERT_TRUE(edit.ok());
  auto apr = Hr([&](Env& env) { return CreateRun(env, {{"period", "2025-04"}}, {}, nullptr); });
  ASSERT_FALSE(apr.ok());  // nobody to pay
  EXPECT_EQ(apr.error().field, "period");
}

TEST_F(PayrollRunTest, PayAccessPolicy) {
  int64_t e1 = Employee("X1"), e2 = Employee("X2");
  SetComp(e1, TaxExample());
  SetComp(e2, TaxExample());
  auth::Principal me{0, "me", auth::Role::kEmployee, {}, e1, false};
  json run = Create("2025-01");
  json slips = Slips(run);
  int64_t mine = slips[0]["id"], theirs = slips[1]["id"];
  // A draft is not visible to the employee yet.
  EXPECT_EQ(As(me, [&](Env& env) { return GetPayslip(env, mine); }).error().code, core::ErrorCode::kNotFound);
  ASSERT_TRUE(Approve(run).ok());
  EXPECT_TRUE(As(me, [&](Env& env) { return GetPayslip(env, mine); }).ok());
  EXPECT_EQ(As(me, [&](Env& env) { return GetPayslip(env, theirs); }).error().code, core::ErrorCode::kNotFound);
  auto list = As(me, [&](Env& env) { return ListMyPayslips(env, {50, 0}); });
  ASSERT_TRUE(list.ok());
  EXPECT_EQ(list->total, 1);
  EXPECT_EQ(As(manager_, [&](Env& env) { return GetPayslip(env, mine); }).error().code, core::ErrorCode::kForbidden);
  EXPECT_EQ(As(manager_, [&](Env& env) { return GetRun(env, run["id"].get<int64_t>()); }).error().code,
            core::ErrorCode::kForbidden);
  EXPECT_EQ(As(me, [&](Env& env) { return ListCompensation(env, e1); }).error().code, core::ErrorCode::kForbidden);
  EXPECT_TRUE(RequirePreviewAccess(manager_).ok());
  EXPECT_FALSE(RequirePreviewAccess(me).ok());
}

TEST_F(PayrollRunTest, DisbursementFileDecryptsAccountsOfAnApprovedRun) {
  int64_t e1 = Employee("D1", "2024-01-01", "6222020200112233");
  int64_t e2 = Employee("D2", "2024-01-01");
  SetComp(e1, TaxExample());
  SetComp(e2, TaxExample());
  auto in = Hr([&](Env& env) {
    return UpsertInput(env, {{"period", "2025-01"}, {"employee_id", e2}, {"post_tax_deduction", "40000"}});
  });
  ASSERT_TRUE(in.ok());
  json run = Create("2025-01");
  auto draft = Hr([&](Env& env) { return DisbursementCsv(env, run["id"].get<int64_t>()); });
  EXPECT_EQ(draft.error().slug, "not_approved");
  ASSERT_TRUE(Approve(run).ok());
  auto csv = Hr([&](Env& env) { return DisbursementCsv(env, run["id"].get<int64_t>()); });
  ASSERT_TRUE(csv.ok()) << csv.error().message;
  EXPECT_EQ(*csv,
            "\xEF\xBB\xBF"
            "employee_no,name,bank_account,net_pay\r\nD1,Person D1,6222020200112233,24945.00\r\n");
}

TEST_F(PayrollRunTest, CompensationValidationNamesTheField) {
  int64_t e = Employee("V1");
  auto field = [&](json body) {
    auto r = Hr([&](Env& env) { return CreateCompensation(env, e, body); });
    return r.ok() ? std::string() : r.error().field;
  };
  json b = TaxExample();
  b["city"] = "atlantis";
  EXPECT_EQ(field(b), "city");
  b = TaxExample();
  b["housing_fund_rate"] = 13;
  EXPECT_EQ(field(b), "housing_fund_rate");
  b = TaxExample();
  b["monthly_salary"] = "-1";
  EXPECT_EQ(field(b), "monthly_salary");
  b = TaxExample();
  b["salary"] = 1;
  EXPECT_EQ(field(b), "salary");
  b = TaxExample();
  b["city"] = "北京";
  EXPECT_EQ(field(b), "");
  EXPECT_EQ(Hr([&](Env& env) { return CreateCompensation(env, e, b); }).error().slug, "duplicate_effective_from");
}

TEST_F(PayrollRunTest, CompensationImportIsAllOrNothing) {
  Employee("C1");
  Employee("C2");
  std::string bad =
      "employee_no,effective_from,monthly_salary,city\nC1,2025-01-01,10000,shanghai\nC2,2025-01-01,x,shanghai\n";
  auto r = Hr([&](Env& env) { return ImportCompensationCsv(env, bad, {false, false}); });
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE((*r)["refused"].get<bool>());
  EXPECT_EQ((*r)["problems"][0]["row"], 2);
  std::string good =
      "employee_no,effective_from,monthly_salary,city,housing_fund_rate\nC1,2025-01-01,10000,shanghai,7\n"
      "C2,2025-01-01,12000.50,Shanghai,\n";
  auto g = Hr([&](Env& env) { return ImportCompensationCsv(env, good, {false, false}); });
  ASSERT_TRUE(g.ok());
  EXPECT_EQ((*g)["imported"], 2);
  json run = Create("2025-01");
  EXPECT_EQ(run["employee_count"], 2);
  EXPECT_EQ(run["gross_total"], "22000.50");
}

TEST_F(PayrollRunTest, InputsImportReplacesEachEmployeesInputs) {
  int64_t e = Employee("I1");
  SetComp(e, TaxExample());
  std::string csv = "employee_no,bonus,weekday_overtime_hours,absence_days\nI1,500,10.5,0.5\n";
  ASSERT_TRUE(Hr([&](Env& env) { return ImportInputsCsv(env, "2025-01", csv, {false, false}); }).ok());
  ASSERT_TRUE(Hr([&](Env& env) {
                return ImportInputsCsv(env, "2025-01", "employee_no,bonus\nI1,700\n", {false, false});
              }).ok());
  auto list = Hr([&](Env& env) { return ListInputs(env, "2025-01", {50, 0}); });
  ASSERT_EQ(list->total, 1);
  EXPECT_EQ(list->items[0]["bonus"], "700.00");
  EXPECT_EQ(list->items[0]["weekday_overtime_hours"], 0);
  EXPECT_EQ(list->items[0]["version"], 2);
}

TEST_F(PayrollRunTest, PreviewIsANewHiresFirstMonth) {
  auto p = PreviewPayslip(clock_, {{"monthly_salary", 30000}, {"city", "beijing"}, {"month", "2025-03"}});
  ASSERT_TRUE(p.ok()) << p.error().message;
  EXPECT_EQ((*p)["gross_pay"], "30000.00");
  EXPECT_EQ((*p)["month"], "2025-03");
  EXPECT_EQ(PreviewPayslip(clock_, {{"monthly_salary", 1}, {"city", "x"}}).error().field, "city");
  EXPECT_EQ(PreviewPayslip(clock_, {{"monthly_salary", 1}, {"city", "beijing"}, {"month", "2025-13"}}).error().field,
            "month");
}

TEST(Ytd, EncodesAndDecodesEveryField) {
  payroll::CumulativeState s = payroll::CumulativeState::NewYear(2025, true);
  s.first_month = 1;
  s.last_month = 3;
  s.months_employed = 3;
  s.annual_bonus_taxed_separately = true;
  s.income = core::Money::Fen(9'000'000);
  s.withheld_tax = core::Money::Fen(303'000);
  s.taxable_income = core::Money::Fen(5'550'000);
  std::string text = detail::EncodeYtd(s);
  EXPECT_EQ(text, "[2025,1,3,3,1,1,9000000,0,0,0,0,0,5550000,0,303000]");
  auto back = detail::DecodeYtd(text);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(detail::EncodeYtd(*back), text);
  EXPECT_FALSE(detail::DecodeYtd("[1,2]").ok());
}

}  // namespace
}  // namespace payrollrun
