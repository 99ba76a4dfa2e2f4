#!/usr/bin/env bash
# Starts a throw-away PostgreSQL server (Debian's postgresql package) on 127.0.0.1 as the non-root
# user `postgres`, in a temporary directory. Prints `export` lines for the caller to eval:
#   eval "$(scripts/pg-throwaway.sh start 5433)"   …   scripts/pg-throwaway.sh stop "$CETMAP_PG_DIR"
set -euo pipefail
cmd=${1:-start}
if [ "$cmd" = stop ]; then
  dir=${2:?usage: pg-throwaway.sh stop DIR}
  bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
  runuser -u postgres -- "$bin/pg_ctl" -D "$dir/data" -m fast stop >/dev/null 2>&1 || true
  rm -rf "$dir"
  exit 0
fi
port=${2:-5433}
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -n "$bin" ] || { echo "PostgreSQL is not installed (apt-get install -y postgresql)" >&2; exit 1; }
id postgres >/dev/null 2>&1 || useradd --system --home-dir /var/lib/postgresql --shell /bin/bash postgres
dir=$(mktemp -d /tmp/cetmap-pg.XXXXXX)
chown postgres "$dir"
runuser -u postgres -- "$bin/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
runuser -u postgres -- "$bin/pg_ctl" -D "$dir/data" -l "$dir/log" -w -t 60 \
  -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$dir -c fsync=off -c max_connections=200" start >/dev/null
echo "export CETMAP_PG_DIR=$dir"
echo "export CETMAP_TEST_PG_URL=postgres://postgres@127.0.0.1:$port/postgres"
