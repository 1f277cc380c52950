#!/usr/bin/env bash
# The whole suite: unit tests (GoogleTest via CTest, store suites on SQLite and on a throwaway
# PostgreSQL cluster), API tests against the real binary on both databases, and browser E2E
# tests in Debian's Chromium. Exits non-zero on any failure.
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
export HIREFLOW_BIN=$ROOT/build/hireflow
export HIREFLOW_WEB=$ROOT/web/dist
export HIREFLOW_SHARED_DIR=${HIREFLOW_SHARED_DIR:-$ROOT/../shared}
PGDIR=$(mktemp -d /tmp/hireflow-pg.XXXXXX)
cleanup() { scripts/pg-throwaway.sh stop "$PGDIR"; }
trap cleanup EXIT
eval "$(scripts/pg-throwaway.sh start "$PGDIR")" || { echo "could not start PostgreSQL" >&2; exit 1; }

status=0
echo "== unit tests (ctest) =="
# Serial: the PostgreSQL store tests share one throwaway database and reset it per test.
ctest --test-dir build --output-on-failure -j 1 || status=1

echo "== API tests: SQLite and PostgreSQL =="
(cd tests && node --test --test-concurrency=1 api/) || status=1

echo "== browser E2E (Chromium) =="
E2E_DIR=$(mktemp -d /tmp/hireflow-e2e.XXXXXX)
E2E_PORT=$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
HIREFLOW_ADMIN_PASSWORD=Admin-Pass-123 "$HIREFLOW_BIN" serve --data "$E2E_DIR" --port "$E2E_PORT" --bind 127.0.0.1 \
  --web "$HIREFLOW_WEB" --seed-demo >"$E2E_DIR/server.log" 2>&1 &
E2E_PID=$!
for _ in $(seq 1 300); do curl -sf "http://127.0.0.1:$E2E_PORT/readyz" >/dev/null && break; sleep 0.1; done
(cd tests && HIREFLOW_BASE_URL="http://127.0.0.1:$E2E_PORT" HIREFLOW_ADMIN_PASSWORD=Admin-Pass-123 \
  node --test --test-concurrency=1 e2e/) || { status=1; tail -20 "$E2E_DIR/server.log"; }
kill "$E2E_PID" 2>/dev/null; wait "$E2E_PID" 2>/dev/null
rm -rf "$E2E_DIR"

if [ $status -ne 0 ]; then echo "SOME TESTS FAILED"; else echo "ALL TEST SUITES PASSED"; fi
exit $status
