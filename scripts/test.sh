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
ctest --test-dir build --output-on-failure -j 2 || status=1

echo "== API tests: SQLite and PostgreSQL =="
(cd tests && node --test --test-concurrency=1 api/) || status=1

echo "== browser E2E (Chromium) =="
(cd tests && node --test --test-concurrency=1 e2e/) || status=1

if [ $status -ne 0 ]; then echo "SOME TESTS FAILED"; else echo "ALL TEST SUITES PASSED"; fi
exit $status
