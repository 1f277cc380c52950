// Who is signed in, shared by the router guard, the layout and the pages. The server decides what
// each role may do; the browser uses the role only to choose which pages to offer.
import { reactive, readonly } from 'vue'
import * as api from './api'
import type { Role, User } from './api'
import { adoptAccountLocale } from './i18n'

interface SessionState {
  user: User | null
  // True once /auth/me has answered (or login succeeded), so the guard asks only once.
  loaded: boolean
}

const state = reactive<SessionState>({ user: null, loaded: false })

export const session = readonly(state)

export async function loadSession(): Promise<User | null> {
  if (state.loaded) return state.user as User | null
  const s = await api.me()
  state.user = s?.user ?? null
  state.loaded = true
  adoptAccountLocale(s?.user.locale)
  return state.user as User | null
}

export async function signIn(username: string, password: string): Promise<User> {
  const s = await api.login(username, password)
  state.user = s.user
  state.loaded = true
  adoptAccountLocale(s.user.locale)
  return s.user
}

export async function signOut(): Promise<void> {
  try {
    await api.logout()
  } finally {
    forget()
  }
}

// Drops the local session (after a 401 the cookie is already gone or expired).
export function forget(): void {
  state.user = null
  state.loaded = true
}

// A language picked in the header becomes the account's language too, so that e-mails and the
// stored text of notifications follow it. Failing that (offline, a stale version) the choice still
// applies in this browser.
export async function saveLocale(locale: string): Promise<void> {
  const u = state.user
  if (!u || u.locale === locale) return
  try {
    state.user = await api.updateMe({ locale, version: u.version })
  } catch {
    /* kept in this browser only */
  }
}

export function hasRole(...roles: Role[]): boolean {
  return !!state.user && roles.includes(state.user.role)
}
