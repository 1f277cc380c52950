#!/usr/bin/env bash
# Starts a throwaway PostgreSQL 15 cluster in a temp dir on a private port and socket dir.
# Usage: eval "$(scripts/pg-throwaway.sh start DIR)"  -> exports HIREFLOW_TEST_PG_URL
#        scripts/pg-throwaway.sh stop DIR
set -euo pipefail
cmd=${1:?start|stop}; dir=${2:?dir}
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -x "$bin/initdb" ] || { echo "PostgreSQL server binaries not found (apt-get install postgresql)" >&2; exit 1; }
run_as() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
case "$cmd" in
  start)
    mkdir -p "$dir"; [ "$(id -u)" = 0 ] && chown postgres "$dir"
    port=$(( 20000 + RANDOM % 20000 ))
    run_as "$bin/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1
    run_as "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
      -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" start >/dev/null
    run_as "$bin/createdb" -h "$dir" -p "$port" -U postgres hireflow_test
    echo "export HIREFLOW_TEST_PG_URL='postgresql://postgres@127.0.0.1:$port/hireflow_test'"
    echo "export HIREFLOW_TEST_PG_PORT=$port"
    ;;
  stop)
    [ -d "$dir/data" ] && run_as "$bin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$dir"
    ;;
esac
