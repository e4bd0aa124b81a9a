#!/usr/bin/env bash
# The cutover rehearsal end to end on one PostgreSQL server: for each mode, a fresh database at schema version 1,
# seeded, the packaged service started on it, then load-tests/rehearse.sh. Asserts the naive run stalls and the
# guarded and one-command runs pass; exits non-zero otherwise. CI scale by default (100k users, 20 s blocker, a few
# minutes). The one-command mode's service runs its backfill workers (BACKFILL_ENABLED=true, at half duty and 50 ms
# batches, as the guarded mode's CLI backfill runs; BACKFILL_* in the environment override them).
#
#   load-tests/ci-rehearsal.sh [--server-url postgresql://postgres@127.0.0.1:5432/postgres] [--users 100000]
#       [--blocker-seconds 20] [--rps N | --rate-fraction 0.4] [--max-ms 300] [--modes naive,guarded,one-command]
#         (the takeover scenario's default modes: naive,guarded)
#       [--port 8104] [--management-port 9104] [--keep-databases] [--db-prefix cutover_rehearsal_]
#       [--scenario cutover|takeover] [--old-rps 20] [--old-weights list-items=1] [--side-by-side 20]
#       [--warm-up SECONDS] [--seeded-copy-of DATABASE]
#
# The rate (cutover scenario): --rps as given, else --rate-fraction of the capacity the first mode's rehearsal
# measures against its service; the later modes run at the same rate. The takeover scenario runs Cutover at
# --rps (default 10).
# The databases it creates (<prefix><mode>_<time>; --db-prefix or CUTOVER_REHEARSAL_DB_PREFIX, default
# cutover_rehearsal_) are dropped at the end unless --keep-databases.
# --seeded-copy-of DB: each database starts as a copy of DB (CREATE DATABASE ... TEMPLATE), one seeded before and
# never rehearsed on, so a 2M-user run does not seed twice (the seed then only checks). --warm-up: seconds of load
# before the blocker (default: 30, 15 after a capacity run, takeover 5); the baseline is their second half.
# --scenario takeover: each database starts empty, is seeded in the FastAPI template's shape, and rehearse.sh starts
# the packaged service itself once the adoption has created its users table (see rehearse.sh).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
server_url="postgresql://postgres@127.0.0.1:5432/postgres"
users=100000
blocker_seconds=20
rps=""
rate_fraction=0.4
max_ms=""
db_prefix="${CUTOVER_REHEARSAL_DB_PREFIX:-cutover_rehearsal_}"
modes=""
port=8104
management_port=9104
keep=false
scenario=cutover
old_rps=20
side_by_side=20
old_weights=""
warm_up=""
seeded_copy_of=""

die() { echo "ci-rehearsal: $*" >&2; exit 1; }
while [ $# -gt 0 ]; do
  case "$1" in
    --server-url) server_url="${2:-}"; shift 2 ;;
    --users) users="${2:-}"; shift 2 ;;
    --blocker-seconds) blocker_seconds="${2:-}"; shift 2 ;;
    --rps) rps="${2:-}"; shift 2 ;;
    --rate-fraction) rate_fraction="${2:-}"; shift 2 ;;
    --max-ms) max_ms="${2:-}"; shift 2 ;;
    --db-prefix) db_prefix="${2:-}"; shift 2 ;;
    --modes) modes="${2:-}"; shift 2 ;;
    --port) port="${2:-}"; shift 2 ;;
    --management-port) management_port="${2:-}"; shift 2 ;;
    --keep-databases) keep=true; shift ;;
    --scenario) scenario="${2:-}"; shift 2 ;;
    --old-rps) old_rps="${2:-}"; shift 2 ;;
    --side-by-side) side_by_side="${2:-}"; shift 2 ;;
    --old-weights) old_weights="${2:-}"; shift 2 ;;
    --warm-up) warm_up="${2:-}"; shift 2 ;;
    --seeded-copy-of) seeded_copy_of="${2:-}"; shift 2 ;;
    -h|--help) sed -n '2,24p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown argument '$1' (see --help)" ;;
  esac
done
[[ "$port" =~ ^[0-9]+$ ]] || die "--port must be a number"
[[ "$management_port" =~ ^[0-9]+$ ]] || die "--management-port must be a number"
case "$scenario" in cutover|takeover) ;; *) die "--scenario must be cutover or takeover" ;; esac
[[ -z "$warm_up" || "$warm_up" =~ ^[0-9]+$ ]] || die "--warm-up must be a whole number of seconds"
[[ -z "$seeded_copy_of" || "$seeded_copy_of" =~ ^[a-z_][a-z0-9_]*$ ]] || die "--seeded-copy-of: not a plain database name"
[[ "$db_prefix" =~ ^[a-z_][a-z0-9_]*$ ]] || die "--db-prefix must be a lower-case SQL identifier, e.g. rate_"
[ "$scenario" = cutover ] || rps="${rps:-10}"
[ -n "$modes" ] || { [ "$scenario" = cutover ] && modes="naive,guarded,one-command" || modes="naive,guarded"; }
rate=()
if [ -n "$rps" ]; then rate=(--rps "$rps"); else rate=(--rate-fraction "$rate_fraction"); fi
[ -z "$max_ms" ] || rate+=(--max-ms "$max_ms")
command -v psql >/dev/null 2>&1 || die "psql is needed (package postgresql-client)"
command -v curl >/dev/null 2>&1 || die "curl is needed"
psql -qtAX "$server_url" -c "SELECT 1" >/dev/null || die "cannot connect to $server_url"

# The service's jar, built when missing or older than its sources (package only: nothing goes to ~/.m2).
jar="$root/service/target/quarkus-app/quarkus-run.jar"
if [ ! -f "$jar" ] || [ -n "$(find "$root/service/src/main" "$root/migrations/src/main" "$root/service/pom.xml" \
    -newer "$jar" -print -quit)" ]; then
  echo "ci-rehearsal: building the service ..." >&2
  (cd "$root" && ./mvnw -q -B -ntp -pl service -am package -DskipTests >&2)
fi

echo "ci-rehearsal: building the CLI and the load tests ..." >&2
"${CUTOVER_CLI:-$root/cutover}" --version >/dev/null
(cd "$root" && ./mvnw -q -B -ntp -pl load-tests test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/report.classpath -Dmdep.includeScope=compile >&2)
started=$SECONDS

server_base="${server_url%/*}"
server_query=""
[[ "$server_url" == *\?* ]] && server_query="?${server_url#*\?}"
work="$root/load-tests/target/ci-rehearsal-$scenario-$(date -u +%Y%m%d-%H%M%S)"
mkdir -p "$work"
superuser="rehearsal-admin@example.com"
superuser_password="rehearsal-$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')"
service_pid=""
databases=()

stop_service() {
  if [ -n "$service_pid" ]; then
    kill "$service_pid" 2>/dev/null || true
    wait "$service_pid" 2>/dev/null || true
    service_pid=""
  fi
}
cleanup() {
  stop_service
  if ! $keep; then
    for db in "${databases[@]}"; do
      psql -qtAX "$server_url" -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1 || true
    done
  fi
}
trap cleanup EXIT

# 32 random bytes in hex: the packaged service refuses secrets under 32 bytes.
secret_suffix="$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')"
service_workers=false
service_command() {  # db_url: the packaged service's command line, as one string for bash -c
  printf 'DATABASE_URL=%q SECRET_KEY=%q FIRST_SUPERUSER=%q FIRST_SUPERUSER_PASSWORD=%q PORT=%q MANAGEMENT_PORT=%q QUARKUS_LOG_LEVEL=WARN' \
    "$1" "rehearsal-secret-$secret_suffix" "$superuser" "$superuser_password" "$port" "$management_port"
  if $service_workers; then
    printf ' BACKFILL_ENABLED=true BACKFILL_DUTY_CYCLE=%q BACKFILL_TARGET_BATCH=%q' "${BACKFILL_DUTY_CYCLE:-0.5}" \
      "${BACKFILL_TARGET_BATCH:-PT0.05S}"
  fi
  # The password-hashing cost, when given (ARGON2_MEMORY_KIB, ARGON2_ITERATIONS, ARGON2_PARALLELISM): at the
  # template's default one sign-up hashes for about 250 ms of the 2 cores, which then bounds the worst request.
  local name
  for name in ARGON2_MEMORY_KIB ARGON2_ITERATIONS ARGON2_PARALLELISM; do
    [ -z "${!name:-}" ] || printf ' %s=%q' "$name" "${!name}"
  done
  printf ' exec java'
}
start_service() {  # db_url, log, extra java options...
  local db_url="$1" log="$2"; shift 2
  bash -c "$(service_command "$db_url") $* -jar $(printf %q "$jar")" > "$log" 2>&1 &
  service_pid=$!
  for _ in $(seq 1 120); do
    curl -sf "http://localhost:$management_port/q/health/ready" >/dev/null 2>&1 && return 0
    kill -0 "$service_pid" 2>/dev/null || { tail -n 20 "$log" >&2; die "the service did not start (see $log)"; }
    sleep 1
  done
  die "the service was not ready after 120 s (see $log)"
}

failures=()
IFS=, read -r -a mode_list <<< "$modes"
for mode in "${mode_list[@]}"; do
  case "$mode" in naive|guarded) service_workers=false ;; one-command) service_workers=true ;;
    *) die "unknown mode '$mode'" ;; esac
  [ "$scenario" = cutover ] || [ "$mode" != one-command ] || die "the one-command mode rehearses the cutover scenario"
  db="${db_prefix}${mode//-/_}_$(date -u +%Y%m%d%H%M%S)"
  db_url="$server_base/$db$server_query"
  echo "ci-rehearsal: $mode: fresh database $db ..." >&2
  psql -qtAX "$server_url" -c "CREATE DATABASE $db${seeded_copy_of:+ TEMPLATE $seeded_copy_of}" >/dev/null
  databases+=("$db")
  set +e
  if [ "$scenario" = takeover ]; then
    # An empty database: rehearse.sh seeds it in the template's shape and starts the service once it can.
    "$root/load-tests/rehearse.sh" --scenario takeover --mode "$mode" --base-url "http://localhost:$port" \
      --database-url "$db_url" --blocker-seconds "$blocker_seconds" --users "$users" "${rate[@]}" \
      --old-rps "$old_rps" --old-weights "$old_weights" --side-by-side "$side_by_side" --warm-up "${warm_up:-5}" --tail 5 \
      --superuser "$superuser" --superuser-password "$superuser_password" --out "$work/$mode" --skip-build \
      --cutover-start "$(service_command "$db_url") -jar $(printf %q "$jar")" \
      | tee "$work/$mode.out"
  else
    set -e
    # Flyway writes V1..V7 with its own history at a first start; the reset then takes it back to V1, so the
    # rehearsal applies V2..V7 to a database whose history is Flyway's own.
    start_service "$db_url" "$work/service-$mode-setup.log" -Dcutover.migrate-at-start=true
    stop_service
    PGAPPNAME=cutover-rehearsal psql -qtAX "$db_url" -f "$root/load-tests/sql/reset-to-v1.sql" >/dev/null
    "${CUTOVER_CLI:-$root/cutover}" seed --url "$db_url" --users "$users" >&2
    start_service "$db_url" "$work/service-$mode.log"
    # A mode that measures the capacity first has a service warmed by it: half the warm-up suffices.
    mode_warm_up="${warm_up:-30}"
    [ -z "$warm_up" ] && [ "${rate[0]}" = --rate-fraction ] && [[ " ${rate[*]} " != *" --capacity-rps "* ]] \
      && mode_warm_up=15
    set +e
    "$root/load-tests/rehearse.sh" --mode "$mode" --base-url "http://localhost:$port" --database-url "$db_url" \
      --blocker-seconds "$blocker_seconds" --users "$users" "${rate[@]}" --warm-up "$mode_warm_up" --tail 5 \
      --superuser "$superuser" --superuser-password "$superuser_password" --out "$work/$mode" --skip-build \
      | tee "$work/$mode.out"
  fi
  rc=${PIPESTATUS[0]}
  # Every later mode runs at the rate the first one derived, from the capacity it measured.
  capacity="$(sed -n 's/^capacity_rps=//p' "$work/$mode/rate.properties" 2>/dev/null || true)"
  if [ -z "$rps" ] && [ -n "$capacity" ] && [ "$capacity" != 0 ] && [ "${rate[0]}" = --rate-fraction ]; then
    rate=(--rate-fraction "$rate_fraction" --capacity-rps "$capacity" --capacity-source \
      "in the same run, in the $mode rehearsal's service before its load")
    [ -z "$max_ms" ] || rate+=(--max-ms "$max_ms")
  fi
  set -e
  stop_service
  [ "$rc" = 0 ] || failures+=("$mode (exit $rc)")
  echo "ci-rehearsal: $mode done after $((SECONDS - started)) s" >&2
done

echo
echo "ci-rehearsal: reports in $work"
for mode in "${mode_list[@]}"; do
  grep -h '^verdict:' "$work/$mode.out" 2>/dev/null || echo "verdict: none for $mode"
done
# The figures, one machine-greppable line per mode (see RehearsalReport), last.
summary() {
  for mode in "${mode_list[@]}"; do
    grep -h '^rehearsal mode=' "$work/$mode.out" 2>/dev/null || echo "rehearsal mode=$mode verdict=NONE"
  done
}
if [ ${#failures[@]} -gt 0 ]; then
  echo "ci-rehearsal: FAILED: ${failures[*]}" >&2
  summary
  exit 1
fi
echo "ci-rehearsal: as expected ($scenario: $modes): naive stalls, the others pass"
summary
