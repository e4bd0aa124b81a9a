#!/usr/bin/env bash
# Benchmark of the lock guard: the incident (ADD COLUMN behind a long transaction) unguarded, guarded by lock_timeout
# and retries alone at two timeouts, and guarded with the blocker pre-flight, in the same run, on the same table,
# under the same steady pgbench load. Prints, per variant, the slowest request, the seconds with no completed request,
# and the migration's attempts and duration, with the slowest request as a ratio to the load's own baseline.
#
#   migrations/bench/guard.sh                       # 2,000,000 users, 2,000 tps, 30 s blocker
#   USERS=200000 BLOCKER=10 migrations/bench/guard.sh
#
# Settings (environment): USERS, TPS, CLIENTS (pgbench), BLOCKER (s), BENCH_DATABASE_URL (a database it may fill;
# created if missing, dropped at the end unless KEEP=1).
set -euo pipefail

USERS=${USERS:-2000000}
TPS=${TPS:-2000}
CLIENTS=${CLIENTS:-16}
BLOCKER=${BLOCKER:-30}
DB_URL=${BENCH_DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/cutover_bench_guard}

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
work="$(mktemp -d)"
load_pid=""
db_name="${DB_URL##*/}"; db_name="${db_name%%\?*}"
admin_url="${DB_URL%/*}/postgres"
cleanup() {
  if [ -n "$load_pid" ]; then kill "$load_pid" 2>/dev/null || true; wait "$load_pid" 2>/dev/null || true; fi
  if [ "${KEEP:-0}" != 1 ]; then psql -qX "$admin_url" -c "DROP DATABASE IF EXISTS $db_name WITH (FORCE)" >/dev/null 2>&1 || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

for tool in psql pgbench java; do
  command -v "$tool" >/dev/null || { echo "missing $tool (psql and pgbench: package postgresql-client)" >&2; exit 1; }
done
export PGOPTIONS="-c client_min_messages=warning"
sql() { psql -qtAX -v ON_ERROR_STOP=1 "$DB_URL" "$@"; }

if ! psql -qtAX "$admin_url" -c "SELECT 1 FROM pg_database WHERE datname = '$db_name'" | grep -q 1; then
  psql -qX "$admin_url" -c "CREATE DATABASE $db_name" >/dev/null
fi
echo "preparing $USERS users in $db_name ..." >&2
# The benchmark's own Flyway location: the users table of V1, then one ADD COLUMN per variant.
mkdir -p "$work/migrations"
cp "$root/migrations/src/main/resources/db/migration/V1__create_users.sql" "$work/migrations/"
sql -c "DROP TABLE IF EXISTS flyway_schema_history, users" >/dev/null
"$root/cutover" migrate --url "$DB_URL" --locations "filesystem:$work/migrations" >/dev/null 2>&1
sql -c "INSERT INTO users (id, email, hashed_password, full_name, created_at)
          SELECT gen_random_uuid(), 'user' || g || '@example.com', 'not-a-real-hash', 'User ' || g,
               now() - g * interval '1 second'
          FROM generate_series(1, $USERS) g" >/dev/null
sql -c "VACUUM ANALYZE users" >/dev/null

# The application: reads by email, one write in ten, through prepared statements with explicit column lists.
cat >"$work/load.sql" <<SQL
\set n random(1, $USERS)
\set w random(1, 10)
SELECT id, email, full_name FROM users WHERE email = 'user' || :n || '@example.com';
\if :w = 1
UPDATE users SET full_name = 'User ' || :n WHERE email = 'user' || :n || '@example.com';
\endif
SQL

# Runs the load for the whole of one variant; its per-transaction log gives latency (including schedule lag).
start_load() {
  local name=$1 seconds=$2
  (cd "$work" && pgbench -n -M prepared -c "$CLIENTS" -j 2 -R "$TPS" -T "$seconds" -f load.sql -l \
      --log-prefix="$(tr -c "a-zA-Z0-9\n" _ <<<"$name")" "$DB_URL" >"$work/$name.out" 2>&1) &
  load_pid=$!
}
wait_load() { wait "$load_pid" || true; load_pid=""; }

# slowest request in ms, seconds without a completed request, transactions
summarize() {
  cat "$work/$(tr -c "a-zA-Z0-9\n" _ <<<"$1")".[0-9]* | awk '
    { lat = ($3 + ($7 == "" ? 0 : $7)) / 1000.0; if (lat > max) max = lat; sec[$5] = 1; n++
      if (first == "" || $5 < first) first = $5; if ($5 > last) last = $5 }
    END { gaps = 0; for (s = first; s <= last; s++) if (!(s in sec)) gaps++
          printf "%.0f %d %d\n", max, gaps, n }'
}

blocker() { # holds ACCESS SHARE on users for $1 seconds, like the long query of the incident
  psql -qX "$DB_URL" -c "BEGIN; SET application_name = 'nightly-report'; SELECT count(*) FROM users;
                          SELECT pg_sleep($1); COMMIT;" >/dev/null &
}

migration_dir() { # the Flyway location of the benchmark's migrations, with one more ADD COLUMN at version $1
  echo "ALTER TABLE users ADD COLUMN IF NOT EXISTS bench_col_$1 text;" >"$work/migrations/V$1__bench_add_column.sql"
  echo "filesystem:$work/migrations"
}

results=()
record() { results+=("$(printf '%-36s %9s %9s %9s %9s %9s' "$1" "$2" "$3" "$4" "$5" "$6")"); }

echo "baseline: load alone ..." >&2
start_load baseline 20; wait_load
read -r base_max base_gaps base_n < <(summarize baseline)
record "baseline (no migration)" "$base_max" "$base_gaps" "-" "-" "$base_n"

run_variant() {
  local name=$1; shift
  local seconds=$((BLOCKER + 15))
  start_load "$name" "$seconds"
  sleep 3
  blocker "$BLOCKER"
  sleep 2
  local t0 t1 attempts
  t0=$(date +%s%N)
  "$@" >"$work/$name.migrate.json" 2>"$work/$name.migrate.err" || echo "  $name: the migration failed: $(grep '^cutover:' "$work/$name.migrate.err" | tail -1)" >&2
  t1=$(date +%s%N)
  wait_load
  attempts=$(grep -o '"attempts" : [0-9]*' "$work/$name.migrate.json" | tail -1 | grep -o '[0-9]*$' || echo 1)
  read -r max gaps n < <(summarize "$name")
  record "$name" "$max" "$gaps" "${attempts:-1}" "$(( (t1 - t0) / 1000000 ))" "$n"
  sleep 2
}

echo "unguarded ALTER (Flyway's default) ..." >&2
run_variant "unguarded" psql -qX "$DB_URL" -c "ALTER TABLE users ADD COLUMN bench_col_0 text"
v=100
for variant in "retry-only lock_timeout=2s:2s:100ms:ignore" "retry-only lock_timeout=500ms:500ms:1s:ignore" \
               "retry-only lock_timeout=100ms:100ms:1s:ignore" "pre-flight wait, lock_timeout=100ms:100ms:1s:wait"; do
  IFS=: read -r label timeout floor policy <<<"$variant"
  echo "$label ..." >&2
  loc=$(migration_dir $v)
  run_variant "$label" "$root/cutover" migrate --url "$DB_URL" --locations "$loc" --lock-timeout "$timeout" \
      --backoff-floor "$floor" --blockers "$policy" --retry-budget 10m --format json
  v=$((v + 1))
done

echo
echo "Lock guard benchmark: $USERS users, $TPS tps ($CLIENTS clients, 10% writes), ${BLOCKER}s blocker holding ACCESS SHARE"
printf '%-36s %9s %9s %9s %9s %9s\n' "variant" "max ms" "0-tps s" "attempts" "migr. ms" "requests"
printf '%s\n' "${results[@]}"
echo
for line in "${results[@]:1}"; do
  name=$(cut -c1-36 <<<"$line" | sed 's/ *$//'); max=$(awk '{print $(NF-4)}' <<<"$line")
  awk -v n="$name" -v m="$max" -v b="$base_max" 'BEGIN { printf "%-36s slowest request = %.1f x baseline slowest\n", n, m / (b > 0 ? b : 1) }'
done
