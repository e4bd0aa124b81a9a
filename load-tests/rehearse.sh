#!/usr/bin/env bash
# shellcheck disable=SC2034  # some settings are read by takeover.sh, which this script sources
# The cutover rehearsal: against a running service and its database, under steady Gatling load, open a long
# transaction on users (the blocker), run the example migrations naive, guarded or one-command, sample lock waits
# every second, then write a report (Markdown + SVG) with a verdict. It touches nothing but the URLs it is given.
#
#   load-tests/rehearse.sh --mode naive|guarded|one-command --base-url URL --database-url URL
#       [--blocker-seconds 60] [--users 100000] [--rps N | --rate-fraction 0.4 [--capacity-rps N]]
#       [--warm-up 20] [--tail 10] [--superuser EMAIL] [--superuser-password PW] [--lock-timeout 100ms]
#       [--margin-ms 500] [--max-ms 300] [--backfill-options '--duty-cycle 0.5 --target-batch 50ms']
#       [--cli-java-opts OPTS] [--cli-priority idle|nice|normal] [--backfill-wait 45m] [--out DIR] [--reset-to-v1]
#       [--skip-build]
#       [--scenario cutover|takeover] [--old-rps 20] [--old-clients 8] [--old-weights list-items=1] [--side-by-side 20]
#       [--cutover-warm-up 20]
#       [--cutover-start CMD]
#       [--hold-load-while FILE]
#
# The rate: --rps as given; else --rate-fraction (default 0.4) of the service's capacity for the rehearsal's mix,
# measured before the rehearsal against the same service (CapacitySimulation: closed model, levels of 2..32
# concurrent users; the highest throughput of a level with p99 <= --capacity-p99-ms, default 250), or of
# --capacity-rps when a capacity was measured elsewhere in the same run (ci-rehearsal.sh: in its first mode).
# The modes: naive applies the files with psql and backfills with one UPDATE, as the seed's team did; guarded runs
# `migrate --target 2`, the CLI's backfill, then `migrate` on; one-command runs the README's single command for a busy
# database, `migrate --wait-for-backfills` (--backfill-wait, default 45m), whose backfill the service's own workers
# run (start the service with BACKFILL_ENABLED=true). Guarded and one-command PASS with 0 failed requests of every
# kind, no lock queue, and every request during the cutover within the baseline p99 + lock_timeout + --margin-ms and
# within --max-ms (default 300; 0: no bound; the takeover scenario has none unless given). Their CLI runs with
# --cli-java-opts at --cli-priority (default idle: SCHED_IDLE, so it only takes CPU the service leaves), the guarded
# backfill with --backfill-options.
#
# The database must be at schema version 1 (naive and guarded apply V2..V7, one-command every pending file). --reset-to-v1 first undoes V2..V7 on it
# (load-tests/sql/reset-to-v1.sql); restart the service afterwards if it was started on V6 or later, as it reads its
# login key from the schema at start. Exit: 0 when the run showed what its mode should (guarded and one-command:
# PASS, naive: STALLED), 3 when not, 1 on an error.
# --scenario takeover: the database is a FastAPI-template one (seeded in its shape when empty), its old service's
# SQL runs from the start (pgbench, --old-rps), the blocker holds "user", the adoption runs (naive: its files with
# psql; guarded: ./cutover adopt), Cutover's service starts after the expand phase (--cutover-start runs it; else it
# is expected at --base-url), both run --side-by-side seconds after Cutover's --cutover-warm-up, the old service
# stops, the contract step runs.
# --hold-load-while FILE: after the tail, the load goes on while FILE exists (at most 10 minutes), for another process
# that disrupts the service meanwhile (the topology rehearsal restarts its instances) and deletes FILE when done.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
mode=""
base_url=""
db_url=""
blocker_seconds=60
users=100000
rps=""
rate_fraction=0.4
capacity_rps=""
capacity_source="in the same run, before the rehearsal, against the same service"
capacity_p99_ms=250
max_ms=""
backfill_options="--duty-cycle 0.5 --target-batch 50ms"
cli_java_opts="-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:CICompilerCount=1"
cli_priority=idle
backfill_wait=45m
warm_up=20
tail_seconds=10
# Between the expand (to V6) and the contract (V7), guarded mode: the CLI's --contract-wait default (preflight).
contract_wait_seconds=""
superuser="${FIRST_SUPERUSER:-admin@example.com}"
superuser_password="${FIRST_SUPERUSER_PASSWORD:-changethis}"
lock_timeout="100ms"
margin_ms=500
out=""
reset=false
build=true
scenario=cutover
old_rps=20
old_clients=8
old_weights=""
side_by_side=20
cutover_warm_up=20
cutover_start=""
hold_file=""

die() { echo "rehearse: $*" >&2; exit 1; }
usage() { sed -n '2,41p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }

while [ $# -gt 0 ]; do
  case "$1" in
    --mode) mode="${2:-}"; shift 2 ;;
    --base-url) base_url="${2:-}"; shift 2 ;;
    --database-url) db_url="${2:-}"; shift 2 ;;
    --blocker-seconds) blocker_seconds="${2:-}"; shift 2 ;;
    --users) users="${2:-}"; shift 2 ;;
    --rps) rps="${2:-}"; shift 2 ;;
    --rate-fraction) rate_fraction="${2:-}"; shift 2 ;;
    --capacity-rps) capacity_rps="${2:-}"; shift 2 ;;
    --capacity-source) capacity_source="${2:-}"; shift 2 ;;
    --capacity-p99-ms) capacity_p99_ms="${2:-}"; shift 2 ;;
    --max-ms) max_ms="${2:-}"; shift 2 ;;
    --backfill-options) backfill_options="${2:-}"; shift 2 ;;
    --cli-java-opts) cli_java_opts="${2:-}"; shift 2 ;;
    --cli-priority) cli_priority="${2:-}"; shift 2 ;;
    --backfill-wait) backfill_wait="${2:-}"; shift 2 ;;
    --warm-up) warm_up="${2:-}"; shift 2 ;;
    --tail) tail_seconds="${2:-}"; shift 2 ;;
    --superuser) superuser="${2:-}"; shift 2 ;;
    --superuser-password) superuser_password="${2:-}"; shift 2 ;;
    --lock-timeout) lock_timeout="${2:-}"; shift 2 ;;
    --margin-ms) margin_ms="${2:-}"; shift 2 ;;
    --out) out="${2:-}"; shift 2 ;;
    --reset-to-v1) reset=true; shift ;;
    --skip-build) build=false; shift ;;
    --scenario) scenario="${2:-}"; shift 2 ;;
    --old-rps) old_rps="${2:-}"; shift 2 ;;
    --old-clients) old_clients="${2:-}"; shift 2 ;;
    --old-weights) old_weights="${2:-}"; shift 2 ;;
    --side-by-side) side_by_side="${2:-}"; shift 2 ;;
    --cutover-warm-up) cutover_warm_up="${2:-}"; shift 2 ;;
    --cutover-start) cutover_start="${2:-}"; shift 2 ;;
    --hold-load-while) hold_file="${2:-}"; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) die "unknown argument '$1' (see --help)" ;;
  esac
done

case "$mode" in naive|guarded|one-command) ;; *) die "--mode must be naive, guarded or one-command" ;; esac
case "$scenario" in cutover|takeover) ;; *) die "--scenario must be cutover or takeover" ;; esac
[ "$scenario" = cutover ] || [ "$mode" != one-command ] || die "--mode one-command rehearses the cutover scenario"
[[ "$backfill_wait" =~ ^[0-9]+(ms|s|m|h)$ ]] || die "--backfill-wait must be a duration such as 45m"
[ -n "$base_url" ] || die "--base-url is required (the service under test, e.g. http://localhost:8000)"
[ -n "$db_url" ] || die "--database-url is required (that service's database, postgresql://user:pw@host:5432/db)"
for n in "$blocker_seconds" "$users" "$warm_up" "$tail_seconds" "$margin_ms" "$old_clients" "$side_by_side" "$cutover_warm_up"; do
  [[ "$n" =~ ^[0-9]+$ ]] || die "'$n' is not a whole number"
done
if [ "$scenario" = takeover ]; then
  # Cutover joins a takeover after the expand phase: there is no service to measure before it begins.
  [ -z "$capacity_rps" ] || die "--capacity-rps applies to the cutover scenario only"
  rps="${rps:-10}"
  max_ms="${max_ms:-0}"
fi
max_ms="${max_ms:-300}"
[ -z "$rps" ] || [[ "$rps" =~ ^[0-9]+([.][0-9]+)?$ ]] || die "--rps '$rps' is not a number"
[[ "$rate_fraction" =~ ^(0?[.][0-9]+|1([.]0*)?)$ ]] || die "--rate-fraction '$rate_fraction' must be in (0, 1]"
[ -z "$capacity_rps" ] || [[ "$capacity_rps" =~ ^[0-9]+([.][0-9]+)?$ ]] || die "--capacity-rps '$capacity_rps' is not a number"
for n in "$capacity_p99_ms" "$max_ms"; do [[ "$n" =~ ^[0-9]+$ ]] || die "'$n' is not a whole number"; done
case "$cli_priority" in idle|nice|normal) ;; *) die "--cli-priority must be idle, nice or normal" ;; esac
[[ "$old_rps" =~ ^[0-9]+$ ]] || die "--old-rps '$old_rps' is not a whole number"
[[ "$lock_timeout" =~ ^([0-9]+)ms$ ]] || die "--lock-timeout must be in milliseconds, e.g. 100ms"
lock_timeout_ms="${BASH_REMATCH[1]}"
base_url="${base_url%/}"
[ "$cli_priority" != idle ] || command -v chrt >/dev/null 2>&1 || die "--cli-priority idle needs chrt (util-linux)"
for tool in psql curl java; do
  command -v "$tool" >/dev/null 2>&1 || die "$tool is needed (psql: package postgresql-client)"
done

out="${out:-$root/load-tests/target/rehearsal-$scenario-$mode-$(date -u +%Y%m%d-%H%M%S)}"
mkdir -p "$out"
out="$(cd "$out" && pwd)"
stop_file="$out/stop"
old_stop_file="$out/stop-old-service"
rm -rf "$stop_file" "$old_stop_file" "$out/requests.csv" "$out/locks.csv" "$out/pgbench" "$out/gatling.pid" \
  "$out/cutover-service.pid"
echo "at_ms,event,detail" > "$out/events.csv"
now_ms() { date +%s%3N; }
event() { echo "$(now_ms),$1,${2:-}" >> "$out/events.csv"; echo "rehearse: $1 ${2:-}" >&2; }
# CUTOVER_CLI: another build of the CLI to rehearse with (default: this checkout's ./cutover).
cutover() { "${CUTOVER_CLI:-$root/cutover}" "$@"; }
# The guarded steps' CLI: a JVM that starts on the service's CPUs, so it yields them (SCHED_IDLE, or nice 19) and
# compiles less (C1 only, one compiler thread, serial GC); its work is the database's, which the JVM only waits for.
cli_step() {
  local priority=()
  case "$cli_priority" in
    idle) priority=(chrt --idle 0) ;;
    nice) priority=(nice -n 19) ;;
  esac
  # The JVM's own CPU time, in the step's log (what it took from the service's cores, at whatever priority).
  [ -x /usr/bin/time ] && priority=(/usr/bin/time -f "cli cpu: user=%U sys=%S wall=%e" "${priority[@]}")
  CUTOVER_JAVA_OPTS="$cli_java_opts${CUTOVER_JAVA_OPTS:+ $CUTOVER_JAVA_OPTS}" "${priority[@]}" \
    "${CUTOVER_CLI:-$root/cutover}" "$@"
}
loadavg() { event loadavg "$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo -)"; }
sql() { PGAPPNAME=cutover-rehearsal psql -qtAX -v ON_ERROR_STOP=1 "$db_url" "$@"; }

sampler_pid=""
blocker_pid=""
old_pid=""
gatling_pid() { cat "$out/gatling.pid" 2>/dev/null || true; }
# shellcheck disable=SC2317  # called by the EXIT trap
cleanup() {
  touch "$stop_file" "$old_stop_file" 2>/dev/null || true
  for pid in $blocker_pid $sampler_pid; do kill "$pid" 2>/dev/null || true; done
  local gatling
  gatling="$(gatling_pid)"
  if [ -n "$gatling" ] && kill -0 "$gatling" 2>/dev/null; then
    sleep 5
    kill -- "-$gatling" 2>/dev/null || true
  fi
  [ -n "$old_pid" ] && wait "$old_pid" 2>/dev/null || true
  if [ -f "$out/cutover-service.pid" ]; then
    kill -- "-$(cat "$out/cutover-service.pid")" 2>/dev/null || true
  fi
}
trap cleanup EXIT
# shellcheck source=takeover.sh
[ "$scenario" = takeover ] && source "$root/load-tests/takeover.sh"

# ---- Preflight: everything that can be refused is refused before any load or change. ----
if [ "$mode" = guarded ]; then
  commands="$(cutover --help 2>/dev/null)"
  if ! grep -qE '^ +migrate( |$)' <<<"$commands" || ! grep -qE '^ +backfill( |$)' <<<"$commands"; then
    die "guarded mode needs './cutover migrate' and './cutover backfill', which this build does not have yet"
  fi
  # Guarded mode migrates to V6 and contracts in a second run, so it waits itself, as long as one run would.
  contract_wait_seconds="$(cutover migrate --help 2>/dev/null | tr -s '\n ' ' ' \
    | sed -n 's/.*never waits (default: \([0-9][0-9]*\)s).*/\1/p')"
  [ -n "$contract_wait_seconds" ] || die "cannot read the default of --contract-wait from './cutover migrate --help'"
elif [ "$mode" = one-command ]; then
  cutover migrate --help 2>/dev/null | grep -q -- '--wait-for-backfills' \
    || die "one-command mode needs './cutover migrate --wait-for-backfills', which this build does not have"
fi
sql -c "SELECT 1" >/dev/null || die "cannot connect to the database (--database-url)"
if [ "$scenario" = takeover ]; then
  takeover_preflight
else
curl -sf --max-time 10 "$base_url/api/v1/utils/health-check/" >/dev/null \
  || die "no service answering at $base_url/api/v1/utils/health-check/"
[ "$(sql -c "SELECT to_regclass('users') IS NOT NULL")" = t ] || die "no users table in the database"

schema_state() {
  sql -c "SELECT coalesce((SELECT max(version::int) FROM flyway_schema_history WHERE success AND version ~ '^[0-9]+\$'), 0)
            || ':' || (SELECT count(*) FROM information_schema.columns
                        WHERE table_schema = current_schema() AND table_name = 'users' AND column_name = 'email_normalized')"
}
[ "$(sql -c "SELECT to_regclass('flyway_schema_history') IS NOT NULL")" = t ] \
  || die "no Flyway history in the database: apply V1 with Flyway first (start the service once with migrations)"
state="$(schema_state)"
if [ "$state" != "1:0" ]; then
  $reset || die "the database is not at schema version 1 (Flyway version ${state%%:*}); pass --reset-to-v1 to undo V2..V7"
  echo "rehearse: resetting the database to schema version 1 ..." >&2
  sql -f "$root/load-tests/sql/reset-to-v1.sql" >/dev/null
  state="$(schema_state)"
  [ "$state" = "1:0" ] || die "reset to version 1 did not take (state $state)"
fi
fi

# ---- Build what runs locally: the CLI (through ./cutover), the simulations and the report. ----
if $build || [ ! -f "$root/load-tests/target/report.classpath" ]; then
  echo "rehearse: building the load tests ..." >&2
  (cd "$root" && ./mvnw -q -B -ntp -pl load-tests test-compile dependency:build-classpath \
    -Dmdep.outputFile=target/report.classpath -Dmdep.includeScope=compile >&2)
fi

if [ "$scenario" = takeover ]; then
  takeover_seed
else
  echo "rehearse: seeding up to $users users ..." >&2
  cutover seed --url "$db_url" --users "$users" --logins-file "$out/logins.csv" --logins-count 10000 >&2
  sql -c "VACUUM ANALYZE users" >/dev/null
fi

# Seeded users Gatling logs in before its load; a template-shaped user's Argon2 hash costs pwdlib's 64 MiB, t=3.
token_users=20
[ "$scenario" = takeover ] && token_users=5
report_cp="$root/load-tests/target/classes:$(cat "$root/load-tests/target/report.classpath")"

# ---- The rate: given, or a fraction of the capacity measured here and now (or earlier in the same run). ----
write_rate() {  # rps capacity_rps fraction source
  printf 'rps=%s\ncapacity_rps=%s\nfraction=%s\nsource=%s\n' "$1" "$2" "$3" "$4" > "$out/rate.properties"
}
if [ -n "$rps" ]; then
  write_rate "$rps" 0 0 "given"
elif [ -n "$capacity_rps" ]; then
  rps="$(awk -v c="$capacity_rps" -v f="$rate_fraction" 'BEGIN { r = int(c * f + 0.5); print (r < 1 ? 1 : r) }')"
  write_rate "$rps" "$capacity_rps" "$rate_fraction" "$capacity_source"
else
  echo "rehearse: measuring the service's capacity for the rehearsal's mix ..." >&2
  mkdir -p "$out/capacity"
  "$root/mvnw" -B -ntp -pl load-tests gatling:test -Dgatling.simulationClass=dev.cutover.loadtests.CapacitySimulation \
    -DbaseUrl="$base_url" -DloginsFile="$out/logins.csv" -DrequestLog="$out/capacity/requests.csv" \
    -DlevelsFile="$out/capacity/levels.csv" -Dsuperuser="$superuser" -DsuperuserPassword="$superuser_password" \
    -DtokenUsers="$token_users" > "$out/capacity/gatling.log" 2>&1 \
    || { tail -n 30 "$out/capacity/gatling.log" >&2; die "the capacity run failed (see $out/capacity)"; }
  java -cp "$report_cp" dev.cutover.loadtests.report.CapacityReport --dir "$out/capacity" --rate-dir "$out" \
    --fraction "$rate_fraction" --p99-ms "$capacity_p99_ms" --source "$capacity_source" | tee "$out/capacity/report.txt" >&2
  [ "${PIPESTATUS[0]}" = 0 ] || die "no capacity measured (see $out/capacity/report.txt)"
  rps="$(sed -n 's/^rps=//p' "$out/rate.properties")"
fi
echo "rehearse: rate $rps req/s" >&2

# ---- Steady load, and the lock sampler. ----
start_gatling() {
  event load_start "$rps req/s"
  loadavg
  # setsid: Maven forks Gatling's JVM; one process group lets the cleanup end both.
  setsid "$root/mvnw" -B -ntp -pl load-tests gatling:test \
    -Dgatling.simulationClass=dev.cutover.loadtests.RehearsalSimulation \
    -DbaseUrl="$base_url" -Drps="$rps" -Dduration=3600 -DrampUp=5 \
    -DloginsFile="$out/logins.csv" -DstopFile="$stop_file" -DrequestLog="$out/requests.csv" \
    -Dsuperuser="$superuser" -DsuperuserPassword="$superuser_password" -DtokenUsers="$token_users" \
    > "$out/gatling.log" 2>&1 &
  echo $! > "$out/gatling.pid"
}
if [ "$scenario" = takeover ]; then
  event old_load_start "$old_rps tx/s, $old_clients clients"
  old_traffic &
  old_pid=$!
  first_log="$out/pgbench"
else
  start_gatling
  first_log="$out/requests.csv"
fi

(
  echo "at_ms,waiting,ddl_waiting,ungranted,longest_wait_s"
  while [ ! -e "$stop_file" ]; do
    PGAPPNAME=cutover-rehearsal-sampler psql -qtAX -F, "$db_url" -f "$root/load-tests/sql/lock-sample.sql" || true
    sleep 1
  done
) > "$out/locks.csv" 2>/dev/null &
sampler_pid=$!

load_lines() {
  if [ -d "$first_log" ]; then  # pgbench writes its log as a run ends (every 10 s)
    cat "$first_log"/log-* 2>/dev/null | wc -l
  else
    if [ -f "$first_log" ]; then wc -l < "$first_log"; else echo 0; fi
  fi
}
for _ in $(seq 1 180); do
  [ "$(load_lines)" -gt 20 ] && break
  if [ "$scenario" = takeover ]; then
    kill -0 "$old_pid" 2>/dev/null || die "the old service's traffic (pgbench) stopped before the load began"
  else
    kill -0 "$(gatling_pid)" 2>/dev/null || { tail -n 30 "$out/gatling.log" >&2; die "Gatling stopped before the load began"; }
  fi
  sleep 1
done
[ "$(load_lines)" -gt 20 ] || die "no load after 180 s (see $out)"
echo "rehearse: load running; warm-up ${warm_up}s ..." >&2
sleep "$warm_up"

# ---- The blocker: a transaction that read users and stays open, like a long report or a forgotten session. ----
blocked_table=users
[ "$scenario" = takeover ] && blocked_table='"user"'
loadavg
event blocker_start "${blocker_seconds}s"
(
  PGAPPNAME=cutover-rehearsal-blocker psql -qtAX -v ON_ERROR_STOP=1 "$db_url" >/dev/null <<SQL
BEGIN;
SELECT id FROM $blocked_table LIMIT 1;
SELECT pg_sleep($blocker_seconds);
COMMIT;
SQL
  echo "$(now_ms),blocker_end," >> "$out/events.csv"
) &
blocker_pid=$!
for _ in $(seq 1 50); do
  [ "$(sql -c "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'cutover-rehearsal-blocker'
                 AND query ILIKE '%pg_sleep%'")" -gt 0 ] && break
  sleep 0.2
done
sleep 2

# ---- The migrations. ----
migration_status=ok
run_step() {  # name, command...
  local name="$1"; shift
  event step_start "$name"
  if "$@" > "$out/step-${name//[^A-Za-z0-9]/_}.log" 2>&1; then
    event step_end "$name ok"
  else
    local rc=$?
    event step_end "failed: $name exit $rc"
    tail -n 5 "$out/step-${name//[^A-Za-z0-9]/_}.log" >&2
    migration_status="failed: $name exit $rc"
    return 1
  fi
}
# shellcheck disable=SC2317  # called through run_step
naive_file() {  # As Flyway applies a file by default: one transaction, unless it holds CONCURRENTLY; no timeouts
  local single=(--single-transaction)  # (not even a role's own, as infra/postgres/roles.sql sets for the migrator).
  grep -qi 'concurrently' "$1" && single=()
  PGOPTIONS="-c lock_timeout=0 -c statement_timeout=0" PGAPPNAME=cutover-rehearsal-naive psql -q -v ON_ERROR_STOP=1 "${single[@]}" "$db_url" -f "$1"
}
# shellcheck disable=SC2317  # called through run_step
naive_backfill() {  # The naive backfill: one UPDATE of every row, in one transaction; prints UPDATE <rows>.
  PGOPTIONS="-c lock_timeout=0 -c statement_timeout=0" PGAPPNAME=cutover-rehearsal-naive psql -v ON_ERROR_STOP=1 "$db_url" \
    -c "UPDATE users SET email_normalized = lower(btrim(email)) WHERE email_normalized IS NULL"
}

# shellcheck disable=SC2317  # run in the background in one-command mode
watch_backfill() {  # The service's workers run the backfill: its start and end as events, read off its job's row.
  local started=false row
  while [ ! -e "$stop_file" ]; do
    row="$(sql -c "SELECT status || ' ' || rows_done FROM cutover.backfill_jobs
                    WHERE name = 'users_email_normalized'" 2>/dev/null || true)"
    case "$row" in
      running*|completed*)
        $started || { event backfill_start "users_email_normalized, by the service's workers"; started=true; } ;;
    esac
    case "$row" in
      completed*) event backfill_end "ok rows=${row#* }"; return ;;
      failed*|cancelled*) event backfill_end "failed: the job is ${row%% *}"; return ;;
    esac
    sleep 0.5
  done
}

migrations="$root/migrations/src/main/resources/db/migration"
event migration_start "$mode"
if [ "$scenario" = takeover ]; then
  run_takeover_migrations
elif [ "$mode" = naive ]; then
  for v in 2 2_1 3 4 5 6 7; do
    file="$(ls "$migrations"/V"${v}"__*.sql)"
    if [ "$v" = 4 ]; then
      event backfill_start "one UPDATE"
      run_step "backfill (one UPDATE)" naive_backfill || break
      event backfill_end "ok rows=$(sed -n 's/^UPDATE \([0-9]*\)$/\1/p' "$out/step-backfill__one_UPDATE_.log")"
    fi
    run_step "V$v" naive_file "$file" || break
  done
else
  guard=(--url "$db_url" --lock-timeout "$lock_timeout" --retry-budget 10m --blockers wait)
fi
if [ "$scenario" = cutover ] && [ "$mode" = one-command ]; then
  # What the README offers a busy database: one command that stops at V4's gate, marks the backfill running for the
  # service's workers, waits for them, and migrates on (the contract step after --contract-wait).
  watch_backfill &
  watcher_pid=$!
  run_step "migrate --wait-for-backfills $backfill_wait" cli_step migrate "${guard[@]}" \
    --wait-for-backfills "$backfill_wait" || true
  for _ in $(seq 1 10); do kill -0 "$watcher_pid" 2>/dev/null || break; sleep 0.5; done
  kill "$watcher_pid" 2>/dev/null || true
  wait "$watcher_pid" 2>/dev/null || true
elif [ "$scenario" = cutover ] && [ "$mode" = guarded ]; then
  # shellcheck disable=SC2086  # the backfill's options are words
  if run_step "migrate --target 2" cli_step migrate "${guard[@]}" --target 2; then
    event backfill_start "users_email_normalized $backfill_options"
    if run_step "backfill users_email_normalized" cli_step backfill start users_email_normalized --url "$db_url" \
        --no-progress $backfill_options; then
      event backfill_end "ok rows=$(sql -c "SELECT rows_done FROM cutover.backfill_jobs
                                            WHERE name = 'users_email_normalized'" 2>/dev/null || true)"
      # Expand to V6 (the normalized index), then contract: V7 drops the index on email, so it waits until every
      # instance looks users up by the new one (the service reads its catalog every second, SchemaFeatures).
      if run_step "migrate V3..V6" cli_step migrate "${guard[@]}" --target 6; then
        event contract_wait "${contract_wait_seconds}s"
        sleep "$contract_wait_seconds"
        run_step "migrate V7.." cli_step migrate "${guard[@]}" || true
      fi
    else
      event backfill_end "$migration_status"
    fi
  fi
fi
event migration_end "$migration_status"
loadavg

# ---- Let the load see the after-state, then stop everything and write the report. ----
wait "$blocker_pid" 2>/dev/null || true
blocker_pid=""
sleep "$tail_seconds"
if [ -n "$hold_file" ]; then
  for _ in $(seq 1 600); do [ -e "$hold_file" ] || break; sleep 1; done
fi
event load_stop ""
touch "$stop_file" "$old_stop_file"
[ -n "$old_pid" ] && { wait "$old_pid" 2>/dev/null || true; old_pid=""; }
for _ in $(seq 1 120); do
  kill -0 "$(gatling_pid)" 2>/dev/null || break
  sleep 1
done
wait "$sampler_pid" 2>/dev/null || true
sampler_pid=""
gatling_report="$(grep -o 'file://[^ ]*index.html' "$out/gatling.log" | tail -n 1 || true)"

title="Cutover rehearsal, $mode: $users users, $rps req/s, ${blocker_seconds}s blocker"
[ "$scenario" = takeover ] && title="Takeover rehearsal, $mode: $users template users, old service $old_rps tx/s, Cutover $rps req/s, ${blocker_seconds}s blocker"
set +e
java -cp "$report_cp" dev.cutover.loadtests.report.RehearsalReport --dir "$out" --mode "$mode" \
  --lock-timeout-ms "$lock_timeout_ms" --margin-ms "$margin_ms" --max-ms "$max_ms" \
  --blocker-seconds "$blocker_seconds" --late-warm-up-ms "$((cutover_warm_up * 1000))" --title "$title" \
  > "$out/report.txt"
verdict=$?
set -e
[ -n "$gatling_report" ] && echo "Gatling report: $gatling_report"
# The report's last line (rehearsal mode=... key=value ...) stays this script's last, for scripts that grep it.
cat "$out/report.txt"
exit "$verdict"
