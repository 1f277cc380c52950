// Texts the server composes for people (in-app notifications, labour-law alerts) rendered in the
// reader's current language. The server stores a text in the recipient's account language (the
// fallback, also used by e-mails and API clients) plus a stable kind and the parameters the text
// needs; the catalogue (locales/i18n) has notice.<kind>.title / .body and alert.<kind>.message. A
// params.variant picks <part>_<variant> when the catalogue has it. Unknown kinds and rows written
// before params existed (params null) show the stored text.
import { i18n } from '../../i18n'

export type TextParams = Record<string, string | number | boolean | null>

function render(base: string, part: string, params: TextParams | null | undefined, stored: string): string {
  if (!params) return stored
  const { te, t } = i18n.global
  const variant = typeof params.variant === 'string' ? params.variant : ''
  const keys = variant ? [`${base}.${part}_${variant}`, `${base}.${part}`] : [`${base}.${part}`]
  for (const key of keys) if (te(key) || te(key, 'en')) return t(key, params as Record<string, unknown>)
  return stored
}

// Kinds are dotted (employee.create) and map onto nested catalogue sections the same way.
export function noticeTitle(n: { kind: string; title: string; params?: TextParams | null }): string {
  return render(`notice.${n.kind}`, 'title', n.params, n.title)
}
export function noticeBody(n: { kind: string; body: string; params?: TextParams | null }): string {
  return render(`notice.${n.kind}`, 'body', n.params, n.body)
}
export function alertMessage(a: { kind: string; message: string; params?: TextParams | null }): string {
  return render(`alert.${a.kind}`, 'message', a.params, a.message)
}
