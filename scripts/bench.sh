#!/usr/bin/env bash
# make bench: prints ratios against a reference measured in the same run on the same machine.
#   http: GET /api/v1/employees?limit=50 (100,000 employees, SQLite, authenticated, keep-alive,
#         256 connections) vs nginx serving the same response bytes as a static file.
#   idle: 10,000 idle keep-alive connections held while new requests are answered.
#   rss:  server peak RSS (VmHWM) over the run.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
BIN=$ROOT/build/hireflow
DUR=${BENCH_SECONDS:-10}
W=$(mktemp -d /tmp/hireflow-bench.XXXXXX); chmod 755 "$W"
PORT=18531; NPORT=18532
cleanup() { [ -n "${SPID:-}" ] && kill "$SPID" 2>/dev/null; [ -f "$W/nginx.pid" ] && kill "$(cat "$W/nginx.pid")" 2>/dev/null; rm -rf "$W"; }
trap cleanup EXIT
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"

HIREFLOW_ADMIN_PASSWORD=Bench-Pass-123 "$BIN" serve --data "$W/data" --port $PORT --bind 127.0.0.1 --access-log off >"$W/server.log" 2>&1 &
SPID=$!
for _ in $(seq 1 300); do curl -sf "http://127.0.0.1:$PORT/readyz" >/dev/null && break; sleep 0.1; done
curl -sf -c "$W/jar" -H 'content-type: application/json' -d '{"username":"admin","password":"Bench-Pass-123"}' \
  "http://127.0.0.1:$PORT/api/v1/auth/login" >/dev/null
COOKIE="hf_session=$(awk '$6=="hf_session"{print $7}' "$W/jar")"
CSRF=$(awk '$6=="hf_csrf"{print $7}' "$W/jar")
echo "seeding 100,000 employees..."
node -e 'let s="employee_no,name,hire_date,email,phone\n";for(let i=0;i<100000;i++)s+=`B${i},Bench Person ${i},2024-01-01,b${i}@example.com,+86 138${String(i).padStart(8,"0")}\n`;process.stdout.write(s)' >"$W/emp.csv"
t0=$(date +%s.%N)
curl -sf -b "$W/jar" -H "X-CSRF-Token: $CSRF" -H 'content-type: text/csv' --data-binary @"$W/emp.csv" \
  "http://127.0.0.1:$PORT/api/v1/employees/import?dry_run=false" | head -c 200; echo
t1=$(date +%s.%N)
echo "import of 100,000 rows: $(echo "$t1 - $t0" | bc) s"

URL="/api/v1/employees?limit=50"
curl -sf -H "Cookie: $COOKIE" "http://127.0.0.1:$PORT$URL" >"$W/employees.json"
mkdir -p "$W/www/api/v1"; cp "$W/employees.json" "$W/www/api/v1/employees"
cat >"$W/nginx.conf" <<NGINX
worker_processes 2; pid $W/nginx.pid; error_log $W/nginx-error.log; daemon on;
events { worker_connections 4096; }
http { access_log off; default_type application/json; keepalive_requests 1000000;
  server { listen 127.0.0.1:$NPORT; root $W/www; location / { try_files \$uri =404; } } }
NGINX
nginx -c "$W/nginx.conf" -p "$W"
wrk_run() { wrk -t2 -c256 -d"${DUR}s" --latency -H "Cookie: $COOKIE" "$1" 2>&1; }
echo "== wrk: nginx static file (reference) =="; N_OUT=$(wrk_run "http://127.0.0.1:$NPORT$URL"); echo "$N_OUT" | grep -E "Requests/sec|99%|Non-2xx|Socket errors" || true
echo "== wrk: hireflow API ==";                  H_OUT=$(wrk_run "http://127.0.0.1:$PORT$URL");  echo "$H_OUT" | grep -E "Requests/sec|99%|Non-2xx|Socket errors" || true
NRPS=$(echo "$N_OUT" | awk '/Requests\/sec/{print $2}'); HRPS=$(echo "$H_OUT" | awk '/Requests\/sec/{print $2}')
P99=$(echo "$H_OUT" | awk '$1=="99%"{print $2}')
echo "RATIO http: hireflow/nginx = $(echo "scale=3; $HRPS / $NRPS" | bc) (hireflow $HRPS req/s, nginx $NRPS req/s, hireflow p99 $P99; target >= 0.25, p99 < 50ms)"

echo "== idle keep-alive connections =="
node "$ROOT/bench/idle_connections.mjs" 127.0.0.1 $PORT 10000 "$COOKIE"
RSS=$(awk '/VmHWM/{print $2}' /proc/$SPID/status)
echo "RSS peak: $((RSS / 1024)) MB (target < 150 MB)"

kill "$SPID" 2>/dev/null; wait "$SPID" 2>/dev/null || true; SPID=""
echo "== recruiting: screening 100,000 applications, parsing PDF resumes =="
"$ROOT/build/bench/recruiting/screening_bench" 100000
echo "== candidate search over 100,000 candidates through the API =="
node "$ROOT/bench/candidate_search.mjs" "$BIN" 100000
echo "== payroll engine: employee-months per second on one core =="
"$ROOT/build/bench/payroll_bench"
echo "== payroll run for 100,000 employees through the API (SQLite) =="
node "$ROOT/bench/payroll_run.mjs" "$BIN" 100000
echo "== analytics dashboards over 1,000,000 applications and 100,000 hires through the API (SQLite) =="
node "$ROOT/bench/analytics_bench.mjs" "$BIN" 1000000
echo "== AI interview: 1,000 candidates uploading 5 MB answers in 1 MiB chunks at the same time =="
node "$ROOT/bench/interview_uploads.mjs" "$BIN" 1000 5
echo "== media analysis of a 60 s 640x480 WebM answer =="
bash "$ROOT/bench/media_bench.sh" "$BIN"
echo "== media analysis backlog: 8 answers of 20 s, two in-process workers =="
node "$ROOT/bench/media_backlog.mjs" "$BIN" 8 20
