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
  { name: 'profile', path: '/me', title: 'nav.profile', icon: 'Postcard', roles: ['employee'] },
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
        path: 'employees/:id(\\d+)',
        name: 'employee',
        component: () => import('./pages/EmployeeDetailPage.vue'),
        meta: { roles: kStaffRoles, title: 'employee.detailTitle' },
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
