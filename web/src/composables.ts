// Small shared pieces of page behaviour.
import { onBeforeUnmount, reactive, ref } from 'vue'
import { ApiError } from './api'

// True below the phone/tablet breakpoint (the side menu becomes a drawer there).
export function useIsMobile(maxWidth = 767) {
  const query = window.matchMedia(`(max-width: ${maxWidth}px)`)
  const isMobile = ref(query.matches)
  const onChange = (e: MediaQueryListEvent) => (isMobile.value = e.matches)
  query.addEventListener('change', onChange)
  onBeforeUnmount(() => query.removeEventListener('change', onChange))
  return isMobile
}

// Server-side validation shown under form items: the problem's `field` picks the item and its
// `detail` is the text. The browser adds no rules of its own.
export function useFieldErrors() {
  const errors = reactive<Record<string, string>>({})
  function clear() {
    for (const k of Object.keys(errors)) delete errors[k]
  }
  // Returns true when the error named a field (and is now shown beside it).
  function apply(e: unknown): boolean {
    clear()
    if (e instanceof ApiError && e.field) {
      errors[e.field] = e.detail
      return true
    }
    return false
  }
  return { errors, clear, apply }
}

// Tree rows for departments (el-table tree data and el-tree-select options).
export interface TreeNode<T> {
  value: number
  label: string
  record: T
  children?: TreeNode<T>[]
}

export function buildTree<T extends { id: number; parent_id: number | null }>(
  items: T[],
  label: (item: T) => string,
): TreeNode<T>[] {
  const byId = new Map<number, TreeNode<T>>()
  for (const it of items) byId.set(it.id, { value: it.id, label: label(it), record: it })
  const roots: TreeNode<T>[] = []
  for (const it of items) {
    const node = byId.get(it.id)!
    const parent = it.parent_id != null ? byId.get(it.parent_id) : undefined
    if (parent) (parent.children ??= []).push(node)
    else roots.push(node) // parent outside the caller's scope: show it as a root
  }
  return roots
}

export function prettyJson(v: unknown): string {
  if (v === null || v === undefined) return '—'
  if (typeof v === 'string') {
    try {
      return JSON.stringify(JSON.parse(v), null, 2)
    } catch {
      return v
    }
  }
  return JSON.stringify(v, null, 2)
}

// ---- Recruiting display helpers (colours only; the stages and rules themselves are the server's) ----
type TagType = 'primary' | 'success' | 'warning' | 'danger' | 'info' | undefined

export function stageTagType(stage: string): TagType {
  if (stage === 'hired' || stage === 'offer') return 'success'
  if (stage === 'rejected') return 'danger'
  if (stage === 'withdrawn' || stage === 'on_hold') return 'info'
  if (stage === 'applied' || stage === 'screened') return undefined
  return 'primary'
}

export function recommendationTagType(r: string | null | undefined): TagType {
  return r === 'advance' ? 'success' : r === 'reject' ? 'danger' : r === 'review' ? 'warning' : 'info'
}

export function requisitionTagType(s: string): TagType {
  return ({ draft: 'info', open: 'success', on_hold: 'warning', filled: 'primary', cancelled: 'danger' } as Record<string, TagType>)[s]
}

// "20000.00 – 35000.00" from the API's decimal strings (either side may be missing).
export function salaryRange(min: string | null, max: string | null): string {
  if (!min && !max) return ''
  if (min && max) return `${min} – ${max}`
  return min ? `≥ ${min}` : `≤ ${max}`
}
