// Analytics calls over the one transport in api.ts: funnel, quality of hire, prediction, salary
// trends, the bias audit and adjustment suggestions. Files (CSV, XLSX, PDF) are plain links.
import { analyticsRequest as request, type ErrorHandling, type Page, type Query } from '../../api'

export const kStages = ['applied', 'screened', 'interview_invited', 'interviewed', 'second_round', 'offer', 'hired'] as const
export type Stage = (typeof kStages)[number]

export interface StageFigure {
  stage: Stage
  reached: number
  passed: number | null
  pass_rate: number | null
  eliminated: number
  elimination_rate: number | null
  avg_days_in_stage: number | null
}
export interface FunnelGroup {
  key?: string | null
  label?: string
  applications: number
  hires: number
  withdrawn: number
  avg_days_to_hire: number | null
  offers_decided: number
  offers_accepted: number
  offer_acceptance_rate: number | null
  stages: StageFigure[]
}
export interface Funnel {
  group_by: string | null
  groups: FunnelGroup[]
  groups_truncated: boolean
  totals: FunnelGroup
}
export interface Corr { r: number | null; lo: number | null; hi: number | null }
export interface Correlation {
  feature: string
  label: string
  horizon_months: number
  n: number
  pearson: Corr
  spearman: Corr
  warning: string | null
}
export interface Bucket {
  band: string
  horizon_months: number
  n: number
  met: number
  met_rate: number | null
  warning: string | null
  statement?: string
}
export interface Quality {
  n_hires: number
  n_rated: number
  correlations: Correlation[]
  buckets: Bucket[]
  scatter: { horizon_months: number; n: number; points: [number, number][]; fit: { intercept: number; slope: number } | null }
  warnings: string[]
}
export interface Model {
  horizon_months: number
  features: string[]
  train_n: number
  holdout_n: number
  holdout_auc: number
  base_rate: number
}
export interface Prediction {
  probability_meets_expectations: number
  model: Model
}
export interface SalaryPoint { as_of: string; p25: string | null; p50: string | null; p75: string | null; p90: string | null }
export interface SalaryTrend {
  pairs?: { position: string; city: string; points: number }[]
  series?: SalaryPoint[]
  forecast?: { as_of: string; p50: string }[]
  trend?: { p50_change_per_month: string; n: number } | null
  error?: { holdout_points: number; mae: string; mape_percent: number | null } | null
  note?: string
}
export interface RateRow {
  category: string
  n: number
  selected: number
  rate: number
  share: number
  under_2_percent: boolean
  impact_ratio: number | null
}
export interface RateTable {
  tool: string
  measure: string
  dimension: string
  total: number
  unknown: number
  median: number | null
  rows: RateRow[]
}
export interface Audit {
  title: string
  date: string
  generated_at: string
  data_source: string
  applicants: number
  self_identified: number
  tables: RateTable[]
  notes: string[]
}
export interface Suggestion {
  id: number
  employee_id: number
  employee_name: string
  employee_no: string
  rule: string
  percent: number
  reasons: string[]
  status: 'pending' | 'approved' | 'rejected'
  review: string
  decision_reason: string | null
  compensation_id: number | null
  version: number
}

function link(path: string, query: Query): string {
  const q = new URLSearchParams()
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v))
  const s = q.toString()
  return s ? `${path}?${s}` : path
}

// How fresh the read models are: the background consumer's last fold and the events still waiting.
export interface AnalyticsStatus {
  data_version: number
  pending_events: number
  current: boolean
  last_fold_at: string | null
  last_fold_by: string | null
  applications: number
  hires: number
  snapshots: { current: boolean; computed_at: string | null }
}

export const analytics = {
  status: (eh: ErrorHandling = {}) => request<AnalyticsStatus>('GET', '/api/v1/analytics/status', eh),
  funnel: (query: Query) => request<Funnel>('GET', '/api/v1/analytics/funnel', { query }),
  drill: (query: Query) => request<Page<Record<string, unknown>>>('GET', '/api/v1/analytics/funnel/applications', { query }),
  quality: (query: Query) => request<Quality>('GET', '/api/v1/analytics/quality', { query }),
  model: (horizon: number) => request<Model>('GET', '/api/v1/analytics/prediction/model', { query: { horizon }, quietCodes: ['insufficient_history'] }),
  predict: (body: Record<string, unknown>) => request<Prediction>('POST', '/api/v1/analytics/predictions', { json: body }),
  salary: (query: Query) => request<SalaryTrend>('GET', '/api/v1/analytics/salary-trends', { query }),
  audit: (query: Query) => request<Audit>('GET', '/api/v1/analytics/bias-audit', { query: { ...query, purpose: 'audit' } }),
  suggestions: (status: string) => request<Page<Suggestion>>('GET', '/api/v1/analytics/adjustments', { query: { status, limit: 200 } }),
  generate: () => request<{ created: number }>('POST', '/api/v1/analytics/adjustments/generate', { json: {} }),
  approve: (s: Suggestion) => request<Suggestion>('POST', `/api/v1/analytics/adjustments/${s.id}/approve`, { json: { version: s.version } }),
  reject: (s: Suggestion, reason: string) =>
    request<Suggestion>('POST', `/api/v1/analytics/adjustments/${s.id}/reject`, { json: { version: s.version, reason }, formFields: ['reason'] }),
  selfIdLink: (application_id: number) =>
    request<{ token: string; path: string; expires_at: string }>('POST', '/api/v1/analytics/self-identification/links', { json: { application_id } }),
  exportLink: (table: string, format: 'csv' | 'xlsx', query: Query) => link(`/api/v1/analytics/export/${table}`, { ...query, format }),
  auditLink: (format: 'csv' | 'xlsx' | 'pdf', query: Query) => link('/api/v1/analytics/bias-audit', { ...query, purpose: 'audit', format }),
}

export const pct = (v: number | null | undefined, digits = 1) => (v === null || v === undefined ? '—' : `${(v * 100).toFixed(digits)}%`)
export const num = (v: number | null | undefined, digits = 2) => (v === null || v === undefined ? '—' : v.toFixed(digits))
