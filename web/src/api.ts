// The one typed client for the HireFlow HTTP API (docs/api.md). Every page talks to the server
// through the functions here, so CSRF, error parsing and the 401 redirect live in one place.
//
// Errors: every failed call rejects with ApiError (RFC 9457 problem+json parsed into
// {status, code, detail, field}). The detail is also shown once in an ElMessage, unless the caller
// handles it itself: codes listed in `quietCodes` (e.g. 409 version_conflict), or a problem whose
// `field` is one of the `formFields` the calling form shows inline. A 401 additionally calls the handler set with
// onUnauthenticated (the router sends the person to /login).

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
  // Input fields the calling form shows errors beside: no ElMessage for problems naming them.
  formFields?: readonly string[]
  // No message at all, and no redirect on 401 (used by the session probe and background polls).
  silent?: boolean
}

interface RequestOptions extends ErrorHandling {
  query?: Query
  json?: unknown
  // A raw body (e.g. a CSV file) with its content type.
  raw?: { body: BodyInit; contentType: string }
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

function report(err: ApiError, opts: RequestOptions): void {
  if (opts.silent || opts.quietCodes?.includes(err.code)) return
  if (err.field && opts.formFields?.includes(err.field)) return
  const t = i18n.global.t
  const message = err.detail || t('errors.generic', { status: err.status })
  ElMessage({ type: 'error', message, grouping: true, showClose: true })
}

async function request<T>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' }
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
  import: (csv: Blob, dryRun: boolean, skipInvalid: boolean) =>
    request<ImportResult>('POST', '/api/v1/employees/import', {
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
