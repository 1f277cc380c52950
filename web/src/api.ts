// The one typed client for the HireFlow HTTP API (docs/api.md). Every page talks to the server
// through the functions here, so CSRF, error parsing and the 401 redirect live in one place.
//
// Errors: every failed call rejects with ApiError (RFC 9457 problem+json parsed into
// {status, code, detail, field}). The detail is also shown once in an ElMessage, unless the caller
// handles it itself: codes listed in `quietCodes` (e.g. 409 version_conflict), a problem whose
// `field` is one of the `formFields` the calling form shows inline, or any problem with `quiet`.
// A 401 additionally calls the handler set with onUnauthenticated (the router sends the person to
// /login).

import { ElMessage } from 'element-plus'
import { i18n } from './i18n'

// ---------- Records (shapes from docs/api.md) ----------

export type Role = 'admin' | 'hr' | 'hiring_manager' | 'interviewer' | 'employee'
export const kRoles: readonly Role[] = ['admin', 'hr', 'hiring_manager', 'interviewer', 'employee']

export type EmployeeStatus = 'active' | 'probation' | 'suspended' | 'left'
export const kEmployeeStatuses: readonly EmployeeStatus[] = ['active', 'probation', 'suspended', 'left']

export interface User {
  id: number
  username: string
  display_name: string
  role: Role
  department_id: number | null
  disabled: boolean
  locale: string | null
  // The employee record of this account, when one is linked (served by the API beyond docs/api.md).
  employee_id?: number | null
  version: number
  created_at: string
  updated_at?: string
}

export interface Session {
  user: User
  csrf_token: string
}

export interface Page<T> {
  items: T[]
  total: number
  limit: number
  offset: number
}

// The notifications list also says how many are unread (so the bell need not page through all).
export interface NotificationPage extends Page<Notification> {
  unread?: number
}

export interface Department {
  id: number
  name: string
  code: string
  parent_id: number | null
  version: number
  created_at: string
  updated_at: string
}
export type DepartmentInput = Pick<Department, 'name' | 'code' | 'parent_id'>

export interface Position {
  id: number
  title: string
  code: string
  department_id: number | null
  version: number
}
export type PositionInput = Pick<Position, 'title' | 'code' | 'department_id'>

export interface Grade {
  id: number
  code: string
  name: string
  level: number
  version: number
}
export type GradeInput = Pick<Grade, 'code' | 'name' | 'level'>

export interface Employee {
  id: number
  employee_no: string
  name: string
  email: string | null
  phone: string | null
  department_id: number | null
  position_id: number | null
  grade_id: number | null
  manager_id: number | null
  hire_date: string
  status: EmployeeStatus
  id_number: string | null
  bank_account: string | null
  version: number
  created_at: string
  updated_at: string
}
export type EmployeeInput = Omit<Employee, 'id' | 'version' | 'created_at' | 'updated_at'>

export interface ImportProblem {
  row: number
  field: string
  problem: string
}
export interface ImportResult {
  dry_run: boolean
  total_rows: number
  valid_rows: number
  imported: number
  problems: ImportProblem[]
}

export interface UserCreate {
  username: string
  password: string
  display_name: string
  role: Role
  department_id: number | null
}
export interface UserPatch {
  display_name: string
  role: Role
  department_id: number | null
  disabled: boolean
  version: number
}

export interface AuditEntry {
  id: number
  at: string
  actor: string | number | null
  action: string
  entity: string
  entity_id: string | number | null
  before: unknown
  after: unknown
  hash: string
  request_id?: string
}
export interface AuditVerify {
  ok: boolean
  checked: number
  first_bad_id?: number
}

export interface Notification {
  id: number
  kind: string
  title: string
  body: string
  link: string | null
  // What the web renders title/body from (notice.<kind>, components/i18n/serverText.ts); null on old rows.
  params?: Record<string, string | number | boolean | null> | null
  read: boolean
  created_at: string
}

export interface CompanySettings {
  name: string
  time_zone: string
  currency: string
  city: string
  version: number
}

// ---------- Errors ----------

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly detail: string,
    readonly field: string | null,
    readonly requestId: string | null,
    // The whole parsed body, for routes that return more than a problem (e.g. import problems).
    readonly body: unknown,
  ) {
    super(detail || code)
    this.name = 'ApiError'
  }
}

let unauthenticatedHandler: (() => void) | null = null

// Called on every 401 outside the login call itself (set once by main.ts).
export function onUnauthenticated(handler: () => void): void {
  unauthenticatedHandler = handler
}

// ---------- Transport ----------

let csrfToken: string | null = null

function csrfFromCookie(): string | null {
  const m = document.cookie.match(/(?:^|;\s*)hf_csrf=([^;]*)/)
  return m ? decodeURIComponent(m[1]) : null
}

type QueryValue = string | number | boolean | null | undefined
export type Query = Record<string, QueryValue>

// How a caller handles failures itself (see the header comment).
export interface ErrorHandling {
  // Problem codes the caller handles itself: no ElMessage for them.
  quietCodes?: readonly string[]
  // Input fields the calling form shows errors beside: no ElMessage for problems naming them. An
  // entry ending in '*' covers a field and everything under it ('requirements*' covers
  // 'requirements.must_have[0].term').
  formFields?: readonly string[]
  // The caller shows every problem itself (no ElMessage); a 401 still redirects to the login page.
  quiet?: boolean
  // No message at all, and no redirect on 401 (used by the session probe and background polls).
  silent?: boolean
}

interface RequestOptions extends ErrorHandling {
  query?: Query
  json?: unknown
  // A raw body (e.g. a CSV file) with its content type.
  raw?: { body: BodyInit; contentType: string }
  // Extra request headers (e.g. X-Filename of an upload).
  headers?: Record<string, string>
}

const kUnsafe = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

function buildUrl(path: string, query?: Query): string {
  const params = new URLSearchParams()
  for (const [k, v] of Object.entries(query ?? {})) {
    if (v === undefined || v === null || v === '') continue
    params.set(k, String(v))
  }
  const qs = params.toString()
  return qs ? `${path}?${qs}` : path
}

async function parseBody(res: Response): Promise<unknown> {
  if (res.status === 204) return null
  const text = await res.text()
  if (!text) return null
  const type = res.headers.get('content-type') ?? ''
  if (type.includes('json')) {
    try {
      return JSON.parse(text)
    } catch {
      return text
    }
  }
  return text
}

function toApiError(res: Response, body: unknown): ApiError {
  const p = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>
  const str = (v: unknown) => (typeof v === 'string' ? v : null)
  return new ApiError(
    res.status,
    str(p.code) ?? `http_${res.status}`,
    str(p.detail) ?? str(p.title) ?? res.statusText,
    str(p.field),
    str(p.request_id) ?? res.headers.get('x-request-id'),
    body,
  )
}

export function coversField(formField: string, field: string): boolean {
  return formField.endsWith('*') ? field.startsWith(formField.slice(0, -1)) : formField === field
}

function report(err: ApiError, opts: RequestOptions): void {
  if (opts.silent || opts.quiet || opts.quietCodes?.includes(err.code)) return
  if (err.field && opts.formFields?.some((f) => coversField(f, err.field!))) return
  const t = i18n.global.t
  const message = err.detail || t('errors.generic', { status: err.status })
  ElMessage({ type: 'error', message, grouping: true, showClose: true })
}

async function request<T>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json', ...opts.headers }
  let body: BodyInit | undefined
  if (opts.raw) {
    headers['Content-Type'] = opts.raw.contentType
    body = opts.raw.body
  } else if (opts.json !== undefined) {
    headers['Content-Type'] = 'application/json'
    body = JSON.stringify(opts.json)
  }
  if (kUnsafe.has(method)) {
    const token = csrfToken ?? csrfFromCookie()
    if (token) headers['X-CSRF-Token'] = token
  }

  let res: Response
  try {
    res = await fetch(buildUrl(path, opts.query), { method, headers, body, credentials: 'same-origin' })
  } catch {
    const err = new ApiError(0, 'network', i18n.global.t('errors.network'), null, null, null)
    report(err, opts)
    throw err
  }
  const parsed = await parseBody(res)
  if (res.ok) return parsed as T

  const err = toApiError(res, parsed)
  if (err.status === 401 && !opts.silent) {
    csrfToken = null
    unauthenticatedHandler?.()
    throw err // the login page explains; no toast on top of the redirect
  }
  report(err, opts)
  throw err
}

// Fetches every page of a list (for pickers and the department tree); limit is the API maximum.
async function listAll<T>(path: string, query: Query = {}): Promise<T[]> {
  const items: T[] = []
  for (;;) {
    const page = await request<Page<T>>('GET', path, { query: { ...query, limit: 500, offset: items.length } })
    items.push(...page.items)
    if (page.items.length === 0 || items.length >= page.total) return items
  }
}

// ---------- Auth ----------

export async function login(username: string, password: string): Promise<Session> {
  // 401 here means bad credentials: shown by the login page, not a redirect.
  const s = await request<Session>('POST', '/api/v1/auth/login', {
    json: { username, password },
    silent: true,
  })
  csrfToken = s.csrf_token
  return s
}

export async function logout(): Promise<void> {
  try {
    await request<null>('POST', '/api/v1/auth/logout', { silent: true })
  } finally {
    csrfToken = null
  }
}

// Resolves to null when nobody is signed in (no redirect, no message).
export async function me(): Promise<Session | null> {
  try {
    const s = await request<Session>('GET', '/api/v1/auth/me', { silent: true })
    csrfToken = s.csrf_token
    return s
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) return null
    throw e
  }
}

// The signed-in person's own name or language (the language of their e-mails and notifications).
export function updateMe(patch: { display_name?: string; locale?: string; version: number }): Promise<User> {
  return request<User>('PATCH', '/api/v1/auth/me', { silent: true, json: patch })
}

// ---------- Generic record helpers ----------

function crud<T, In>(base: string) {
  return {
    list: (query: Query = {}) => request<Page<T>>('GET', base, { query }),
    all: (query: Query = {}) => listAll<T>(base, query),
    get: (id: number, eh: ErrorHandling = {}) => request<T>('GET', `${base}/${id}`, eh),
    create: (input: In, eh: ErrorHandling = {}) => request<T>('POST', base, { ...eh, json: input }),
    update: (id: number, patch: Partial<In> & { version: number }, eh: ErrorHandling = {}) =>
      request<T>('PATCH', `${base}/${id}`, { ...eh, json: patch }),
    remove: (id: number) => request<null>('DELETE', `${base}/${id}`),
  }
}

export const departments = crud<Department, DepartmentInput>('/api/v1/departments')
export const positions = crud<Position, PositionInput>('/api/v1/positions')
export const grades = crud<Grade, GradeInput>('/api/v1/grades')

export const employees = {
  ...crud<Employee, EmployeeInput>('/api/v1/employees'),
  // dry_run reports problems without writing. A commit with problems and skipInvalid=false is
  // refused by the server (422), which rejects with an ApiError whose body may hold the result.
  import: (csv: Blob, dryRun: boolean, skipInvalid: boolean, eh: ErrorHandling = {}) =>
    request<ImportResult>('POST', '/api/v1/employees/import', {
      ...eh,
      query: { dry_run: dryRun, skip_invalid: skipInvalid },
      raw: { body: csv, contentType: 'text/csv' },
    }),
}

export const users = {
  list: (query: Query = {}) => request<Page<User>>('GET', '/api/v1/users', { query }),
  create: (input: UserCreate, eh: ErrorHandling = {}) =>
    request<User>('POST', '/api/v1/users', { ...eh, json: input }),
  update: (id: number, patch: UserPatch, eh: ErrorHandling = {}) =>
    request<User>('PATCH', `/api/v1/users/${id}`, { ...eh, json: patch }),
  resetPassword: (id: number, password: string, eh: ErrorHandling = {}) =>
    request<null>('POST', `/api/v1/users/${id}/reset-password`, { ...eh, json: { password } }),
}

export const audit = {
  list: (query: Query = {}) => request<Page<AuditEntry>>('GET', '/api/v1/audit', { query }),
  verify: () => request<AuditVerify>('GET', '/api/v1/audit/verify'),
}

export type JobStatus = 'queued' | 'running' | 'failed' | 'dead' | 'done'
export interface Job {
  id: number
  kind: string
  status: JobStatus
  attempts: number
  max_attempts: number
  run_at: string
  last_error: string | null
  created_at: string
  finished_at: string | null
}
export interface JobPage extends Page<Job> {
  by_status: Partial<Record<JobStatus, number>>
}

export const jobs = {
  list: (query: Query = {}) => request<JobPage>('GET', '/api/v1/jobs', { query }),
  retry: (id: number) => request<null>('POST', `/api/v1/jobs/${id}/retry`),
}

export const notifications = {
  // Quiet: the header bell polls this and must not toast when the server is briefly away.
  list: (query: Query = {}, silent = false) =>
    request<NotificationPage>('GET', '/api/v1/notifications', { query, silent }),
  markRead: (id: number) => request<null>('POST', `/api/v1/notifications/${id}/read`),
}

export const settings = {
  company: () => request<CompanySettings>('GET', '/api/v1/settings/company'),
  saveCompany: (s: CompanySettings, eh: ErrorHandling = {}) =>
    request<CompanySettings>('PUT', '/api/v1/settings/company', { ...eh, json: s }),
}

// ---------- Recruiting (issue 3; server: src/http/routes_recruiting.cpp) ----------
// The server owns every rule (plan states, pipeline moves, screening); the browser shows what it
// answers: allowed_moves on each application, problem details on refusals.

export type RequisitionStatus = 'draft' | 'open' | 'on_hold' | 'filled' | 'cancelled'
export const kRequisitionStatuses: readonly RequisitionStatus[] = ['draft', 'open', 'on_hold', 'filled', 'cancelled']
// Targets of POST /requisitions/{id}/transition (a plan never goes back to draft).
export const kRequisitionTargets: readonly RequisitionStatus[] = ['open', 'on_hold', 'filled', 'cancelled']

export type EmploymentType = 'full_time' | 'part_time' | 'intern' | 'contract'
export const kEmploymentTypes: readonly EmploymentType[] = ['full_time', 'part_time', 'intern', 'contract']

// Pipeline stages in board order: the main flow, then the side stages.
export type Stage =
  | 'applied' | 'screened' | 'interview_invited' | 'interviewed' | 'second_round' | 'offer' | 'hired'
  | 'rejected' | 'on_hold' | 'withdrawn'
export const kStages: readonly Stage[] = [
  'applied', 'screened', 'interview_invited', 'interviewed', 'second_round', 'offer', 'hired',
  'rejected', 'on_hold', 'withdrawn',
]

export type EducationLevel = 'none' | 'high_school' | 'associate' | 'bachelor' | 'master' | 'doctorate'
export const kEducationLevels: readonly EducationLevel[] = ['none', 'high_school', 'associate', 'bachelor', 'master', 'doctorate']
export type LanguageLevel = 'beginner' | 'intermediate' | 'professional' | 'fluent' | 'native'
export const kLanguageLevels: readonly LanguageLevel[] = ['beginner', 'intermediate', 'professional', 'fluent', 'native']
export type Recommendation = 'advance' | 'review' | 'reject'

// A plan's screening requirements (recruit/screening.h). Terms may be sent as plain strings; the
// server answers with objects.
export interface RequiredTerm {
  term: string
  synonyms?: string[]
}
export interface RequiredLanguage {
  language: string
  level?: LanguageLevel
}
export interface ScreeningWeights {
  must_have: number
  nice_to_have: number
  experience: number
  education: number
  languages: number
}
export interface Requirements {
  must_have: (RequiredTerm | string)[]
  nice_to_have: (RequiredTerm | string)[]
  min_years_experience: number
  education_level: EducationLevel
  languages: RequiredLanguage[]
  weights: ScreeningWeights
  thresholds: { advance: number; reject: number }
  auto_reject_missing_must_have: boolean
  auto_reject_below_threshold: boolean
  auto_advance_at_threshold: boolean
}

// What a plan form sends: absent fields (and absent weights or thresholds) take the server's defaults.
export type RequirementsInput = Partial<Omit<Requirements, 'weights' | 'thresholds'>> & {
  weights?: Partial<ScreeningWeights>
  thresholds?: Partial<Requirements['thresholds']>
}

export interface Requisition {
  id: number
  title: string
  department_id: number
  department_name: string
  position_id: number | null
  headcount: number
  hired_count: number
  location: string
  employment_type: EmploymentType
  salary_min: string | null // yuan per month, two decimals
  salary_max: string | null
  deadline: string | null
  hiring_manager_id: number | null
  hiring_manager_name: string
  interviewer_ids: number[]
  description: string
  requirements: Requirements
  status: RequisitionStatus
  approved_by: number | null
  approved_at: string | null
  // Applications per pipeline stage (stages without any are absent) and their sum.
  application_counts?: Partial<Record<Stage, number>>
  applications_total?: number
  version: number
  created_at: string
  updated_at: string
  // What the caller may do (the server still checks every call).
  allowed_actions?: RequisitionActions
}
export interface RequisitionActions {
  edit: boolean
  approve: boolean
  transitions: RequisitionStatus[]
  rescreen: boolean
  manage_questions: boolean
  invite: boolean
  move_applications: boolean
}
// Staff who can be picked as a plan's hiring manager or interviewer (for HR and hiring managers).
export interface DirectoryUser {
  id: number
  display_name: string
  username: string
  role: Role
  department_id: number | null
  department_name: string | null
}
export const userDirectory = {
  list: (role?: 'admin' | 'hr' | 'hiring_manager' | 'interviewer', q?: string) => {
    const p = new URLSearchParams()
    if (role) p.set('role', role)
    if (q) p.set('q', q)
    const qs = p.toString()
    return request<{ items: DirectoryUser[] }>('GET', `/api/v1/user-directory${qs ? `?${qs}` : ''}`).then((r) => r.items)
  },
}
export interface RequisitionInput {
  title: string
  department_id: number | null
  position_id: number | null
  headcount: number
  location: string
  employment_type: EmploymentType
  salary_min: string | null
  salary_max: string | null
  deadline: string | null
  hiring_manager_id: number | null
  interviewer_ids: number[]
  description: string
  requirements: RequirementsInput
}

export interface Evidence {
  // A JSON Resume path ("skills[0].keywords[2]") or "text:12" (line of the resume text).
  where: string
  text: string
  matched: string
}
export interface Bilingual {
  en: string
  zh: string
}
export interface ScreeningItem {
  kind: 'must_have' | 'nice_to_have' | 'experience' | 'education' | 'language'
  requirement: string
  met: boolean
  points: number
  max_points: number
  evidence: Evidence[]
  explanation: Bilingual
}
export interface WhyNot {
  kind: ScreeningItem['kind']
  requirement: string
  met: boolean
  points_lost: number
  explanation: Bilingual
}
export interface Screening {
  version: string
  score: number
  decision: { recommendation: Recommendation; automatic: boolean; rule: string; reason: Bilingual }
  items: ScreeningItem[]
  why_not: WhyNot[]
  weights: ScreeningWeights
  facts: {
    years_experience: number
    education_level: EducationLevel
    languages: { language: string; level: LanguageLevel; evidence: Evidence }[]
  }
  // Set when the candidate had no parsed resume at screening time.
  warning?: string
}
export interface HistoryEvent {
  at: string
  actor: string
  kind: string
  from: Stage | null
  to: Stage | null
  reason: string
  rule: string | null
}

// An application as the plan's ranked list shows it.
export interface ApplicationSummary {
  id: number
  requisition_id: number
  requisition_title: string
  candidate_id: number
  candidate_name: string
  status: Stage
  source: string
  score: number | null
  recommendation: Recommendation | null
  screened_at: string | null
  allowed_moves: Stage[]
  rank?: number
  missing_must_haves?: string[]
  version: number
  created_at: string
  updated_at: string
}
// One application with its screening line items and status history.
export interface Application extends ApplicationSummary {
  screening: Screening | null
  history: HistoryEvent[]
  // The candidate's expected monthly salary (yuan); only for admin, HR and hiring managers.
  expected_monthly_salary?: string | null
}
export interface BulkTransitionResult {
  moved: number
  results: { id: number; ok: boolean; status?: Stage; code?: string; detail?: string }[]
}

// JSON Resume (jsonresume.org) as the server's parser fills it; every part may be missing.
export interface JsonResume {
  basics?: {
    name?: string
    label?: string
    email?: string
    phone?: string
    url?: string
    summary?: string
    location?: { city?: string; region?: string; countryCode?: string; address?: string }
    profiles?: { network?: string; username?: string; url?: string }[]
  }
  work?: { name?: string; position?: string; location?: string; startDate?: string; endDate?: string; summary?: string; highlights?: string[] }[]
  education?: { institution?: string; area?: string; studyType?: string; startDate?: string; endDate?: string; score?: string }[]
  skills?: { name?: string; level?: string; keywords?: string[] }[]
  languages?: { language?: string; fluency?: string }[]
  projects?: { name?: string; description?: string; startDate?: string; endDate?: string; url?: string; highlights?: string[]; keywords?: string[] }[]
  certificates?: { name?: string; issuer?: string; date?: string }[]
  meta?: { warnings?: string[]; source_format?: string; language?: string }
}

export interface Candidate {
  id: number
  name: string
  email: string | null // masked for interviewers
  phone: string | null
  source: string
  tags: string[]
  headline: string | null
  skills: string[]
  has_resume: boolean
  resume_error: string | null
  version: number
  created_at: string
  updated_at: string
}
export interface CandidateNote {
  id: number
  author: string
  body: string
  created_at: string
}
export interface CandidateApplication {
  id: number
  requisition_id: number
  requisition_title: string
  status: Stage
  score: number | null
  recommendation: Recommendation | null
  source: string
  created_at: string
}
export interface CandidateProfile extends Candidate {
  resume: JsonResume | null
  resume_filename: string | null
  consent_at: string | null
  consent_version: string | null
  applications: CandidateApplication[]
  notes: CandidateNote[]
  // Only in the answer to a merge: values that differed and were dropped.
  merge_conflicts?: { field: string; kept: string; dropped: string }[]
}
export interface CandidateInput {
  name: string
  email: string | null
  phone: string | null
  tags: string[]
  source?: string
  resume?: JsonResume
}
export interface CandidateErasure {
  erased: number
  files_removed: number
  applications_removed: number
  erased_at: string
}

// The careers page's view of an open plan (no weights or thresholds).
export interface Opening {
  id: number
  title: string
  department_name: string
  location: string
  employment_type: EmploymentType
  headcount: number
  deadline: string | null
  description: string
  salary_min: string | null
  salary_max: string | null
  must_have: string[]
  nice_to_have: string[]
  min_years_experience?: number | null
  education_level?: EducationLevel | null
}
export interface ResumeUpload {
  upload_token: string
  filename: string
  parsed: { name: string; email: string; phone: string } | null
  // Why the file could not be read (the application may still go ahead).
  problem: string | null
}
export interface ApplyInput {
  name: string
  email: string
  phone?: string
  // Optional expected monthly salary (yuan), used by offer pricing.
  expected_monthly_salary?: string
  upload_token?: string
  consent: boolean
  consent_version: string
  locale?: string
}
export interface ApplyResult {
  application_id: number
  status: string
}

// Uploads travel as the raw file with its name percent-encoded in X-Filename.
function upload(file: File): NonNullable<RequestOptions['raw']> {
  return { body: file, contentType: 'application/octet-stream' }
}
function filenameHeader(file: File): Record<string, string> {
  return { 'X-Filename': encodeURIComponent(file.name) }
}

export const requisitions = {
  list: (query: Query = {}) => request<Page<Requisition>>('GET', '/api/v1/requisitions', { query }),
  get: (id: number, eh: ErrorHandling = {}) => request<Requisition>('GET', `/api/v1/requisitions/${id}`, eh),
  create: (input: RequisitionInput, eh: ErrorHandling = {}) =>
    request<Requisition>('POST', '/api/v1/requisitions', { ...eh, json: input }),
  update: (id: number, patch: Partial<RequisitionInput> & { version: number }, eh: ErrorHandling = {}) =>
    request<Requisition>('PATCH', `/api/v1/requisitions/${id}`, { ...eh, json: patch }),
  // 409 transition_refused when the plan's state does not allow the move; 403 for the wrong role.
  transition: (id: number, body: { to: RequisitionStatus; reason?: string; version: number }, eh: ErrorHandling = {}) =>
    request<Requisition>('POST', `/api/v1/requisitions/${id}/transition`, { ...eh, json: body }),
  rescreen: (id: number) => request<{ rescreened: number }>('POST', `/api/v1/requisitions/${id}/rescreen`),
  // Ranked by screening score, highest first.
  applications: (id: number, query: Query = {}) =>
    request<Page<ApplicationSummary>>('GET', `/api/v1/requisitions/${id}/applications`, { query }),
  allApplications: (id: number, query: Query = {}) =>
    listAll<ApplicationSummary>(`/api/v1/requisitions/${id}/applications`, query),
}

export const candidates = {
  list: (query: Query = {}, eh: ErrorHandling = {}) => request<Page<Candidate>>('GET', '/api/v1/candidates', { ...eh, query }),
  get: (id: number, eh: ErrorHandling = {}) => request<CandidateProfile>('GET', `/api/v1/candidates/${id}`, eh),
  // 409 duplicate_candidate (field email or phone) when the email or phone is already known.
  create: (input: CandidateInput, eh: ErrorHandling = {}) =>
    request<CandidateProfile>('POST', '/api/v1/candidates', { ...eh, json: input }),
  update: (id: number, patch: Partial<CandidateInput> & { version: number }, eh: ErrorHandling = {}) =>
    request<CandidateProfile>('PATCH', `/api/v1/candidates/${id}`, { ...eh, json: patch }),
  addNote: (id: number, body: string, eh: ErrorHandling = {}) =>
    request<CandidateNote>('POST', `/api/v1/candidates/${id}/notes`, { ...eh, json: { body } }),
  // Moves other_id's applications and notes into `id` and deletes other_id.
  merge: (id: number, otherId: number, eh: ErrorHandling = {}) =>
    request<CandidateProfile>('POST', `/api/v1/candidates/${id}/merge`, { ...eh, json: { other_id: otherId } }),
  erase: (id: number, reason: string, eh: ErrorHandling = {}) =>
    request<CandidateErasure>('POST', `/api/v1/candidates/${id}/erase`, { ...eh, json: { reason } }),
  // The original file, served inline (same-origin, the session cookie authorises it).
  resumeUrl: (id: number) => `/api/v1/candidates/${id}/resume`,
  uploadResume: (id: number, file: File, eh: ErrorHandling = {}) =>
    request<CandidateProfile>('POST', `/api/v1/candidates/${id}/resume`, {
      ...eh,
      raw: upload(file),
      headers: filenameHeader(file),
    }),
}

export const applications = {
  create: (candidateId: number, requisitionId: number, eh: ErrorHandling = {}) =>
    request<Application>('POST', '/api/v1/applications', {
      ...eh,
      json: { candidate_id: candidateId, requisition_id: requisitionId },
    }),
  get: (id: number, eh: ErrorHandling = {}) => request<Application>('GET', `/api/v1/applications/${id}`, eh),
  // 409 transition_refused names the allowed moves; a reason is required (400, field reason).
  transition: (id: number, body: { to: Stage; reason: string; version?: number }, eh: ErrorHandling = {}) =>
    request<Application>('POST', `/api/v1/applications/${id}/transition`, { ...eh, json: body }),
  // Each id succeeds or fails on its own (see results).
  bulkTransition: (ids: number[], to: Stage, reason: string, eh: ErrorHandling = {}) =>
    request<BulkTransitionResult>('POST', '/api/v1/applications/bulk-transition', { ...eh, json: { ids, to, reason } }),
}

// The public careers page: no session needed.
export const careers = {
  list: () => request<{ items: Opening[] }>('GET', '/api/v1/careers'),
  get: (id: number, eh: ErrorHandling = {}) => request<Opening>('GET', `/api/v1/careers/${id}`, eh),
  uploadResume: (id: number, file: File, eh: ErrorHandling = {}) =>
    request<ResumeUpload>('POST', `/api/v1/careers/${id}/resume`, { ...eh, raw: upload(file), headers: filenameHeader(file) }),
  apply: (id: number, input: ApplyInput, eh: ErrorHandling = {}) =>
    request<ApplyResult>('POST', `/api/v1/careers/${id}/apply`, { ...eh, json: input }),
}

// ---------- AI interviews (issue 4; server: src/http/routes_interview.cpp, docs/ai-interview.md) ----------
// Staff manage questions and settings, invite, and review; the candidate reaches the interview
// through a secret link token (public routes). Scores, thresholds and moves are the server's.

export interface InterviewSettings {
  notice_version: string
  notice_text: string
  alternative_process: string
  retention_days: number
  humans_decide: boolean
  link_valid_days: number
  advance_threshold: number
  reject_threshold: number
  auto_advance: boolean
  version: number
  updated_at?: string
}

export interface StarterBank {
  name: string
  title: string
  language: 'en' | 'zh'
  questions: number
}

export interface InterviewKeyPoint {
  text: string
  weight: number
  synonyms: string[]
}
// 'probe': a personalised question drawn from the candidate's resume (one interview only).
export type QuestionKind = 'core' | 'practice' | 'probe'
export interface InterviewQuestion {
  id: number
  requisition_id: number
  position: number
  kind: QuestionKind
  text: string
  language: 'en' | 'zh'
  think_seconds: number
  answer_seconds: number
  rerecords: number
  competency: string
  model_answer: string
  key_points: InterviewKeyPoint[]
  weight: number
  version: number
  created_at: string
  updated_at: string
}
// What the question form sends (absent fields take the server's defaults on create).
export type InterviewQuestionInput = Partial<Omit<InterviewQuestion, 'id' | 'requisition_id' | 'position' | 'created_at' | 'updated_at'>>

export type EmailStatus = 'queued' | 'sent' | 'not_configured' | 'no_email'
export interface InterviewInvitation {
  interview_id: number
  application_id: number
  // The candidate's link: returned only here (the server keeps a hash).
  link: string
  deadline: string
  language: 'en' | 'zh'
  email_status: EmailStatus
}

// Rubric scoring of one answer (interview/scoring.h): 100 + sum(deductions.points) == score.
export interface KeyPointScore {
  text: string
  covered: boolean
  evidence: string // verbatim span of the transcript; empty when nothing matched
  weight: number
  similarity: number
}
export interface SubScore {
  name: string // content | structure | relevance
  score: number
  weight: number
  explanation: string
}
export interface AnswerScoring {
  score: number
  key_points: KeyPointScore[]
  deductions: { reason: string; points: number }[]
  sub_scores: SubScore[]
  language: string
  version: string
  // Speech measurements shown to reviewers; never part of the score.
  delivery?: Record<string, number | string | null>
  delivery_note?: string
}
export interface AnswerRating {
  reviewer: string
  rating: number
  override_score: number | null
  reason: string
  created_at: string
}
export type AnswerStatus = 'uploading' | 'writing' | 'uploaded' | 'analyzed' | 'scored' | 'failed'
export interface InterviewAnswer {
  id: number
  question_id: number
  question: string
  kind: QuestionKind
  attempt: number
  mode: 'video' | 'text'
  status: AnswerStatus
  is_final: boolean
  has_recording: boolean
  text_answer: string | null
  transcript: string | null
  analysis: Record<string, unknown> | null
  score: number | null
  scoring: AnswerScoring | null
  error: string | null
  ratings: AnswerRating[]
  competency?: string
  weight?: number
  // Probes only: the resume line that triggered the question; scored apart from the total.
  probe_kind?: string
  because?: string
  because_source?: string
  scored_separately?: boolean
}
export type InterviewStatus = 'invited' | 'opened' | 'in_progress' | 'declined' | 'completed' | 'scored'
export interface InterviewResult {
  total: number
  per_question: { question_id: number; score: number; weight: number; failed: boolean }[]
  competencies: Record<string, number>
  recommendation: Recommendation
  thresholds: { advance: number; reject: number }
  humans_decide: boolean
}
export interface Interview {
  id: number
  application_id: number
  status: InterviewStatus
  language: 'en' | 'zh'
  deadline: string
  invited_at: string
  email_status: EmailStatus
  opened_at: string | null
  consent_at: string | null
  consent_version: string | null
  declined_at: string | null
  completed_at: string | null
  scored_at: string | null
  total_score: number | null
  recommendation: Recommendation | null
  result: InterviewResult | null
  human_review_requested_at: string | null
  human_review_reason: string | null
  answers: InterviewAnswer[]
  human_review_status?: 'open' | 'resolved' | null
  human_review_outcome?: 'upheld' | 'revised' | null
  human_review_resolution?: string | null
  human_review_resolved_at?: string | null
  human_review_resolved_by?: string | null
  version?: number
  notices?: OutcomeNotice[]
  probes?: InterviewProbe[]
}
// A message to the candidate about the outcome (automatic or a person's) or a human-review answer.
export interface OutcomeNotice {
  id: number
  kind: 'outcome' | 'review_resolution'
  outcome: 'advanced' | 'in_review' | 'rejected' | 'upheld' | 'revised'
  status: 'pending' | 'queued' | 'sent' | 'no_channel'
  channels: ('email' | 'sms')[]
  created_at: string
  sent_at: string | null
}
export interface InterviewProbe {
  question_id: number
  text: string
  kind: string
  because: string
  because_source: string
  scored: boolean
}
export interface SecondRoundItem {
  kind: 'missed_key_point' | 'short_answer'
  from_question_id: number
  from_question: string
  key_point?: string
  text: string
  reason: string
}
export interface HumanReviewRequest {
  interview_id: number
  application_id: number
  requisition_id: number
  requisition_title: string
  candidate_name: string
  application_status: Stage
  total_score: number | null
  recommendation: Recommendation | null
  requested_at: string | null
  reason: string | null
  status: 'open' | 'resolved'
  outcome: 'upheld' | 'revised' | null
  resolution: string | null
  resolved_at: string | null
  resolved_by: string | null
}
export interface AgreementSummary {
  n: number
  pearson: number | null
  spearman: number | null
  mean_abs_diff: number | null
  mean_diff: number | null
}
export interface PlanAgreement extends AgreementSummary {
  requisition_id: number
  by_reviewer: (AgreementSummary & { reviewer: string })[]
  pairs: { answer_id: number; application_id: number; question: string; reviewer: string; automatic: number; human: number }[]
  note: string
}
export interface RatingInput {
  rating: number
  override_score?: number
  reason: string
}

export const interviews = {
  settings: () => request<InterviewSettings>('GET', '/api/v1/interview-settings'),
  // 422 field notice_version when the notice text changed without a new version.
  saveSettings: (s: InterviewSettings, eh: ErrorHandling = {}) =>
    request<InterviewSettings>('PUT', '/api/v1/interview-settings', { ...eh, json: s }),
  banks: () => request<{ items: StarterBank[] }>('GET', '/api/v1/interview-banks').then((r) => r.items),
  questions: (requisitionId: number) =>
    request<{ items: InterviewQuestion[] }>('GET', `/api/v1/requisitions/${requisitionId}/questions`).then((r) => r.items),
  createQuestion: (requisitionId: number, input: InterviewQuestionInput, eh: ErrorHandling = {}) =>
    request<InterviewQuestion>('POST', `/api/v1/requisitions/${requisitionId}/questions`, { ...eh, json: input }),
  addBank: (requisitionId: number, bank: string) =>
    request<{ items: InterviewQuestion[] }>('POST', `/api/v1/requisitions/${requisitionId}/questions/from-bank`, { json: { bank } }),
  updateQuestion: (id: number, patch: InterviewQuestionInput & { version: number }, eh: ErrorHandling = {}) =>
    request<InterviewQuestion>('PATCH', `/api/v1/interview-questions/${id}`, { ...eh, json: patch }),
  // 409 in_use once a candidate has answered it.
  removeQuestion: (id: number) => request<null>('DELETE', `/api/v1/interview-questions/${id}`),
  // 409 no_questions (the plan has none), transition_refused (not screened), interview_started.
  invite: (applicationId: number, body: { deadline_days?: number; language?: 'en' | 'zh' }, eh: ErrorHandling = {}) =>
    request<InterviewInvitation>('POST', `/api/v1/applications/${applicationId}/interview`, { ...eh, json: body }),
  // 404 not_found while the application has no interview.
  get: (applicationId: number, eh: ErrorHandling = {}) =>
    request<Interview>('GET', `/api/v1/applications/${applicationId}/interview`, eh),
  // The recorded answer, served to reviewers of the plan (same-origin: the session cookie authorises it).
  recordingUrl: (answerId: number) => `/api/v1/interview-answers/${answerId}/recording`,
  // 403 when an interviewer sends override_score.
  rate: (answerId: number, input: RatingInput, eh: ErrorHandling = {}) =>
    request<AnswerRating & { answer_id: number }>('POST', `/api/v1/interview-answers/${answerId}/ratings`, { ...eh, json: input }),
}

// Human-review requests, second-round questions and rating agreement (recint: recruiting issue 3 and AI interview issue 4).
export const interviewReviews = {
  list: (status: 'open' | 'resolved' | 'all' = 'open', limit = 100, offset = 0) =>
    request<Page<HumanReviewRequest>>('GET', `/api/v1/interview-reviews?status=${status}&limit=${limit}&offset=${offset}`),
  // 409 review_resolved / no_review_request; 422 field outcome, reason or to.
  resolve: (applicationId: number, body: { outcome: 'upheld' | 'revised'; reason: string; to?: Stage }, eh: ErrorHandling = {}) =>
    request<{ status: string; outcome: string; application_status: Stage }>('POST', `/api/v1/applications/${applicationId}/interview/human-review`, { ...eh, json: body }),
  // 409 not_scored until the first round is scored.
  secondRound: (applicationId: number, eh: ErrorHandling = {}) =>
    request<{ items: SecondRoundItem[] }>('GET', `/api/v1/applications/${applicationId}/interview/second-round`, eh).then((r) => r.items),
  agreement: (requisitionId: number) => request<PlanAgreement>('GET', `/api/v1/requisitions/${requisitionId}/interview-agreement`),
}

// Bulk candidate import (POST /api/v1/candidates/import): CSV, XLSX, a ZIP of resumes or JSON Resume.
export interface CandidateImportReport {
  dry_run: boolean
  format: string
  total_rows: number
  valid_rows: number
  imported: number
  applications_created: number
  duplicates: { row: number; label: string; duplicate_of_row?: number; existing_candidate_id?: number }[]
  problems: { row: number; label: string; field: string; problem: string }[]
  refused: boolean
}
export const candidateImport = {
  // A refused commit (problems without skip_invalid) is 422 import_invalid carrying the same report.
  run: (file: File, opts: { dryRun: boolean; skipInvalid: boolean; requisitionId?: number | null }, eh: ErrorHandling = {}) =>
    request<CandidateImportReport>('POST', '/api/v1/candidates/import', {
      ...eh,
      query: {
        dry_run: opts.dryRun,
        skip_invalid: opts.skipInvalid,
        ...(opts.requisitionId ? { requisition_id: opts.requisitionId } : {}),
      },
      raw: { body: file, contentType: 'application/octet-stream' },
    }),
}

// ---- The candidate's side: the link token is the key (no session) ----

export interface LinkAttempt {
  answer_id: number
  attempt: number
  mode: 'video' | 'text'
  status: AnswerStatus
  is_final: boolean
  received: number
}
export interface LinkQuestion {
  id: number
  kind: QuestionKind
  text: string
  think_seconds: number
  answer_seconds: number
  attempts_allowed: number
  scored: boolean
  // Not needed to complete the interview (the practice question, an unscored probe).
  optional?: boolean
  // A probe's reason: the resume line it was drawn from.
  because?: string
  attempts: LinkAttempt[]
}
export interface InterviewNotice {
  version: string
  text: string
  retention_days: number
  humans_decide: boolean
}
export interface OpenedInterview {
  status: InterviewStatus
  language: 'en' | 'zh'
  deadline: string
  position: string
  candidate_name: string
  notice: InterviewNotice
  consented: boolean
  // Present once the candidate declined.
  alternative_process?: string
  // Empty until the notice is accepted; the practice question comes first.
  questions: LinkQuestion[]
}
export interface ConsentResult {
  consented: boolean
  consent_at?: string
  declined_at?: string
  alternative_process?: string
}
export interface StartedAnswer {
  answer_id: number
  attempt: number
  attempts_allowed: number
  mode: 'video' | 'text'
}
export interface UploadState {
  answer_id: number
  received: number
  status: AnswerStatus
  mode: 'video' | 'text'
}

export interface CaptureAdvice {
  frames: number
  face_share: number
  flags: string[]
}

const linkBase = (token: string) => `/api/v1/interview-links/${encodeURIComponent(token)}`

export const interviewLink = {
  // 404 for an unknown or replaced link; 409 link_expired after the deadline.
  open: (token: string, eh: ErrorHandling = {}) => request<OpenedInterview>('GET', linkBase(token), eh),
  // 422 field notice_version when the notice changed meanwhile.
  consent: (token: string, accept: boolean, noticeVersion: string, eh: ErrorHandling = {}) =>
    request<ConsentResult>('POST', `${linkBase(token)}/consent`, { ...eh, json: { accept, notice_version: noticeVersion } }),
  // 409 rerecord_limit beyond the question's attempts.
  start: (token: string, questionId: number, mode: 'video' | 'text', eh: ErrorHandling = {}) =>
    request<StartedAnswer>('POST', `${linkBase(token)}/questions/${questionId}/answers`, { ...eh, json: { mode } }),
  // Appends bytes at `offset` (≤ 8 MB); a chunk already received is acknowledged again; a gap is
  // 409 offset_mismatch (read the offset again with status()).
  putChunk: (token: string, answerId: number, offset: number, chunk: Blob, eh: ErrorHandling = {}) =>
    request<{ received: number; duplicate?: boolean }>('PUT', `${linkBase(token)}/answers/${answerId}/chunks`, {
      ...eh,
      query: { offset },
      raw: { body: chunk, contentType: 'application/octet-stream' },
    }),
  status: (token: string, answerId: number, eh: ErrorHandling = {}) =>
    request<UploadState>('GET', `${linkBase(token)}/answers/${answerId}`, eh),
  // 409 upload_incomplete while bytes are missing.
  finish: (token: string, answerId: number, size: number, contentType: string, eh: ErrorHandling = {}) =>
    request<{ answer_id: number; status: AnswerStatus; received: number }>('POST', `${linkBase(token)}/answers/${answerId}/finish`, {
      ...eh,
      json: { size, content_type: contentType },
    }),
  text: (token: string, answerId: number, text: string, eh: ErrorHandling = {}) =>
    request<{ answer_id: number; status: AnswerStatus }>('POST', `${linkBase(token)}/answers/${answerId}/text`, { ...eh, json: { text } }),
  // 409 answers_missing while a core question has no finished answer.
  complete: (token: string, eh: ErrorHandling = {}) =>
    request<{ status: InterviewStatus; completed_at?: string }>('POST', `${linkBase(token)}/complete`, eh),
  // Capture advice (face, framing, lighting) on a short test clip; nothing is stored or scored.
  deviceCheck: (token: string, clip: Blob, eh: ErrorHandling = {}) =>
    request<CaptureAdvice>('POST', `${linkBase(token)}/device-check`, {
      ...eh,
      raw: { body: clip, contentType: 'application/octet-stream' },
    }),
  humanReview: (token: string, reason: string, eh: ErrorHandling = {}) =>
    request<{ human_review_requested_at: string }>('POST', `${linkBase(token)}/human-review`, { ...eh, json: { reason } }),
}

// ---------- Payroll (its calls and types live in components/payroll/payrollApi.ts) ----------
export { request as payrollRequest }
// ---------- Lifecycle (components/lifecycle/lifecycleApi.ts) ----------
export { request as lifecycleRequest }
export { request as analyticsRequest }
// ---------- Hiring (components/hiring/hiringApi.ts) ----------
export { request as hiringRequest }
