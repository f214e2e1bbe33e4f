#!/usr/bin/env bash
# PostgreSQL restarted under a running gunicorn: the app reconnects without a restart of its
# own (CONN_MAX_AGE keeps connections, CONN_HEALTH_CHECKS checks each before its first use in
# a request). `make faults-pg-restart`.
#
#   bash loadtest/pg_restart.sh
#
# !! It RESTARTS THE LOCAL POSTGRESQL CLUSTER (pg_ctlcluster ... restart): every other
# !! connection to it is dropped. Run it only when nothing else uses that server.
#
# 1. a database of its own (ketenwerk_pgrestart) with the demo data, gunicorn on a free port
#    with production settings (loadtest/settings.py; no Redis: local cache, eager tasks);
# 2. 40 requests spread over gunicorn's workers, so each holds an open PostgreSQL connection;
# 3. PostgreSQL is restarted; then 100 requests (pages, API reads, /health/): every one must
#    answer 200, and the gunicorn processes must be the same as before (no restart of ours).
# Exit status non-zero on any other answer. The database is dropped at the end.
# DRY_RUN=1 terminates the database's connections (pg_terminate_backend) instead of restarting
# the server: the same check, safe while others use PostgreSQL.
set -euo pipefail

cd "$(dirname "$0")/.."
BIN="$(pwd)/.venv/bin"
PG_HOST=127.0.0.1
PG_PORT=5432
PG_USER=postgres
DB=ketenwerk_pgrestart
CLUSTER=${PG_CLUSTER:-$(ls /etc/postgresql | sort -V | tail -n 1)}
PORT=$("$BIN/python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
BASE="http://127.0.0.1:$PORT"
LOG=$(mktemp -t ketenwerk-pgrestart-XXXX.log)

export DJANGO_SETTINGS_MODULE=loadtest.settings
export DATABASE_URL="postgresql://$PG_USER@$PG_HOST:$PG_PORT/$DB"
export DJANGO_SECRET_KEY
DJANGO_SECRET_KEY=$("$BIN/python" -c 'import secrets; print(secrets.token_urlsafe(50))')
unset REDIS_URL

psql_admin() { psql -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -d postgres -v ON_ERROR_STOP=1 -q "$@"; }

gunicorn_pid=""
cleanup() {
    if [ -n "$gunicorn_pid" ] && kill -0 "$gunicorn_pid" 2>/dev/null; then
        kill -TERM "$gunicorn_pid"
        wait "$gunicorn_pid" 2>/dev/null || true
    fi
    psql_admin -c "DROP DATABASE IF EXISTS \"$DB\" WITH (FORCE)" 2>/dev/null || true
}
trap cleanup EXIT

echo "==> database $DB with the demo data"
psql_admin -c "DROP DATABASE IF EXISTS \"$DB\" WITH (FORCE)"
psql_admin -c "CREATE DATABASE \"$DB\""
"$BIN/python" manage.py migrate --no-input -v 0
"$BIN/python" manage.py seed_demo --force -v 0 >/dev/null
slug=$(psql -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -d "$DB" -Atc \
    "SELECT slug FROM actors_actor WHERE is_public ORDER BY id LIMIT 1")

echo "==> gunicorn on $BASE (log: $LOG)"
"$BIN/gunicorn" --config gunicorn.conf.py --bind "127.0.0.1:$PORT" --access-logfile /dev/null \
    --log-level warning network.wsgi >"$LOG" 2>&1 &
gunicorn_pid=$!
for _ in $(seq 1 60); do
    curl -sf -o /dev/null "$BASE/health/" && break
    sleep 1
done

PATHS=("/api/v1/actors/" "/en/producers/" "/en/producers/$slug/" "/api/v1/actors/$slug/" "/health/")
hammer() { # $1 requests; prints the status codes that were not 200
    local bad=0
    for i in $(seq 1 "$1"); do
        path=${PATHS[$((i % ${#PATHS[@]}))]}
        code=$(curl -s -o /dev/null -w '%{http_code}' "$BASE$path")
        if [ "$code" != 200 ]; then
            echo "    $path -> $code"
            bad=$((bad + 1))
        fi
    done
    return "$bad"
}

echo "==> 40 requests before the restart"
hammer 40 || { echo "requests failed before the restart: not a valid run"; exit 1; }
before=$(pgrep -P "$gunicorn_pid" | sort | tr '\n' ' ')

echo "==> restarting PostgreSQL $CLUSTER/main"
started=$(date +%s%N)
if [ "${DRY_RUN:-0}" = 1 ]; then
    echo "    DRY_RUN=1: not restarting; terminating this database's connections instead"
    psql_admin -Atc "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = '$DB'"
else
    pg_ctlcluster --skip-systemctl-redirect "$CLUSTER" main restart
fi
for _ in $(seq 1 50); do pg_isready -h "$PG_HOST" -p "$PG_PORT" -q && break; sleep 0.2; done
echo "    accepting connections again after $((($(date +%s%N) - started) / 1000000)) ms"

echo "==> 100 requests after the restart"
failed=0
hammer 100 || failed=$?
after=$(pgrep -P "$gunicorn_pid" | sort | tr '\n' ' ')

echo
echo "gunicorn workers before: $before"
echo "gunicorn workers after:  $after"
if [ "$failed" -ne 0 ]; then
    echo "FAILED: $failed of 100 requests after the PostgreSQL restart did not answer 200"
    tail -n 40 "$LOG"
    exit 1
fi
if [ "$before" != "$after" ]; then
    echo "FAILED: gunicorn's workers changed: the app restarted instead of reconnecting"
    exit 1
fi
echo "PostgreSQL restart: 100 of 100 requests answered 200, same gunicorn workers."
