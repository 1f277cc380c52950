// Employee CSV import of N rows (default 100,000) in one request, timed at the client, on SQLite and (with
// HIREFLOW_TEST_PG_URL, a throwaway database: it is reset) PostgreSQL. docs/performance.md "Import".
// Run: HIREFLOW_BIN=build/hireflow HIREFLOW_TEST_PG_URL=... node bench/employee_import.mjs [N] [sqlite,postgresql]
import { startServer, adminClient } from '../tests/harness.mjs'
const N = Number(process.argv[2] ?? 100000)
const dbs = (process.argv[3] ?? (process.env.HIREFLOW_TEST_PG_URL ? 'sqlite,postgresql' : 'sqlite')).split(',')
let csv = 'employee_no,name,hire_date,email,bank_account,id_number\n'
for (let i = 0; i < N; i++) csv += `E${String(i).padStart(7, '0')},员工${i},2024-01-01,e${i}@example.com,62220202${String(i).padStart(8, '0')},\n`
for (const db of dbs) {
  const s = await startServer({ db })
  try {
    const a = await adminClient(s)
    const t0 = performance.now()
    const r = await a.post('/api/v1/employees/import?dry_run=false', csv, { raw: true, headers: { 'content-type': 'text/csv' } })
    const t1 = performance.now()
    console.log(db, N, r.status, r.json?.imported, ((t1 - t0) / 1000).toFixed(2) + ' s')
  } finally { await s.stop() }
}
