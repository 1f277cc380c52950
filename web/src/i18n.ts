// vue-i18n set-up and the language choice (zh-CN or en), kept in localStorage. Element Plus reads
// its own locale from elementLocale(), which follows the same choice.
import { createI18n } from 'vue-i18n'
import elZhCn from 'element-plus/es/locale/lang/zh-cn'
import elEn from 'element-plus/es/locale/lang/en'
import zhCNBase from './locales/zh-CN.json'
import enBase from './locales/en.json'

export type AppLocale = 'zh-CN' | 'en'
export const kLocales: readonly AppLocale[] = ['zh-CN', 'en']
const kStorageKey = 'hireflow.locale'

function initialLocale(): AppLocale {
  const saved = localStorage.getItem(kStorageKey)
  if (saved === 'zh-CN' || saved === 'en') return saved
  return navigator.language.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en'
}

// Each domain may keep its own catalogue pair, locales/<domain>/zh-CN.json and en.json, whose
// top-level sections are added to the base catalogue (a section name must be unique across files).
type Catalogue = Record<string, unknown>
const domainFiles = import.meta.glob<Catalogue>('./locales/*/*.json', { eager: true, import: 'default' })
function catalogue(base: Catalogue, locale: AppLocale): Catalogue {
  const out: Catalogue = { ...base }
  for (const [path, messages] of Object.entries(domainFiles)) {
    if (path.endsWith(`/${locale}.json`)) Object.assign(out, messages)
  }
  return out
}
const zhCN = catalogue(zhCNBase, 'zh-CN') as typeof zhCNBase
const en = catalogue(enBase, 'en') as typeof zhCNBase

type Messages = typeof zhCNBase

export const i18n = createI18n<[Messages], AppLocale, false>({
  legacy: false,
  locale: initialLocale(),
  fallbackLocale: 'en',
  messages: { 'zh-CN': zhCN, en },
})

export function currentLocale(): AppLocale {
  return i18n.global.locale.value
}

export function setLocale(locale: AppLocale): void {
  i18n.global.locale.value = locale
  localStorage.setItem(kStorageKey, locale)
  document.documentElement.lang = locale
}

// The account's saved locale applies until the person picks a language in this browser.
export function adoptAccountLocale(locale: string | null | undefined): void {
  if (localStorage.getItem(kStorageKey)) return
  if (locale === 'zh-CN' || locale === 'en') {
    i18n.global.locale.value = locale
    document.documentElement.lang = locale
  }
}

export function elementLocale(locale: AppLocale) {
  return locale === 'zh-CN' ? elZhCn : elEn
}

// Instants from the API are RFC 3339 UTC; people read them in their own time zone.
export function formatInstant(iso: string | null | undefined): string {
  if (!iso) return ''
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return iso
  return new Intl.DateTimeFormat(currentLocale(), {
    year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
  }).format(d)
}
