// Resumable uploads of a candidate's interview answers.
//
// Every answer (a recording or a typed text) is first kept in IndexedDB under its answer id, then
// sent by one queue in the order the attempts were started. Sending one at a time in that order
// keeps the server's rule meaningful: the latest *finished* attempt at a question is its final
// answer, so the latest recorded one must also be the last to finish. Recording the next question
// never waits for the queue.
//
// A recording goes up in 1 MB chunks from the offset the server reports (GET …/answers/{id}): a
// page reload, a dropped connection or a 409 offset_mismatch re-reads that offset and continues.
// Network failures and server hiccups (5xx, 429) retry with exponential backoff (1 s doubling to
// 30 s; at once when the browser comes back online). Other refusals are final and shown.
import { reactive } from 'vue'
import { ApiError, interviewLink } from '../api'

export const kChunkBytes = 1 << 20

// What is stored in IndexedDB until the server has the whole answer.
export interface PendingAnswer {
  answerId: number
  token: string
  questionId: number
  kind: 'video' | 'text'
  blob?: Blob
  contentType?: string
  text?: string
}

export type UploadPhase = 'waiting' | 'sending' | 'retrying' | 'done' | 'failed'
export interface UploadItem {
  answerId: number
  questionId: number
  kind: 'video' | 'text'
  size: number
  sent: number
  phase: UploadPhase
  // Why the last try failed (retrying) or why it gave up (failed).
  error: string
}

// ---- IndexedDB (one object store keyed by answerId) ----

const kDbName = 'hireflow-interview'
const kStoreName = 'answers'

function openDb(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(kDbName, 1)
    req.onupgradeneeded = () => {
      if (!req.result.objectStoreNames.contains(kStoreName)) req.result.createObjectStore(kStoreName, { keyPath: 'answerId' })
    }
    req.onsuccess = () => resolve(req.result)
    req.onerror = () => reject(req.error)
  })
}

async function withStore<T>(mode: IDBTransactionMode, fn: (s: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const db = await openDb()
  try {
    return await new Promise<T>((resolve, reject) => {
      const tx = db.transaction(kStoreName, mode)
      const req = fn(tx.objectStore(kStoreName))
      let result: T
      req.onsuccess = () => (result = req.result)
      tx.oncomplete = () => resolve(result)
      tx.onerror = () => reject(tx.error)
      tx.onabort = () => reject(tx.error)
    })
  } finally {
    db.close()
  }
}

const idbPut = (p: PendingAnswer) => withStore('readwrite', (s) => s.put(p))
const idbDelete = (answerId: number) => withStore('readwrite', (s) => s.delete(answerId))
const idbAll = () => withStore<PendingAnswer[]>('readonly', (s) => s.getAll() as IDBRequest<PendingAnswer[]>)

// ---- The queue ----

// A network failure or a server that is briefly unwell: worth trying again.
function transient(e: unknown): boolean {
  return !(e instanceof ApiError) || e.status === 0 || e.status === 408 || e.status === 429 || e.status >= 500
}

const quiet = { silent: true } as const

export interface UploadQueue {
  state: { items: UploadItem[]; persistent: boolean }
  // Keeps the answer (IndexedDB first, so a reload cannot lose it) and queues it.
  add(p: PendingAnswer): Promise<void>
  // Queues what an earlier visit of this link left unsent; returns the answer ids.
  restore(): Promise<number[]>
  // Resolves when nothing is waiting, sending or retrying.
  drained(): Promise<void>
  // Skips the current backoff wait.
  retryNow(): void
  dispose(): void
}

export function createUploadQueue(token: string, onDone?: (item: UploadItem) => void): UploadQueue {
  const state = reactive({ items: [] as UploadItem[], persistent: true })
  // The bytes and texts, by answer id (kept out of the reactive state).
  const payloads = new Map<number, PendingAnswer>()
  let running = false
  let disposed = false
  let wake: (() => void) | null = null
  let drainWaiters: (() => void)[] = []

  const busy = () => state.items.some((i) => i.phase === 'waiting' || i.phase === 'sending' || i.phase === 'retrying')

  function settleDrain() {
    if (busy()) return
    const waiters = drainWaiters
    drainWaiters = []
    waiters.forEach((w) => w())
  }

  function retryNow() {
    wake?.()
  }
  const onOnline = () => retryNow()
  window.addEventListener('online', onOnline)

  function backoff(it: UploadItem, failures: number, e: unknown): Promise<void> {
    it.phase = 'retrying'
    it.error = e instanceof ApiError ? e.detail || e.code : String(e)
    const ms = Math.min(30_000, 1000 * 2 ** Math.min(failures - 1, 5))
    return new Promise((resolve) => {
      const timer = window.setTimeout(done, ms)
      function done() {
        window.clearTimeout(timer)
        wake = null
        resolve()
      }
      wake = done
    })
  }

  async function sendVideo(it: UploadItem, p: PendingAnswer) {
    const blob = p.blob!
    let offset = -1 // unknown: ask the server
    let failures = 0
    for (;;) {
      if (disposed) return
      try {
        if (offset < 0) {
          const st = await interviewLink.status(token, it.answerId, quiet)
          if (st.status !== 'uploading') return // finished before (e.g. just before a reload)
          offset = st.received
        }
        if (offset > blob.size) throw new Error(`the server holds ${offset} bytes of a ${blob.size}-byte recording`)
        it.phase = 'sending'
        it.sent = offset
        if (offset < blob.size) {
          const r = await interviewLink.putChunk(token, it.answerId, offset, blob.slice(offset, offset + kChunkBytes), quiet)
          offset = r.received
          it.sent = Math.min(offset, blob.size)
          failures = 0
          continue
        }
        await interviewLink.finish(token, it.answerId, blob.size, p.contentType ?? blob.type, quiet)
        return
      } catch (e) {
        // The server holds a different number of bytes than we thought: ask it and go on from there.
        if (e instanceof ApiError && (e.code === 'offset_mismatch' || e.code === 'upload_incomplete')) {
          offset = -1
          continue
        }
        if (e instanceof ApiError && e.code === 'upload_finished') return
        if (!transient(e)) throw e
        await backoff(it, ++failures, e)
        offset = -1 // the chunk may have arrived although its acknowledgement was lost
      }
    }
  }

  async function sendText(it: UploadItem, p: PendingAnswer) {
    let failures = 0
    for (;;) {
      if (disposed) return
      try {
        it.phase = 'sending'
        await interviewLink.text(token, it.answerId, p.text ?? '', quiet)
        it.sent = it.size
        return
      } catch (e) {
        if (e instanceof ApiError && e.code === 'answer_finished') return
        if (!transient(e)) throw e
        await backoff(it, ++failures, e)
      }
    }
  }

  async function pump() {
    if (running) return
    running = true
    try {
      for (;;) {
        const next = state.items.find((i) => i.phase === 'waiting' || i.phase === 'retrying')
        if (!next || disposed) break
        const p = payloads.get(next.answerId)!
        try {
          if (p.kind === 'video') await sendVideo(next, p)
          else await sendText(next, p)
          if (disposed) break
          next.phase = 'done'
          next.sent = next.size
          next.error = ''
          payloads.delete(next.answerId)
          await idbDelete(next.answerId).catch(() => {})
          onDone?.(next)
        } catch (e) {
          // Refused for good (the link was replaced, the interview is over, ...): nothing to retry.
          next.phase = 'failed'
          next.error = e instanceof ApiError ? e.detail || e.code : String(e)
          await idbDelete(next.answerId).catch(() => {})
        }
      }
    } finally {
      running = false
      settleDrain()
    }
  }

  function enqueue(p: PendingAnswer) {
    if (state.items.some((i) => i.answerId === p.answerId)) return
    payloads.set(p.answerId, p)
    const size = p.kind === 'video' ? p.blob!.size : new Blob([p.text ?? '']).size
    state.items.push({ answerId: p.answerId, questionId: p.questionId, kind: p.kind, size, sent: 0, phase: 'waiting', error: '' })
    state.items.sort((a, b) => a.answerId - b.answerId) // attempts in the order they were started
  }

  return {
    state,
    async add(p) {
      try {
        await idbPut(p)
      } catch {
        state.persistent = false // private browsing and the like: still sent, but not after a reload
      }
      enqueue(p)
      void pump()
    },
    async restore() {
      let saved: PendingAnswer[] = []
      try {
        saved = (await idbAll()).filter((p) => p.token === token)
      } catch {
        state.persistent = false
      }
      saved.forEach(enqueue)
      void pump()
      return saved.map((p) => p.answerId)
    },
    drained() {
      return busy() ? new Promise<void>((resolve) => drainWaiters.push(resolve)) : Promise.resolve()
    },
    retryNow,
    dispose() {
      disposed = true
      window.removeEventListener('online', onOnline)
      wake?.()
    },
  }
}
