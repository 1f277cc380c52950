// Calls behind the "product gaps" screens: recording existing labour contracts, probation-review
// settings, the rest-day time-off-in-lieu choice and the analytics read-model status. One transport
// (api.ts); money as decimal yuan strings.
import { gapsRequest as request, type ErrorHandling } from '../../api'
import type { LabourContract } from '../hiring/hiringApi'

export interface RecordContractBody {
  employee_id: number
  contract_type: 'fixed' | 'open_ended'
  start_date: string
  end_date?: string | null
  probation_end?: string | null
  signed_on: string
  monthly_salary?: string | null
  city?: string | null
  note?: string | null
}
export interface ProbationSettings {
  probation_review_days: number
  version: number
  updated_at: string | null
}
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
export type RestDayCompensation = 'pay' | 'time_off'

export const gaps = {
  recordContract: (body: RecordContractBody, eh: ErrorHandling = {}) =>
    request<LabourContract>('POST', '/api/v1/labour-contracts', { ...eh, json: body }),
  probationSettings: () => request<ProbationSettings>('GET', '/api/v1/performance/probation-settings'),
  saveProbationSettings: (days: number, version: number, eh: ErrorHandling = {}) =>
    request<ProbationSettings>('PUT', '/api/v1/performance/probation-settings', { ...eh, json: { probation_review_days: days, version } }),
  setRestDayCompensation: (
    body: { employee_id: number; work_date: string; compensation: RestDayCompensation; version: number },
    eh: ErrorHandling = {},
  ) => request<{ rest_day_compensation: RestDayCompensation; version: number }>('PUT', '/api/v1/attendance/records/rest-day-compensation', { ...eh, json: body }),
  analyticsStatus: (eh: ErrorHandling = {}) => request<AnalyticsStatus>('GET', '/api/v1/analytics/status', eh),
}
