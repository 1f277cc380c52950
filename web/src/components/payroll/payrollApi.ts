// Payroll calls (runs, inputs, compensation, payslips, salary bands, market data, offer pricing, city
// rules) over the one transport in api.ts. Amounts are decimal strings in yuan ("12500.00").
import { payrollRequest as request, type ErrorHandling, type Page, type Query } from '../../api'

export type Money = string

export interface PayrollRun {
  id: number
  period: string
  status: 'draft' | 'approved'
  employee_count: number
  gross_total: Money
  income_tax_total: Money
  employee_contributions_total: Money
  employer_contributions_total: Money
  net_total: Money
  employer_cost_total: Money
  notes: Record<string, unknown>
  computed_at: string
  approved_at: string | null
  stale: boolean
  version: number
}
export interface Totals {
  gross_pay: Money
  net_pay: Money
  income_tax: Money
}
export interface PayslipSummary extends Totals {
  id: number
  run_id: number
  run_status: string
  period: string
  employee_id: number
  employee_no: string
  name: string
  city: string
  paid_days: number
  paid_days_employed: number
  employee_contributions: Money
  annual_bonus_tax: Money
  employer_contributions: Money
  employer_cost: Money
  previous?: Totals | null
  delta?: Totals | null
}
export interface PayslipLine {
  code: string
  zh: string
  en: string
  kind: 'earning' | 'employee_deduction' | 'employer_contribution'
  amount: Money
}
export interface Payslip extends PayslipSummary {
  lines: PayslipLine[]
  ytd: Record<string, string | number | boolean>
}
export interface PayrollInput {
  id?: number
  period: string
  employee_id: number
  employee_no?: string
  name?: string
  taxable_allowances?: Money
  tax_free_allowances?: Money
  bonus?: Money
  annual_bonus?: Money
  annual_bonus_separately?: boolean
  weekday_overtime_hours?: number
  rest_day_overtime_hours?: number
  holiday_overtime_hours?: number
  absence_days?: number
  other_deduction?: Money
  post_tax_deduction?: Money
  note?: string
  version?: number
}
export interface Compensation {
  id: number
  employee_id: number
  effective_from: string
  monthly_salary: Money
  city: string
  social_insurance_base: Money | null
  housing_fund_base: Money | null
  housing_fund_rate: number | null
  local_hukou: boolean
  social_insurance_enrolled: boolean
  housing_fund_enrolled: boolean
  annual_basic_deduction_upfront: boolean
  special_additional_deduction: Money
  proration: 'paid_days' | 'deduct_missed_days'
  version: number
}
export interface ImportReport {
  dry_run: boolean
  total_rows: number
  valid_rows: number
  imported: number
  refused: boolean
  replaced?: number
  problems: { row: number; field: string; problem: string }[]
}
export interface SalaryBand {
  id: number
  position_id: number
  position_title: string
  position_code: string
  grade_id: number
  grade_code: string
  grade_name: string
  grade_level: number
  effective_from: string
  effective_to: string | null
  min_salary: Money
  mid_salary: Money
  max_salary: Money
  note: string
  version: number
}
export interface MarketRow {
  id: number
  position: string
  city: string
  p25: Money | null
  p50: Money | null
  p75: Money | null
  p90: Money | null
  as_of: string
  source: string | null
  imported_at: string
}
export interface Tier {
  min_total: number
  position_pct: number
  label?: string
}
export interface StructureRule {
  min_grade_level: number
  bonus_share_pct: number
  position_keyword?: string
}
export interface PricingConfig {
  id: number | null
  effective_from: string | null
  tiers: Tier[]
  structure: StructureRule[]
  note: string
  builtin: boolean
  created_at?: string
}
export interface Reason {
  zh: string
  en: string
}
export interface OfferPricing {
  application_id: number
  position: string
  city: string
  band: null | {
    grade_id: number
    grade_code: string
    grade_name: string
    grade_level: number
    effective_from: string
    min: Money
    mid: Money
    max: Money
  }
  market: MarketRow | null
  interview_total: number | null
  expected_monthly_salary: Money | null
  position_in_band: { pct: number; from_evidence: boolean; tier: Tier | null }
  suggestion: { min: Money; max: Money; point: Money } | null
  structure: { base_share: number; bonus_share: number; base_monthly?: Money; bonus_monthly_target?: Money }
  reasons: Reason[]
}
export interface SchemeRates {
  separate: boolean
  employee_rate: number
  employer_rate: number
  employer_rate_local_hukou: number
  employee_fixed: Money
  employer_fixed: Money
  base_floor: Money
  base_cap: Money | null
  rounding_unit_fen: number
}
export interface CityVersion {
  effective_from: string
  effective_to: string | null
  provisional: boolean
  note: string
  sources: string[]
  housing_fund_range: { min_rate: number; max_rate: number; default_rate: number }
  schemes: Record<string, SchemeRates>
}
export interface CityOverride {
  id: number
  city: string
  scheme: string
  effective_from: string
  effective_to: string | null
  employee_rate: number | null
  employer_rate: number | null
  base_floor: Money | null
  base_cap: Money | null
  note: string
  version: number
}
export interface CityRules {
  city: string
  versions: CityVersion[]
  overrides: CityOverride[]
  in_force: null | { month: string; schemes: Record<string, SchemeRates> }
}

export const kCities = ['beijing', 'shanghai', 'shenzhen', 'guangzhou', 'hangzhou'] as const
export const kSchemes = ['pension', 'medical', 'unemployment', 'work_injury', 'maternity', 'housing_fund'] as const

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
// An import body: CSV text, or a picked file; an .xlsx workbook travels as XLSX (the server also
// recognises a workbook by its bytes, so the declared type is only a courtesy).
const csv = (text: string | Blob) => ({
  body: text,
  contentType:
    typeof text !== 'string' && (text.type === XLSX_TYPE || (text instanceof File && /\.xlsx$/i.test(text.name)))
      ? XLSX_TYPE
      : 'text/csv',
})

export const payroll = {
  runs: (q: Query = {}) => request<Page<PayrollRun>>('GET', '/api/v1/payroll/runs', { query: q }),
  run: (id: number) => request<PayrollRun>('GET', `/api/v1/payroll/runs/${id}`),
  createRun: (period: string, eh: ErrorHandling = {}) =>
    request<PayrollRun>('POST', '/api/v1/payroll/runs', { ...eh, json: { period } }),
  recalculate: (id: number, version: number, eh: ErrorHandling = {}) =>
    request<PayrollRun>('POST', `/api/v1/payroll/runs/${id}/recalculate`, { ...eh, json: { version } }),
  approve: (id: number, version: number, eh: ErrorHandling = {}) =>
    request<PayrollRun>('POST', `/api/v1/payroll/runs/${id}/approve`, { ...eh, json: { version } }),
  deleteRun: (id: number) => request<null>('DELETE', `/api/v1/payroll/runs/${id}`),
  runPayslips: (id: number, q: Query = {}) => request<Page<PayslipSummary>>('GET', `/api/v1/payroll/runs/${id}/payslips`, { query: q }),
  disbursementUrl: (id: number) => `/api/v1/payroll/runs/${id}/disbursement`,
  payslip: (id: number) => request<Payslip>('GET', `/api/v1/payroll/payslips/${id}`),
  payslipPdfUrl: (id: number) => `/api/v1/payroll/payslips/${id}/pdf`,
  myPayslips: (q: Query = {}) => request<Page<PayslipSummary>>('GET', '/api/v1/me/payslips', { query: q }),
  inputs: (period: string, q: Query = {}) => request<Page<PayrollInput>>('GET', '/api/v1/payroll/inputs', { query: { ...q, period } }),
  putInput: (input: PayrollInput, eh: ErrorHandling = {}) => request<PayrollInput>('PUT', '/api/v1/payroll/inputs', { ...eh, json: input }),
  importInputs: (period: string, text: string | Blob, dryRun: boolean, skipInvalid = false) =>
    request<ImportReport>('POST', '/api/v1/payroll/inputs/import', {
      quiet: true,
      query: { period, dry_run: dryRun, skip_invalid: skipInvalid },
      raw: csv(text),
    }),
  importOpening: (text: string | Blob, dryRun: boolean, skipInvalid = false) =>
    request<ImportReport>('POST', '/api/v1/payroll/opening-balances/import', {
      quiet: true,
      query: { dry_run: dryRun, skip_invalid: skipInvalid },
      raw: csv(text),
    }),
  compensation: (employeeId: number) =>
    request<{ items: Compensation[] }>('GET', `/api/v1/payroll/employees/${employeeId}/compensation`),
  createCompensation: (employeeId: number, body: Record<string, unknown>, eh: ErrorHandling = {}) =>
    request<Compensation>('POST', `/api/v1/payroll/employees/${employeeId}/compensation`, { ...eh, json: body }),
  updateCompensation: (id: number, body: Record<string, unknown>, eh: ErrorHandling = {}) =>
    request<Compensation>('PATCH', `/api/v1/payroll/compensation/${id}`, { ...eh, json: body }),
  deleteCompensation: (id: number) => request<null>('DELETE', `/api/v1/payroll/compensation/${id}`),
  bands: (q: Query = {}) => request<Page<SalaryBand>>('GET', '/api/v1/payroll/bands', { query: q }),
  createBand: (body: Record<string, unknown>, eh: ErrorHandling = {}) =>
    request<SalaryBand>('POST', '/api/v1/payroll/bands', { ...eh, json: body }),
  updateBand: (id: number, body: Record<string, unknown>, eh: ErrorHandling = {}) =>
    request<SalaryBand>('PATCH', `/api/v1/payroll/bands/${id}`, { ...eh, json: body }),
  deleteBand: (id: number) => request<null>('DELETE', `/api/v1/payroll/bands/${id}`),
  importBands: (text: string | Blob, dryRun: boolean, skipInvalid = false) =>
    request<ImportReport>('POST', '/api/v1/payroll/bands/import', {
      quiet: true,
      query: { dry_run: dryRun, skip_invalid: skipInvalid },
      raw: csv(text),
    }),
  market: (q: Query = {}) => request<Page<MarketRow>>('GET', '/api/v1/payroll/market', { query: q }),
  importMarket: (text: string | Blob, dryRun: boolean, skipInvalid = false) =>
    request<ImportReport>('POST', '/api/v1/payroll/market/import', {
      quiet: true,
      query: { dry_run: dryRun, skip_invalid: skipInvalid },
      raw: csv(text),
    }),
  pricingRules: () =>
    request<{ current: PricingConfig; history: PricingConfig[]; default: PricingConfig }>('GET', '/api/v1/payroll/offer-pricing/rules'),
  savePricingRules: (body: Record<string, unknown>, eh: ErrorHandling = {}) =>
    request<PricingConfig>('POST', '/api/v1/payroll/offer-pricing/rules', { ...eh, json: body }),
  priceOffer: (body: { application_id: number; expected_monthly_salary?: string | number; city?: string; grade_id?: number }, eh: ErrorHandling = {}) =>
    request<OfferPricing>('POST', '/api/v1/payroll/offer-pricing', { ...eh, json: body }),
  cityRules: () => request<{ cities: CityRules[] }>('GET', '/api/v1/payroll/city-rules'),
  createOverride: (body: Record<string, unknown>, eh: ErrorHandling = {}) =>
    request<CityOverride>('POST', '/api/v1/payroll/city-rules/overrides', { ...eh, json: body }),
  updateOverride: (id: number, body: Record<string, unknown>, eh: ErrorHandling = {}) =>
    request<CityOverride>('PATCH', `/api/v1/payroll/city-rules/overrides/${id}`, { ...eh, json: body }),
  deleteOverride: (id: number) => request<null>('DELETE', `/api/v1/payroll/city-rules/overrides/${id}`),
}
