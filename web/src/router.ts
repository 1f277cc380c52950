// Routes, and which roles each page is offered to. The server enforces access on every call; the
// roles here only keep people away from pages whose calls would all be refused.
import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router'
import type { Role } from './api'
import { loadSession, session } from './session'

declare module 'vue-router' {
  interface RouteMeta {
    // Roles offered this page; absent means every signed-in person.
    roles?: Role[]
    // Pages outside the signed-in layout (login, the careers site): no session needed.
    public?: boolean
    // i18n key of the page title.
    title?: string
    // Public pages: i18n key of the section named in the header (default careers.title).
    section?: string
  }
}

const kOrgRoles: Role[] = ['admin', 'hr']
const kStaffRoles: Role[] = ['admin', 'hr', 'hiring_manager', 'interviewer']

// The side navigation, in order. `testid` is the stable hook for end-to-end tests (nav-<name>).
export interface NavItem {
  name: string
  path: string
  title: string
  icon: string
  roles?: Role[]
}
export const kNav: NavItem[] = [
  { name: 'departments', path: '/departments', title: 'nav.departments', icon: 'OfficeBuilding', roles: kOrgRoles },
  { name: 'positions', path: '/positions', title: 'nav.positions', icon: 'Suitcase', roles: kOrgRoles },
  { name: 'grades', path: '/grades', title: 'nav.grades', icon: 'Histogram', roles: kOrgRoles },
  { name: 'employees', path: '/employees', title: 'nav.employees', icon: 'User', roles: kStaffRoles },
  { name: 'requisitions', path: '/requisitions', title: 'nav.requisitions', icon: 'Briefcase', roles: kStaffRoles },
  { name: 'candidates', path: '/candidates', title: 'nav.candidates', icon: 'Avatar', roles: kStaffRoles },
  { name: 'interview-reviews', path: '/interview-reviews', title: 'recint.reviews.nav', icon: 'Postcard', roles: ['admin', 'hr', 'hiring_manager'] },
  { name: 'offers', path: '/offers', title: 'hiring.nav.offers', icon: 'Postcard', roles: ['admin', 'hr', 'hiring_manager'] },
  { name: 'background-checks', path: '/background-checks', title: 'hiring.nav.checks', icon: 'Document', roles: ['admin', 'hr'] },
  { name: 'onboardings', path: '/onboardings', title: 'hiring.nav.onboarding', icon: 'Suitcase', roles: ['admin', 'hr', 'hiring_manager'] },
  { name: 'profile', path: '/me', title: 'nav.profile', icon: 'Postcard', roles: ['employee'] },
  { name: 'my-payslips', path: '/me/payslips', title: 'payroll.nav.myPayslips', icon: 'Document', roles: ['employee'] },
  { name: 'payroll-runs', path: '/payroll/runs', title: 'payroll.nav.runs', icon: 'Timer', roles: ['admin', 'hr'] },
  { name: 'payroll-inputs', path: '/payroll/inputs', title: 'payroll.nav.inputs', icon: 'Postcard', roles: ['admin', 'hr'] },
  { name: 'payroll-bands', path: '/payroll/bands', title: 'payroll.nav.bands', icon: 'Histogram', roles: ['admin', 'hr'] },
  { name: 'payroll-city-rules', path: '/payroll/city-rules', title: 'payroll.nav.cityRules', icon: 'Setting', roles: ['admin', 'hr'] },
  { name: 'attendance', path: '/attendance', title: 'lifecycle.nav.attendance', icon: 'Timer' },
  { name: 'leave', path: '/leave', title: 'lifecycle.nav.leave', icon: 'Postcard' },
  { name: 'performance', path: '/performance', title: 'lifecycle.nav.performance', icon: 'Histogram' },
  { name: 'training', path: '/training', title: 'lifecycle.nav.training', icon: 'Suitcase' },
  { name: 'offboarding', path: '/offboarding', title: 'lifecycle.nav.offboarding', icon: 'User', roles: ['admin', 'hr'] },
  { name: 'analytics-funnel', path: '/analytics/funnel', title: 'analytics.nav.funnel', icon: 'Histogram', roles: ['admin', 'hr', 'hiring_manager'] },
  { name: 'analytics-quality', path: '/analytics/quality', title: 'analytics.nav.quality', icon: 'Histogram', roles: ['admin', 'hr', 'hiring_manager'] },
  { name: 'analytics-trends', path: '/analytics/trends', title: 'analytics.nav.trends', icon: 'Histogram', roles: ['admin', 'hr', 'hiring_manager'] },
  { name: 'analytics-audit', path: '/analytics/audit', title: 'analytics.nav.audit', icon: 'Document', roles: ['admin', 'hr'] },
  { name: 'analytics-adjustments', path: '/analytics/adjustments', title: 'analytics.nav.adjustments', icon: 'Postcard', roles: ['admin', 'hr'] },
  { name: 'users', path: '/users', title: 'nav.users', icon: 'Key', roles: ['admin'] },
  { name: 'audit', path: '/audit', title: 'nav.audit', icon: 'Document', roles: ['admin'] },
  { name: 'jobs', path: '/jobs', title: 'nav.jobs', icon: 'Timer', roles: ['admin'] },
  { name: 'notifications', path: '/notifications', title: 'nav.notifications', icon: 'Bell' },
  { name: 'settings', path: '/settings', title: 'nav.settings', icon: 'Setting', roles: ['admin'] },
]

export function navFor(role: Role): NavItem[] {
  return kNav.filter((n) => !n.roles || n.roles.includes(role))
}

function homeFor(role: Role): string {
  return role === 'employee' ? '/me' : '/employees'
}

const routes: RouteRecordRaw[] = [
  {
    path: '/login',
    name: 'login',
    component: () => import('./pages/LoginPage.vue'),
    meta: { public: true, title: 'login.title' },
  },
  {
    // The public careers site (no sign-in): open positions and the application form.
    path: '/careers',
    component: () => import('./layouts/PublicLayout.vue'),
    meta: { public: true },
    children: [
      {
        path: '',
        name: 'careers',
        component: () => import('./pages/CareersPage.vue'),
        meta: { title: 'careers.title' },
      },
      {
        path: ':id(\\d+)',
        name: 'opening',
        component: () => import('./pages/OpeningPage.vue'),
        meta: { title: 'careers.applyTitle' },
      },
    ],
  },
  {
    // The candidate's AI interview, reached through the secret link of the invitation (no sign-in).
    path: '/interview',
    component: () => import('./layouts/PublicLayout.vue'),
    meta: { public: true, section: 'interview.section' },
    children: [
      {
        path: ':token([A-Za-z0-9_-]+)',
        name: 'interview',
        component: () => import('./pages/InterviewPage.vue'),
        meta: { title: 'interview.title' },
      },
    ],
  },
  {
    // The candidate's offer and the new hire's form, reached through secret links (no sign-in).
    path: '/offer',
    component: () => import('./layouts/PublicLayout.vue'),
    meta: { public: true, section: 'offer.section' },
    children: [
      {
        path: ':token([A-Za-z0-9_-]+)',
        name: 'offer-link',
        component: () => import('./pages/OfferCandidatePage.vue'),
        meta: { title: 'offer.title' },
      },
    ],
  },
  {
    // A candidate's voluntary self-identification for the bias audit (single-use link, no sign-in).
    path: '/self-identification',
    component: () => import('./layouts/PublicLayout.vue'),
    meta: { public: true, section: 'analytics.selfId.title' },
    children: [
      {
        path: ':token([A-Za-z0-9_-]+)',
        name: 'self-identification',
        component: () => import('./pages/AnalyticsSelfIdPage.vue'),
        meta: { title: 'analytics.selfId.title' },
      },
    ],
  },
  {
    path: '/onboarding',
    component: () => import('./layouts/PublicLayout.vue'),
    meta: { public: true, section: 'onboarding.section' },
    children: [
      {
        path: ':token([A-Za-z0-9_-]+)',
        name: 'onboarding-link',
        component: () => import('./pages/OnboardingFormPage.vue'),
        meta: { title: 'onboarding.formPageTitle' },
      },
    ],
  },
  {
    path: '/',
    component: () => import('./layouts/AppLayout.vue'),
    children: [
      { path: '', name: 'home', component: { render: () => null } },
      {
        path: 'departments',
        name: 'departments',
        component: () => import('./pages/DepartmentsPage.vue'),
        meta: { roles: kOrgRoles, title: 'nav.departments' },
      },
      {
        path: 'positions',
        name: 'positions',
        component: () => import('./pages/PositionsPage.vue'),
        meta: { roles: kOrgRoles, title: 'nav.positions' },
      },
      {
        path: 'grades',
        name: 'grades',
        component: () => import('./pages/GradesPage.vue'),
        meta: { roles: kOrgRoles, title: 'nav.grades' },
      },
      {
        path: 'employees',
        name: 'employees',
        component: () => import('./pages/EmployeesPage.vue'),
        meta: { roles: kStaffRoles, title: 'nav.employees' },
      },
      {
        path: 'employees/new',
        name: 'employee-new',
        component: () => import('./pages/EmployeeDetailPage.vue'),
        meta: { roles: kOrgRoles, title: 'employee.createTitle' },
      },
      {
        path: 'employees/import',
        name: 'employee-import',
        component: () => import('./pages/EmployeeImportPage.vue'),
        meta: { roles: kOrgRoles, title: 'import.title' },
      },
      {
        path: 'employees/contracts/import',
        name: 'labour-contract-import',
        component: () => import('./pages/LabourContractImportPage.vue'),
        meta: { roles: kOrgRoles, title: 'contractImport.title' },
      },
      {
        path: 'employees/:id(\\d+)',
        name: 'employee',
        component: () => import('./pages/EmployeeDetailPage.vue'),
        meta: { roles: kStaffRoles, title: 'employee.detailTitle' },
      },
      {
        path: 'analytics/funnel',
        name: 'analytics-funnel',
        component: () => import('./pages/AnalyticsFunnelPage.vue'),
        meta: { roles: ['admin', 'hr', 'hiring_manager'], title: 'analytics.nav.funnel' },
      },
      {
        path: 'analytics/quality',
        name: 'analytics-quality',
        component: () => import('./pages/AnalyticsQualityPage.vue'),
        meta: { roles: ['admin', 'hr', 'hiring_manager'], title: 'analytics.nav.quality' },
      },
      {
        path: 'analytics/trends',
        name: 'analytics-trends',
        component: () => import('./pages/AnalyticsTrendsPage.vue'),
        meta: { roles: ['admin', 'hr', 'hiring_manager'], title: 'analytics.nav.trends' },
      },
      {
        path: 'analytics/audit',
        name: 'analytics-audit',
        component: () => import('./pages/AnalyticsAuditPage.vue'),
        meta: { roles: ['admin', 'hr'], title: 'analytics.nav.audit' },
      },
      {
        path: 'analytics/adjustments',
        name: 'analytics-adjustments',
        component: () => import('./pages/AnalyticsAdjustmentsPage.vue'),
        meta: { roles: ['admin', 'hr'], title: 'analytics.nav.adjustments' },
      },
      {
        path: 'requisitions',
        name: 'requisitions',
        component: () => import('./pages/RequisitionsPage.vue'),
        meta: { roles: kStaffRoles, title: 'nav.requisitions' },
      },
      {
        path: 'requisitions/:id(\\d+)',
        name: 'requisition',
        component: () => import('./pages/RequisitionDetailPage.vue'),
        meta: { roles: kStaffRoles, title: 'req.detailTitle' },
      },
      {
        path: 'applications/:id(\\d+)',
        name: 'application',
        component: () => import('./pages/ApplicationPage.vue'),
        meta: { roles: kStaffRoles, title: 'application.title' },
      },
      {
        path: 'applications/:id(\\d+)/decision',
        name: 'hiring-decision',
        component: () => import('./pages/HiringDecisionPage.vue'),
        meta: { roles: ['admin', 'hr', 'hiring_manager'], title: 'hiring.decisionTitle' },
      },
      {
        path: 'applications/:id(\\d+)/offer',
        name: 'offer-editor',
        component: () => import('./pages/OfferEditorPage.vue'),
        meta: { roles: ['admin', 'hr', 'hiring_manager'], title: 'offer.editorTitle' },
      },
      {
        path: 'offers',
        name: 'offers',
        component: () => import('./pages/HiringOffersPage.vue'),
        meta: { roles: ['admin', 'hr', 'hiring_manager'], title: 'hiring.offersTitle' },
      },
      {
        path: 'background-checks',
        name: 'background-checks',
        component: () => import('./pages/HiringChecksPage.vue'),
        meta: { roles: ['admin', 'hr'], title: 'checks.title' },
      },
      {
        path: 'onboardings',
        name: 'onboardings',
        component: () => import('./pages/OnboardingBoardPage.vue'),
        meta: { roles: ['admin', 'hr', 'hiring_manager'], title: 'onboarding.title' },
      },
      {
        path: 'candidates/import',
        name: 'candidate-import',
        component: () => import('./pages/CandidateImportPage.vue'),
        meta: { roles: ['admin', 'hr'], title: 'recint.import.title' },
      },
      {
        path: 'interview-reviews',
        name: 'interview-reviews',
        component: () => import('./pages/InterviewReviewsPage.vue'),
        meta: { roles: ['admin', 'hr', 'hiring_manager'], title: 'recint.reviews.title' },
      },
      {
        path: 'candidates',
        name: 'candidates',
        component: () => import('./pages/CandidatesPage.vue'),
        meta: { roles: kStaffRoles, title: 'nav.candidates' },
      },
      {
        path: 'candidates/:id(\\d+)',
        name: 'candidate',
        component: () => import('./pages/CandidateDetailPage.vue'),
        meta: { roles: kStaffRoles, title: 'candidate.detailTitle' },
      },
      {
        path: 'users',
        name: 'users',
        component: () => import('./pages/UsersPage.vue'),
        meta: { roles: ['admin'], title: 'nav.users' },
      },
      {
        path: 'audit',
        name: 'audit',
        component: () => import('./pages/AuditPage.vue'),
        meta: { roles: ['admin'], title: 'nav.audit' },
      },
      {
        path: 'jobs',
        name: 'jobs',
        component: () => import('./pages/JobsPage.vue'),
        meta: { roles: ['admin'], title: 'nav.jobs' },
      },
      {
        path: 'notifications',
        name: 'notifications',
        component: () => import('./pages/NotificationsPage.vue'),
        meta: { title: 'nav.notifications' },
      },
      {
        path: 'settings',
        name: 'settings',
        component: () => import('./pages/SettingsPage.vue'),
        meta: { roles: ['admin'], title: 'nav.settings' },
      },
      {
        path: 'settings/interview',
        name: 'interview-settings',
        component: () => import('./pages/InterviewSettingsPage.vue'),
        meta: { roles: ['admin'], title: 'aiSettings.title' },
      },
      {
        path: 'me/payslips',
        name: 'my-payslips',
        component: () => import('./pages/PayrollMyPayslipsPage.vue'),
        meta: { roles: ['admin', 'hr', 'employee'], title: 'payroll.nav.myPayslips' },
      },
      {
        path: 'payroll/runs',
        name: 'payroll-runs',
        component: () => import('./pages/PayrollRunsPage.vue'),
        meta: { roles: ['admin', 'hr'], title: 'payroll.nav.runs' },
      },
      {
        path: 'payroll/inputs',
        name: 'payroll-inputs',
        component: () => import('./pages/PayrollInputsPage.vue'),
        meta: { roles: ['admin', 'hr'], title: 'payroll.nav.inputs' },
      },
      {
        path: 'payroll/bands',
        name: 'payroll-bands',
        component: () => import('./pages/PayrollBandsPage.vue'),
        meta: { roles: ['admin', 'hr'], title: 'payroll.nav.bands' },
      },
      {
        path: 'payroll/city-rules',
        name: 'payroll-city-rules',
        component: () => import('./pages/PayrollCityRulesPage.vue'),
        meta: { roles: ['admin', 'hr'], title: 'payroll.nav.cityRules' },
      },
      {
        path: 'applications/:id(\\d+)/offer-pricing',
        name: 'offer-pricing',
        component: () => import('./pages/PayrollOfferPricingPage.vue'),
        meta: { roles: ['admin', 'hr', 'hiring_manager'], title: 'payroll.pricing.title' },
      },
      {
        path: 'attendance',
        name: 'attendance',
        component: () => import('./pages/LifecycleAttendancePage.vue'),
        meta: { title: 'lifecycle.nav.attendance' },
      },
      {
        path: 'leave',
        name: 'leave',
        component: () => import('./pages/LifecycleLeavePage.vue'),
        meta: { title: 'lifecycle.nav.leave' },
      },
      {
        path: 'performance',
        name: 'performance',
        component: () => import('./pages/LifecyclePerformancePage.vue'),
        meta: { title: 'lifecycle.nav.performance' },
      },
      {
        path: 'training',
        name: 'training',
        component: () => import('./pages/LifecycleTrainingPage.vue'),
        meta: { title: 'lifecycle.nav.training' },
      },
      {
        path: 'offboarding',
        name: 'offboarding',
        component: () => import('./pages/LifecycleOffboardingPage.vue'),
        meta: { roles: ['admin', 'hr'], title: 'lifecycle.nav.offboarding' },
      },
      {
        path: 'me',
        name: 'profile',
        component: () => import('./pages/ProfilePage.vue'),
        meta: { title: 'nav.profile' },
      },
      {
        path: ':pathMatch(.*)*',
        name: 'not-found',
        component: () => import('./pages/NotFoundPage.vue'),
        meta: { title: 'notFound.title' },
      },
    ],
  },
]

export const router = createRouter({
  history: createWebHistory('/'),
  routes,
})

router.beforeEach(async (to) => {
  if (to.meta.public) return true
  let user = session.user
  if (!session.loaded) {
    try {
      user = await loadSession()
    } catch {
      user = null // server unreachable: the login page says so when the person tries
    }
  }
  if (!user) {
    return { name: 'login', query: to.fullPath !== '/' ? { redirect: to.fullPath } : {} }
  }
  if (to.name === 'home') return homeFor(user.role)
  if (to.meta.roles && !to.meta.roles.includes(user.role)) return homeFor(user.role)
  return true
})

// Only same-site paths are followed after login (never an absolute URL from the query string).
export function safeRedirect(target: unknown): string {
  return typeof target === 'string' && target.startsWith('/') && !target.startsWith('//') ? target : '/'
}
