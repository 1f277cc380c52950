// Lifecycle calls (attendance, leave, performance, training, offboarding) over the one transport in
// api.ts. Hours and days are numbers; money is a decimal string in yuan.
import { lifecycleRequest as request, type ErrorHandling, type Page, type Query } from '../../api'

export interface DayRow {
  date: string
  kind: 'workday' | 'rest_day' | 'holiday'
  clock_in: string | null
  clock_out: string | null
  leave: string | null
  record_version: number | null
  evaluated: boolean
  late_minutes?: number
  early_leave_minutes?: number
  absent?: boolean
  missing_clock_out?: boolean
  overtime_minutes?: { weekday: number; rest_day: number; holiday: number }
  daily_limit_exceeded?: boolean
}
export interface MonthTotals {
  late_days: number
  late_minutes: number
  early_leave_days: number
  absent_days: number
  unpaid_leave_days: number
  weekday_overtime_hours: number
  rest_day_overtime_hours: number
  holiday_overtime_hours: number
  overtime_minutes: number
  daily_limit_days: number
  monthly_limit_exceeded: boolean
}
export interface Alert {
  kind: 'daily_overtime' | 'monthly_overtime'
  date?: string
  minutes: number
  limit_minutes: number
}
export interface EmployeeMonth {
  employee_id: number
  employee_no: string
  name: string
  month: string
  shift: { start_time: string; end_time: string; break_minutes: number; grace_minutes: number }
  days: DayRow[]
  totals: MonthTotals
  alerts: Alert[]
}
export interface TeamRow {
  employee_id: number
  employee_no: string
  name: string
  tracked: boolean
  totals: MonthTotals
  alerts: Alert[]
}
export interface TeamMonth {
  month: string
  items: TeamRow[]
  alert_count: number
  sent_to_payroll_at: string | null
}
export interface Shift {
  id: number
  name: string
  start_time: string
  end_time: string
  break_minutes: number
  grace_minutes: number
  is_default: boolean
  version: number
}
export interface ClockResult {
  action: 'clock_in' | 'clock_out'
  work_date: string
  clock_in: string
  clock_out: string | null
}
export interface ImportReport {
  dry_run: boolean
  total_rows: number
  valid_rows: number
  imported: number
  refused: boolean
  problems: { row: number; field: string; problem: string }[]
}

export interface LeaveType {
  id: number
  code: string
  name_zh: string
  name_en: string
  paid: boolean
  statutory_annual: boolean
  quota_days: number | null
  calendar_days: boolean
  active: boolean
  version: number
}
export interface BalanceRow {
  leave_type_id: number
  leave_type: string
  name_zh: string
  name_en: string
  paid: boolean
  entitlement: number | null
  taken: number
  pending: number
  remaining: number | null
  annual?: { work_start_date: string; service_years: number; full_year_days: number; prorated: boolean }
}
export interface LeaveRequest {
  id: number
  employee_id: number
  employee_no: string
  name: string
  leave_type_id: number
  leave_type: string
  leave_type_zh: string
  leave_type_en: string
  start_date: string
  end_date: string
  half_day: boolean
  days: number
  reason: string
  status: 'pending' | 'approved' | 'rejected' | 'cancelled'
  decision_note: string
  version: number
  created_at: string
}

export interface Cycle {
  id: number
  name: string
  kind: 'probation' | 'quarterly' | 'annual'
  period_start: string
  period_end: string
  scale_min: number
  scale_max: number
  meets_threshold: number
  status: string
  review_counts?: Record<string, number>
  version: number
}
export interface Goal {
  id?: number
  title: string
  weight: number
  self_rating: number | null
  manager_rating?: number | null
}
export interface Review {
  id: number
  cycle_id: number
  cycle_name: string
  cycle_kind: string
  period_start: string
  period_end: string
  scale_min: number
  scale_max: number
  meets_threshold: number
  employee_id: number
  employee_no: string
  name: string
  status: 'self' | 'manager' | 'calibration' | 'finalized'
  self_rating: number | null
  self_comment: string
  manager_rating: number | null
  manager_comment: string
  final_rating: number | null
  calibration_note: string
  goals?: Goal[]
  meets_expectations?: boolean
  version: number
}

export interface Course {
  id: number
  title: string
  description: string
  provider: string
  hours: number
  sessions: { id: number; session_date: string; location: string; capacity: number | null; enrolled: number }[]
}
export interface Enrollment {
  id: number
  employee_id: number
  employee_no: string
  name: string
  attended: boolean | null
  score: number | null
  passed: boolean | null
  version: number
}
export interface Session {
  id: number
  course_id: number
  title: string
  session_date: string
  location: string
  capacity: number | null
  enrollments: Enrollment[]
}
export interface MyTraining {
  title: string
  hours: number
  session_date: string
  location: string
  attended: boolean | null
  score: number | null
  passed: boolean | null
}

export interface PayLine {
  code: string
  en: string
  zh: string
  amount: string
  detail: Record<string, unknown>
}
export interface Offboarding {
  id: number
  employee_id: number
  employee_no: string
  name: string
  kind: string
  reason: string
  last_day: string
  status: 'open' | 'completed' | 'cancelled'
  checklist: { item: string; done: boolean }[]
  final_pay: { last_day: string; avg_monthly_wage_12m: string; lines: PayLine[]; total: string }
  exit_interview?: string | null
  completed_at: string | null
  version: number
}

// A rest day's overtime: 200% pay or time off in lieu (调休).
export type RestDayCompensation = 'pay' | 'time_off'
// When probation reviews open: this many days before an employee's probation ends.
export interface ProbationSettings {
  probation_review_days: number
  version: number
  updated_at: string | null
}

export const attendance = {
  clock: () => request<ClockResult>('POST', '/api/v1/me/attendance/clock'),
  myMonth: (month: string) => request<EmployeeMonth>('GET', '/api/v1/me/attendance', { query: { month } }),
  employeeMonth: (id: number, month: string) =>
    request<EmployeeMonth>('GET', `/api/v1/attendance/employees/${id}/month`, { query: { month } }),
  team: (month: string) => request<TeamMonth>('GET', '/api/v1/attendance/team', { query: { month } }),
  importCsv: (csv: string, dryRun: boolean, eh: ErrorHandling = {}) =>
    request<ImportReport>('POST', '/api/v1/attendance/import', {
      ...eh,
      query: { dry_run: dryRun },
      raw: { body: csv, contentType: 'text/csv' },
    }),
  shifts: () => request<{ items: Shift[] }>('GET', '/api/v1/attendance/shifts'),
  createShift: (body: Record<string, unknown>, eh: ErrorHandling = {}) =>
    request<Shift>('POST', '/api/v1/attendance/shifts', { ...eh, json: body }),
  updateShift: (s: Shift, body: Record<string, unknown>, eh: ErrorHandling = {}) =>
    request<Shift>('PATCH', `/api/v1/attendance/shifts/${s.id}`, { ...eh, json: { ...body, version: s.version } }),
  putRecord: (body: Record<string, unknown>, eh: ErrorHandling = {}) =>
    request<unknown>('PUT', '/api/v1/attendance/records', { ...eh, json: body }),
  sendToPayroll: (month: string) =>
    request<{ month: string; written: unknown[]; untracked_employees: number }>('POST', '/api/v1/attendance/send-to-payroll', {
      json: { month },
    }),
  setRestDayCompensation: (
    body: { employee_id: number; work_date: string; compensation: RestDayCompensation; version: number },
    eh: ErrorHandling = {},
  ) =>
    request<{ rest_day_compensation: RestDayCompensation; version: number }>('PUT', '/api/v1/attendance/records/rest-day-compensation', {
      ...eh,
      json: body,
    }),
}

export const leave = {
  types: () => request<{ items: LeaveType[] }>('GET', '/api/v1/leave/types'),
  balances: (year: number, employeeId?: number) =>
    request<{ items: BalanceRow[] }>('GET', '/api/v1/leave/balances', { query: { year, employee_id: employeeId } }),
  request: (body: Record<string, unknown>, eh: ErrorHandling = {}) =>
    request<LeaveRequest>('POST', '/api/v1/me/leave-requests', { ...eh, json: body }),
  createType: (body: Record<string, unknown>, eh: ErrorHandling = {}) =>
    request<LeaveType>('POST', '/api/v1/leave/types', { ...eh, json: body }),
  updateType: (lt: LeaveType, body: Record<string, unknown>) =>
    request<LeaveType>('PATCH', `/api/v1/leave/types/${lt.id}`, { json: { ...body, version: lt.version } }),
  setProfile: (employeeId: number, body: Record<string, unknown>, eh: ErrorHandling = {}) =>
    request<unknown>('PUT', `/api/v1/leave/profiles/${employeeId}`, { ...eh, json: body }),
  list: (query: Query) => request<Page<LeaveRequest>>('GET', '/api/v1/leave/requests', { query }),
  decide: (r: LeaveRequest, decision: 'approve' | 'reject', note = '') =>
    request<LeaveRequest>('POST', `/api/v1/leave/requests/${r.id}/decide`, { json: { decision, note, version: r.version } }),
  cancel: (r: LeaveRequest) =>
    request<LeaveRequest>('POST', `/api/v1/leave/requests/${r.id}/cancel`, { json: { version: r.version } }),
}

export const performance = {
  cycles: () => request<Page<Cycle>>('GET', '/api/v1/performance/cycles', { query: { limit: 100 } }),
  createCycle: (body: Record<string, unknown>, eh: ErrorHandling = {}) =>
    request<Cycle>('POST', '/api/v1/performance/cycles', { ...eh, json: body }),
  reviews: (scope: string, cycleId?: number) =>
    request<Page<Review>>('GET', '/api/v1/performance/reviews', { query: { scope, cycle_id: cycleId, limit: 500 } }),
  review: (id: number) => request<Review>('GET', `/api/v1/performance/reviews/${id}`),
  self: (id: number, body: Record<string, unknown>, eh: ErrorHandling = {}) =>
    request<Review>('PATCH', `/api/v1/performance/reviews/${id}/self`, { ...eh, json: body }),
  manager: (id: number, body: Record<string, unknown>, eh: ErrorHandling = {}) =>
    request<Review>('PATCH', `/api/v1/performance/reviews/${id}/manager`, { ...eh, json: body }),
  finalize: (id: number, body: Record<string, unknown>, eh: ErrorHandling = {}) =>
    request<Review>('POST', `/api/v1/performance/reviews/${id}/finalize`, { ...eh, json: body }),
  probationSettings: () => request<ProbationSettings>('GET', '/api/v1/performance/probation-settings'),
  saveProbationSettings: (days: number, version: number, eh: ErrorHandling = {}) =>
    request<ProbationSettings>('PUT', '/api/v1/performance/probation-settings', { ...eh, json: { probation_review_days: days, version } }),
}

export const training = {
  courses: () => request<{ items: Course[] }>('GET', '/api/v1/training/courses'),
  createCourse: (body: Record<string, unknown>) => request<Course>('POST', '/api/v1/training/courses', { json: body }),
  createSession: (courseId: number, body: Record<string, unknown>) =>
    request<Session>('POST', `/api/v1/training/courses/${courseId}/sessions`, { json: body }),
  session: (id: number) => request<Session>('GET', `/api/v1/training/sessions/${id}`),
  enroll: (id: number, employeeIds: number[]) =>
    request<Session>('POST', `/api/v1/training/sessions/${id}/enrollments`, { json: { employee_ids: employeeIds } }),
  result: (e: Enrollment, body: Record<string, unknown>) =>
    request<Session>('PATCH', `/api/v1/training/enrollments/${e.id}`, { json: { ...body, version: e.version } }),
  mine: () => request<{ items: MyTraining[] }>('GET', '/api/v1/me/training'),
}

export const offboarding = {
  list: () => request<Page<Offboarding>>('GET', '/api/v1/offboarding', { query: { limit: 200 } }),
  get: (id: number) => request<Offboarding>('GET', `/api/v1/offboarding/${id}`),
  create: (body: Record<string, unknown>, eh: ErrorHandling = {}) =>
    request<Offboarding>('POST', '/api/v1/offboarding', { ...eh, json: body }),
  update: (o: Offboarding, body: Record<string, unknown>) =>
    request<Offboarding>('PATCH', `/api/v1/offboarding/${o.id}`, { json: { ...body, version: o.version } }),
  cancel: (o: Offboarding) =>
    request<Offboarding>('POST', `/api/v1/offboarding/${o.id}/cancel`, { json: { version: o.version } }),
  complete: (o: Offboarding) =>
    request<Offboarding>('POST', `/api/v1/offboarding/${o.id}/complete`, { json: { version: o.version } }),
}

export function thisMonth(): string {
  const d = new Date(Date.now() + 8 * 3600 * 1000)
  return d.toISOString().slice(0, 7)
}
