// Hiring calls (decisions, approvals, offers, candidate offer link, background checks, onboarding,
// new hire's link, labour-law alerts) over the one transport in api.ts. Money: decimal yuan strings.
import { hiringRequest as request, type ErrorHandling, type Page, type Query } from '../../api'

export type Money = string

export interface Approval {
  id: number
  step: number
  role: 'hr' | 'admin'
  why: string
  status: 'pending' | 'approved' | 'rejected' | 'cancelled'
  decided_by: number | null
  decided_by_name?: string | null
  decided_at: string | null
  comment: string
}
export interface Decision {
  id: number
  decision: 'hire' | 'reject' | 'hold'
  reason: string
  status: string
  decided_by: number | null
  decided_by_name: string | null
  decided_at: string
  approvals: Approval[]
}
export interface DecisionView {
  application_id: number
  application_status: string
  candidate_id: number
  candidate_name: string
  requisition_id: number
  requisition_title: string
  department_name: string
  salary_min: Money | null
  salary_max: Money | null
  expected_monthly_salary?: Money | null
  decisions: Decision[]
  offer: { id: number; status: string; current_version: number } | null
}
export interface PendingApproval {
  id: number
  subject_type: 'decision' | 'offer_version'
  subject_id: number
  step: number
  role: string
  why: string
  application_id?: number
  offer_id?: number
  candidate_name?: string
  reason?: string
  monthly_salary?: Money
  band_status?: string
}
export interface OfferTerms {
  template_id?: number
  language?: 'zh-CN' | 'en'
  position?: string
  start_date?: string
  probation_months?: number
  monthly_salary?: Money | number
  probation_salary?: Money | number
  bonus?: string
  benefits?: string
  work_location?: string
  city?: string
  expires_on?: string
  contract_type?: 'fixed' | 'open_ended' | 'task'
  contract_term_months?: number
  grade_id?: number | null
  manager_id?: number | null
  note?: string
}
export interface OfferVersion {
  id: number
  version_no: number
  kind: 'initial' | 'revision' | 'counter'
  status: string
  language: string
  terms: OfferTerms & { monthly_salary: Money; probation_salary: Money }
  band_status: string
  expires_on: string
  subject: string
  body_text: string
  note: string
  created_at: string
  approvals: Approval[]
}
// A labour-law alert on an offer (unlawful probation): the offer is saved but cannot be sent.
export interface OfferAlert {
  id: number
  kind: string
  severity: 'warning' | 'critical'
  message: string
  params?: Record<string, string | number | boolean | null> | null  // alert.<kind> (components/i18n/serverText.ts)
  field: string
  raised_on: string
}
export interface Offer {
  alerts?: OfferAlert[]
  id: number
  application_id: number
  requisition_id: number
  requisition_title: string
  candidate_name: string
  candidate_email: string
  salary_min: Money | null
  salary_max: Money | null
  status: string
  current_version: number
  sent_at: string | null
  responded_at: string | null
  response_reason: string | null
  counter_salary: Money | null
  email_status: string | null
  html: string
  versions: OfferVersion[]
  background_check: { id: number; status: string } | null
  onboarding: { id: number; status: string; employee_id: number | null } | null
  version: number
  link?: string
}
export interface OfferRow {
  id: number
  application_id: number
  status: string
  current_version: number
  candidate_name: string
  requisition_title: string
  monthly_salary: Money
  band_status: string
  expires_on: string
  sent_at: string | null
}
export interface CandidateOffer {
  status: string
  candidate_name: string
  language: string
  subject: string
  body_text: string
  terms: OfferTerms & { monthly_salary: Money; probation_salary: Money }
  expires_on: string
  version_no: number
  can_respond: boolean
  background_check: { status: string; consented: boolean } | null
}
export interface CheckItem {
  id: number
  kind: 'identity' | 'education' | 'employment' | 'criminal'
  status: string
  result_note: string
  evidence: { key: string; filename: string; added_at: string }[]
  provider_ref: string | null
  version: number
}
export interface BackgroundCheck {
  id: number
  offer_id: number
  application_id: number
  candidate_name: string
  requisition_title: string
  status: string
  consent_at: string | null
  provider: string
  decision: string | null
  decision_reason: string | null
  items: CheckItem[]
  version: number
}
export interface OnboardingTask {
  id: number
  onboarding_id: number
  code: string
  title: string
  category: string
  owner_role: string
  owner_user_id: number | null
  owner_name?: string | null
  candidate_name?: string
  due_date: string
  required: boolean
  status: 'open' | 'done'
  late: boolean
  done_at: string | null
  note: string
  version: number
}
export interface OnboardingRow {
  id: number
  status: string
  start_date: string
  employee_id: number | null
  candidate_name: string
  requisition_title: string
  form_submitted: boolean
  tasks_total: number
  tasks_done: number
  tasks_late: number
}
export interface Contract {
  id: number
  contract_type: string
  term_months: number | null
  start_date: string
  end_date: string | null
  probation_months: number
  probation_end: string | null
  monthly_salary: Money
  probation_salary: Money
  status: 'draft' | 'signed'
  signed_at: string | null
  signature: { provider: string; full_name: string; signed_at: string; document_sha256: string } | null
  body_text: string
  employee_id?: number | null
}
export interface Onboarding {
  id: number
  offer_id: number
  application_id: number
  status: string
  start_date: string
  candidate_name: string
  candidate_email: string | null
  requisition_title: string
  form: Record<string, unknown> | null
  form_submitted_at: string | null
  employee_id: number | null
  tasks: OnboardingTask[]
  contract: Contract | null
  version: number
}
export interface NewHireView {
  status: string
  name: string
  email: string | null
  phone: string | null
  position: string
  department: string
  start_date: string
  language: string
  form: Record<string, unknown>
  form_submitted_at: string | null
  tasks: OnboardingTask[]
  contract_status: 'draft' | 'signed' | null
}
export interface NewHireForm {
  id_number: string
  bank_name: string
  bank_account: string
  emergency_contact: { name: string; phone: string; relation: string }
  education: { school: string; degree: string; graduated: string }[]
  address?: string
}
export interface Alert {
  id: number
  kind: string
  severity: 'warning' | 'critical'
  subject_type: string
  subject_id: number
  message: string
  params?: Record<string, string | number | boolean | null> | null  // alert.<kind> (components/i18n/serverText.ts)
  exposure: Money | null
  due_on: string | null
  status: string
  raised_on: string
  employee_id?: number | null
  employee_name?: string | null
}
export interface TemplateBody {
  name: string
  language: 'zh-CN' | 'en'
  subject: string
  body: string
}
export interface OfferTemplate extends TemplateBody {
  id: number
  version: number
  created_at: string
  updated_at: string
}
// An employee's labour contract (one row per term; a renewal links to the previous one).
export interface LabourContract {
  id: number
  employee_id: number | null
  employee_name: string | null
  previous_contract_id: number | null
  contract_type: 'fixed' | 'open_ended' | 'task'
  term_months: number | null
  start_date: string
  end_date: string | null
  probation_months: number
  monthly_salary: Money
  fixed_term_sequence: number
  status: 'draft' | 'signed' | 'renewed'
  signed_at: string | null
  body_text: string
  version: number
}
export interface RenewBody {
  contract_type: 'fixed' | 'open_ended'
  term_months?: number
  start_date?: string
  monthly_salary?: Money
  note?: string
  version: number
}
export interface PolicyTask {
  code: string
  title: string
  category?: string
  owner_role: 'candidate' | 'hr' | 'admin' | 'hiring_manager'
  due_offset_days: number
  required?: boolean
}
export interface HiringPolicy {
  decision_steps: { role: 'hr' | 'admin' }[]
  offer_steps: { role: 'hr' | 'admin' }[]
  above_midpoint_steps: { role: 'hr' | 'admin' }[]
  out_of_band_steps: { role: 'hr' | 'admin' }[]
  offer_valid_days: number
  background_check: { required: boolean; items: string[] }
  onboarding_tasks: PolicyTask[]
  version: number
}
export interface PayPreview {
  gross_pay?: Money
  net_pay?: Money
  income_tax?: Money
  employee_contributions?: Money
  [k: string]: unknown
}

// An existing contract signed on paper, recorded for an employee hired outside onboarding.
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
// The report of POST /labour-contracts/import (a refused commit is 422 import_invalid carrying it in `report`).
export interface ContractImportReport {
  dry_run: boolean
  total_rows: number
  valid_rows: number
  imported: number
  refused: boolean
  problems: { row: number; field: string; problem: string }[]
}

const offerLink = (t: string) => `/api/v1/offer-links/${encodeURIComponent(t)}`
const formLink = (t: string) => `/api/v1/onboarding-links/${encodeURIComponent(t)}`

export const hiring = {
  settings: () => request<HiringPolicy>('GET', '/api/v1/hiring/settings'),
  saveSettings: (p: HiringPolicy, eh: ErrorHandling = {}) => request<HiringPolicy>('PUT', '/api/v1/hiring/settings', { ...eh, json: p }),
  decision: (appId: number, eh: ErrorHandling = {}) => request<DecisionView>('GET', `/api/v1/applications/${appId}/decision`, eh),
  decide: (appId: number, body: { decision: string; reason: string }, eh: ErrorHandling = {}) =>
    request<DecisionView>('POST', `/api/v1/applications/${appId}/decision`, { ...eh, json: body }),
  approvals: () => request<{ items: PendingApproval[] }>('GET', '/api/v1/hiring-approvals').then((r) => r.items),
  act: (id: number, approve: boolean, comment: string, eh: ErrorHandling = {}) =>
    request<unknown>('POST', `/api/v1/hiring-approvals/${id}`, { ...eh, json: { approve, comment } }),
  templateList: () => request<{ items: OfferTemplate[]; variables: string[] }>('GET', '/api/v1/offer-templates'),
  createTemplate: (body: TemplateBody, eh: ErrorHandling = {}) => request<OfferTemplate>('POST', '/api/v1/offer-templates', { ...eh, json: body }),
  updateTemplate: (id: number, body: TemplateBody & { version: number }, eh: ErrorHandling = {}) =>
    request<OfferTemplate>('PATCH', `/api/v1/offer-templates/${id}`, { ...eh, json: body }),
  templates: () => request<{ items: { id: number; name: string; language: string }[] }>('GET', '/api/v1/offer-templates').then((r) => r.items),
  createOffer: (appId: number, terms: OfferTerms, eh: ErrorHandling = {}) =>
    request<Offer>('POST', `/api/v1/applications/${appId}/offer`, { ...eh, json: terms }),
  offers: (query: Query = {}) => request<Page<OfferRow>>('GET', '/api/v1/offers', { query }),
  offer: (id: number, eh: ErrorHandling = {}) => request<Offer>('GET', `/api/v1/offers/${id}`, eh),
  revise: (id: number, body: OfferTerms & { version: number; kind?: 'revision' | 'counter' }, eh: ErrorHandling = {}) =>
    request<Offer>('POST', `/api/v1/offers/${id}/revise`, { ...eh, json: body }),
  send: (id: number, eh: ErrorHandling = {}) => request<Offer>('POST', `/api/v1/offers/${id}/send`, eh),
  pdfUrl: (id: number) => `/api/v1/offers/${id}/pdf`,
  preview: (body: { monthly_salary: Money | number; city: string }) =>
    request<PayPreview>('POST', '/api/v1/payroll/preview', { json: body, silent: true }),
  // The salary suggestion of the payroll module, when that endpoint exists (null otherwise).
  suggestion: async (applicationId: number): Promise<Record<string, unknown> | null> => {
    try {
      return await request<Record<string, unknown>>('POST', '/api/v1/payroll/offer-pricing', { json: { application_id: applicationId }, silent: true })
    } catch {
      return null
    }
  },

  checks: (query: Query = {}) => request<Page<BackgroundCheck>>('GET', '/api/v1/background-checks', { query }),
  updateItem: (id: number, body: { status: string; result_note?: string; version: number }, eh: ErrorHandling = {}) =>
    request<BackgroundCheck>('PATCH', `/api/v1/background-check-items/${id}`, { ...eh, json: body }),
  addEvidence: (id: number, file: File) =>
    request<BackgroundCheck>('POST', `/api/v1/background-check-items/${id}/evidence`, {
      raw: { body: file, contentType: 'application/octet-stream' },
      headers: { 'X-Filename': encodeURIComponent(file.name) },
    }),
  decideCheck: (id: number, body: { decision: 'proceed' | 'withdraw'; reason: string }, eh: ErrorHandling = {}) =>
    request<BackgroundCheck>('POST', `/api/v1/background-checks/${id}/decision`, { ...eh, json: body }),
  toProvider: (id: number) => request<BackgroundCheck>('POST', `/api/v1/background-checks/${id}/provider`),

  onboardings: (query: Query = {}) => request<Page<OnboardingRow>>('GET', '/api/v1/onboardings', { query }),
  onboarding: (id: number) => request<Onboarding>('GET', `/api/v1/onboardings/${id}`),
  issueLink: (id: number) => request<{ id: number; link: string }>('POST', `/api/v1/onboardings/${id}/link`),
  tasks: (query: Query = {}) => request<Page<OnboardingTask>>('GET', '/api/v1/onboarding-tasks', { query }),
  completeTask: (id: number, version: number, note = '', eh: ErrorHandling = {}) =>
    request<Onboarding>('POST', `/api/v1/onboarding-tasks/${id}/complete`, { ...eh, json: { version, note } }),
  alerts: (query: Query = {}) => request<Page<Alert>>('GET', '/api/v1/hiring-alerts', { query }),
  scan: () => request<{ raised: number; resolved: number }>('POST', '/api/v1/hiring-alerts/scan'),
  setExpectedSalary: (appId: number, expected: Money | null, eh: ErrorHandling = {}) =>
    request<{ application_id: number; expected_monthly_salary: Money | null }>('PUT', `/api/v1/applications/${appId}/expected-salary`, {
      ...eh,
      json: { expected_monthly_salary: expected },
    }),
  contracts: (query: Query = {}) => request<Page<LabourContract>>('GET', '/api/v1/labour-contracts', { query }),
  renewContract: (id: number, body: RenewBody, eh: ErrorHandling = {}) =>
    request<LabourContract>('POST', `/api/v1/labour-contracts/${id}/renew`, { ...eh, json: body }),
  recordContract: (body: RecordContractBody, eh: ErrorHandling = {}) =>
    request<LabourContract>('POST', '/api/v1/labour-contracts', { ...eh, json: body }),
  importContracts: (csv: Blob, dryRun: boolean, skipInvalid: boolean, eh: ErrorHandling = {}) =>
    request<ContractImportReport>('POST', '/api/v1/labour-contracts/import', {
      ...eh,
      query: { dry_run: dryRun, skip_invalid: skipInvalid },
      raw: { body: csv, contentType: 'text/csv' },
    }),
}

// The candidate's and the new hire's pages (no sign-in: the token is the key).
export const offerLinkApi = {
  open: (t: string, eh: ErrorHandling = {}) => request<CandidateOffer>('GET', offerLink(t), eh),
  pdfUrl: (t: string) => `${offerLink(t)}/pdf`,
  accept: (t: string, consent: boolean, eh: ErrorHandling = {}) =>
    request<CandidateOffer>('POST', `${offerLink(t)}/accept`, { ...eh, json: { background_check_consent: consent } }),
  decline: (t: string, reason: string, eh: ErrorHandling = {}) =>
    request<CandidateOffer>('POST', `${offerLink(t)}/decline`, { ...eh, json: { reason } }),
  counter: (t: string, reason: string, monthly_salary: string, eh: ErrorHandling = {}) =>
    request<CandidateOffer>('POST', `${offerLink(t)}/counter`, { ...eh, json: { reason, monthly_salary } }),
  consent: (t: string, eh: ErrorHandling = {}) => request<CandidateOffer>('POST', `${offerLink(t)}/consent`, { ...eh, json: { consent: true } }),
}

export const newHireApi = {
  open: (t: string, eh: ErrorHandling = {}) => request<NewHireView>('GET', formLink(t), eh),
  submit: (t: string, form: NewHireForm, eh: ErrorHandling = {}) => request<NewHireView>('PUT', `${formLink(t)}/form`, { ...eh, json: form }),
  contract: (t: string) => request<Contract>('GET', `${formLink(t)}/contract`),
  sign: (t: string, full_name: string, eh: ErrorHandling = {}) =>
    request<Contract>('POST', `${formLink(t)}/contract/sign`, { ...eh, json: { full_name, agree: true } }),
}
