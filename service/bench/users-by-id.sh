#!/usr/bin/env bash
# Benchmark of the hot path, all in one run against one database:
#  1. GET /api/v1/users/{id} through the service at its max rate (wrk, closed loop), in ROUNDS rounds alternating
#     with the same request served by the hot-path floor (service/bench/hotpath-floor: plain Vert.x doing the same
#     work over one pipelined connection per event loop, checked to answer byte for byte as the service does, with
#     the same JVM options); next to it the same SQL run by pgbench -M prepared at its best client count (and with
#     the two statements in one pipeline). Ratios: service/floor (the median of the rounds' ratios) and
#     service/pgbench; CPU time per request of both JVMs. The service runs as the image runs it
#     (infra/docker/cutover-service.sh, the Dockerfile's JAVA_OPTS, the pod's memory limit), as startup.sh does;
#     then the service's CPU time per login against Debian's python3-argon2 (argon2-cffi, the C reference)
#     verifying the same hash;
#  2. the same request at half that max rate in an open model (open-model.sh: Node.js + undici, constant arrival rate):
#     p50/p99, next to PostgreSQL alone at half its own max rate in an open model (pgbench -R), the floor under the tail;
#  3. the server time of keyset pages of 100 users, from the service's own histogram (keyset-pages.sh).
# The last line sums it up for scripts: hotpath ratio_vertx=... ratio=... service_rps=... pgbench_tps=... half_rate=... p99_ms=...
# floor_p99_ms=...
#
#   service/bench/users-by-id.sh                 # 2,000,000 users, 30 s per measurement
#   USERS=200000 DURATION=15 service/bench/users-by-id.sh
#
# Settings (environment): USERS, DURATION (s), ROUNDS (3), LOGINS (20), CONNECTIONS (wrk), THREADS (wrk), PG_CLIENTS (the pgbench client
# counts to try, "1 2 4 8 16 32"; one number: that count only),
# BENCH_DATABASE_URL (a database it may fill; created if missing), PORT (service port), FLOOR_PORT, MANAGEMENT_PORT (its health
# and metrics), SERVICE_ENV (extra VAR=value settings for the service, e.g. "DATABASE_POOL_SIZE=8"), PROFILE (a .jfr
# file: a JFR recording of the service during the wrk run; starting it makes the JIT recompile, so that run's rate is
# lower), SERVICE_APP (another build's quarkus-app directory, to compare), JAVA (JDK 25 by default), AOT, JAVA_OPTS,
# EXTRA_JAVA_OPTS and MEMORY_LIMIT (as for startup.sh), QUICK=1 (step 1 only: A/B runs of builds or settings), WARM_ROUND and WARM_MAX (s: the warm-up's rounds, repeated until the JIT compilers are idle, and its
# limit). Step 2 runs Node.js (open-model.sh installs it when missing).
set -euo pipefail

USERS=${USERS:-2000000}
DURATION=${DURATION:-30}
ROUNDS=${ROUNDS:-3}
LOGINS=${LOGINS:-20}
FLOOR_PORT=${FLOOR_PORT:-8091}
CONNECTIONS=${CONNECTIONS:-64}
THREADS=${THREADS:-2}
PG_CLIENTS=${PG_CLIENTS:-1 2 4 8 16 32}
PORT=${PORT:-8090}
MANAGEMENT_PORT=${MANAGEMENT_PORT:-9090}
DB_URL=${BENCH_DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/cutover_bench}
SAMPLE=100000
# Random and over 32 bytes: the packaged service refuses shorter secrets and any the repository ships.
PASSWORD="bench-password-$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')"
SECRET="bench-secret-$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')"

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
work=""  # lib.sh makes it a scratch directory, removed on exit
service_pid=""  # the service lib.sh's launch_service starts, stopped on exit
floor_pid=""  # the hot-path floor lib.sh's launch_floor starts, stopped on exit
# shellcheck source=service/bench/lib.sh
. "$root/service/bench/lib.sh"

need wrk wrk
need pgbench postgresql-client
need psql postgresql-client
need curl curl
need /usr/bin/python3 python3
need_python argon2 python3-argon2
ensure_database

bench_java
app="${SERVICE_APP:-$root/service/target/quarkus-app}"
if [ ! -f "$app/quarkus-run.jar" ] && [ -z "${SERVICE_APP:-}" ]; then
  echo "building the service ..." >&2
  (cd "$root" && ./mvnw -q -B -ntp -pl service -am package -DskipTests)
fi
service_home home "$app"
opts=$(image_java_opts)
train_aot home "$opts" "$DB_URL"

# The password is new in every run: the first superuser of an earlier run goes, so the service makes it again with
# this one (a table that does not exist yet has nothing to remove).
sql -c "DELETE FROM users WHERE email = 'bench-admin@example.com'" 2>/dev/null || true
echo "starting the service on :$PORT against $DB_URL (as the image does: $opts) ..." >&2
# shellcheck disable=SC2086 # SERVICE_ENV is a list of words on purpose
launch_service "$work/home" "$opts" ${SERVICE_ENV:-} DATABASE_URL="$DB_URL" SECRET_KEY="$SECRET" \
  FIRST_SUPERUSER=bench-admin@example.com FIRST_SUPERUSER_PASSWORD="$PASSWORD" PORT="$PORT" \
  MANAGEMENT_PORT="$MANAGEMENT_PORT" QUARKUS_LOG_LEVEL=WARN MIGRATE_AT_START=true
for _ in $(seq 1 60); do
  curl -sf "localhost:$MANAGEMENT_PORT/q/health/ready" >/dev/null 2>&1 && break
  kill -0 "$service_pid" 2>/dev/null || { cat "$work/service.log" >&2; exit 1; }
  sleep 1
done
echo "starting the hot-path floor on :$FLOOR_PORT (the same JVM options) ..." >&2
# The JBoss log manager is the service's; the floor has none, and the JVM would say so at start.
launch_floor "${opts//-Djava.util.logging.manager=org.jboss.logmanager.LogManager/}" PORT="$FLOOR_PORT" \
  DATABASE_URL="$DB_URL" SECRET_KEY="$SECRET"

# Seed set-based, in chunks, with UUIDv7-shaped ids (48-bit millisecond time, version 7, variant 10) and the admin's
# Argon2 hash, so every seeded user can log in with the same password.
have=$(sql -c "SELECT count(*) FROM users")
if [ "$have" -lt "$USERS" ]; then
  echo "seeding $((USERS - have)) users ..." >&2
  hash=$(sql -c "SELECT hashed_password FROM users WHERE email = 'bench-admin@example.com'")
  chunk=500000
  from=$have
  while [ "$from" -lt "$USERS" ]; do
    to=$(( from + chunk < USERS ? from + chunk : USERS ))
    sql -c "INSERT INTO users (id, email, hashed_password, full_name, is_active, is_superuser, created_at)
      SELECT (lpad(to_hex(1700000000000 + g), 12, '0') || '7' || substr(md5(g::text), 1, 3)
              || substr('89ab', 1 + g % 4, 1) || substr(md5(g::text), 4, 15))::uuid,
             'seed' || g || '@example.com', '$hash', 'Seeded User ' || g, true, false,
             timestamptz '2023-11-14 22:13:20+00' + g * interval '1 millisecond'
      FROM generate_series($from + 1, $to) AS g
      ON CONFLICT DO NOTHING"
    echo "  $to / $USERS" >&2
    from=$to
  done
  sql -c "VACUUM ANALYZE users"
fi
sql -c "DROP TABLE IF EXISTS bench_ids" -c "CREATE TABLE bench_ids AS
  SELECT row_number() OVER () AS n, id FROM (SELECT id FROM users ORDER BY random() LIMIT $SAMPLE) s" \
  -c "ALTER TABLE bench_ids ADD PRIMARY KEY (n)" -c "ANALYZE bench_ids"
sql -c "SELECT id FROM bench_ids ORDER BY n" > "$work/ids.txt"
SAMPLE=$(wc -l < "$work/ids.txt")
users_now=$(sql -c "SELECT count(*) FROM users")

token=$(curl -sf -X POST "localhost:$PORT/api/v1/login/access-token" \
  --data-urlencode "username=bench-admin@example.com" --data-urlencode "password=$PASSWORD" \
  | sed -E 's/.*"access_token":"([^"]+)".*/\1/')
admin_id=$(sql -c "SELECT id FROM users WHERE email = 'bench-admin@example.com'")

# The floor must do the service's work and answer the same bytes, or the ratio means nothing.
for id in $(head -3 "$work/ids.txt") "$admin_id"; do
  from_service=$(curl -s -H "Authorization: Bearer $token" "localhost:$PORT/api/v1/users/$id")
  from_floor=$(curl -s -H "Authorization: Bearer $token" "localhost:$FLOOR_PORT/api/v1/users/$id")
  if [ "$from_service" != "$from_floor" ]; then
    echo "the floor answers otherwise than the service for user $id:" >&2
    echo "  service: $from_service" >&2
    echo "  floor:   $from_floor" >&2
    exit 1
  fi
done

cat > "$work/by-id.lua" <<LUA
local ids = {}
for line in io.lines("$work/ids.txt") do ids[#ids + 1] = line end
wrk.headers["Authorization"] = "Bearer $token"
request = function()
  return wrk.format("GET", "/api/v1/users/" .. ids[math.random(#ids)])
end
done = function(summary, latency, requests)
  local secs = summary.duration / 1e6
  io.write(string.format("RESULT requests=%d rps=%.0f p50_ms=%.2f p99_ms=%.2f max_ms=%.2f errors=%d non2xx=%d\n",
    summary.requests, summary.requests / secs, latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, summary.errors.connect + summary.errors.read + summary.errors.write
      + summary.errors.timeout, summary.errors.status))
end
LUA

# The service runs two statements per request: the token's user, then the requested one. pgbench runs the same two
# (the requested id comes from a 100k-row side table, a small extra lookup that favours pgbench if anything).
cols="id, email, hashed_password, full_name, is_active, is_superuser, created_at"
cat > "$work/by-id.sql" <<SQL
\set n random(1, $SAMPLE)
SELECT $cols FROM users WHERE id = '$admin_id';
SELECT u.id, u.email, u.hashed_password, u.full_name, u.is_active, u.is_superuser, u.created_at FROM bench_ids b JOIN users u ON u.id = b.id WHERE b.n = :n;
SQL
# The same two statements in one pipeline (one round trip a transaction): a stricter baseline, since the service
# pipelines the statements of concurrent requests (PipelinedReads).
{ echo "\\set n random(1, $SAMPLE)"; echo '\startpipeline'; sed 1d "$work/by-id.sql"; echo '\endpipeline'; } \
  > "$work/by-id-pipelined.sql"

echo "warming up until the JIT compilers are done ..." >&2
warm_up wrk -t "$THREADS" -c "$CONNECTIONS" -d "${WARM_ROUND:-5}s" -s "$work/by-id.lua" "http://localhost:$PORT"
echo "warming up the floor ..." >&2
warm_pid=$floor_pid warm_up wrk -t "$THREADS" -c "$CONNECTIONS" -d "${WARM_ROUND:-5}s" -s "$work/by-id.lua" \
  "http://localhost:$FLOOR_PORT"

pgbench_tps() { grep -E '^tps' <<<"$1" | head -1 | sed -E 's/tps = ([0-9.]+).*/\1/'; }
# pgbench -M prepared on the benchmark database with $1 clients (on at most 2 threads), the rest of its arguments
# given; prints its output.
run_pgbench() {
  local clients=$1
  shift
  pgbench -n -M prepared -c "$clients" -j $(( clients < 2 ? 1 : 2 )) "$@" "$DB_URL" 2>&1
}
# pgbench at its best: 5 s at each client count of PG_CLIENTS, the count with the highest rate wins. On 2 cores the
# count decides more than anything else: the same two statements ran 14,488 tps with 2 clients and 3,114 with 32 on
# 2026-12-02 (every client is a backend process, and with more of them than cores they take turns).
best_clients() { # $1: the pgbench script; prints the best client count
  local best="" best_tps=0 clients tps
  for clients in $PG_CLIENTS; do
    tps=$(pgbench_tps "$(run_pgbench "$clients" -T 5 -f "$1")")
    echo "  pgbench $(basename "$1"), $clients clients: ${tps%.*} tps" >&2
    if [ -z "$best" ] || awk -v a="$tps" -v b="$best_tps" 'BEGIN { exit !(a > b) }'; then
      best=$clients best_tps=$tps
    fi
  done
  echo "$best"
}
echo "finding pgbench's best client count ($PG_CLIENTS) ..." >&2
clients=$(best_clients "$work/by-id.sql")
pipelined_clients=$(best_clients "$work/by-id-pipelined.sql")

cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; } # process $1's user + system time, in clock ticks
field() { sed -E "s/.*[ ]$1=([0-9.]+).*/\\1/" <<<"$2"; }
# Runs wrk for DURATION on port $1 against process $2; prints its RESULT line with the process's CPU per request.
measure() {
  local before out
  before=$(cpu_ticks "$2")
  out=$(wrk -t "$THREADS" -c "$CONNECTIONS" -d "${DURATION}s" -s "$work/by-id.lua" "http://localhost:$1" | grep '^RESULT')
  awk -v o="$out" -v t=$(( $(cpu_ticks "$2") - before )) -v hz="$(getconf CLK_TCK)" -v n="$(field requests "$out")" \
    'BEGIN { printf "%s cpu_us_per_request=%.0f\n", o, t / hz * 1e6 / n }'
}
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
if [ -n "${PROFILE:-}" ]; then
  jcmd "$service_pid" JFR.start name=hotpath settings=profile duration="${DURATION}s" filename="$PROFILE" >/dev/null
fi
rounds=""
for round in $(seq 1 "$ROUNDS"); do
  echo "round $round of $ROUNDS: the service, then the floor (wrk, $CONNECTIONS connections, ${DURATION}s each) ..." >&2
  s_out=$(measure "$PORT" "$service_pid")
  f_out=$(measure "$FLOOR_PORT" "$floor_pid")
  echo "  service: ${s_out#RESULT }" >&2
  echo "  floor:   ${f_out#RESULT }" >&2
  rounds+="$(field rps "$s_out") $(field rps "$f_out") $(field p99_ms "$s_out") $(field p99_ms "$f_out")"
  rounds+=" $(field cpu_us_per_request "$s_out") $(field cpu_us_per_request "$f_out")"$'\n'
done
rps=$(awk 'NF { print $1 }' <<<"$rounds" | median)
floor_rps=$(awk 'NF { print $2 }' <<<"$rounds" | median)
ratio_floor=$(awk 'NF { printf "%.3f\n", $1 / $2 }' <<<"$rounds" | median)
p99=$(awk 'NF { print $3 }' <<<"$rounds" | median)
floor_p99=$(awk 'NF { print $4 }' <<<"$rounds" | median)
cpu_us=$(awk 'NF { print $5 }' <<<"$rounds" | median)
floor_cpu_us=$(awk 'NF { print $6 }' <<<"$rounds" | median)
rss_mb=$(awk '/^VmRSS/ { print int($2 / 1024) }' "/proc/$service_pid/status")
stop_floor

# A login's CPU: the service's time over LOGINS logins one after the other (each verifies the Argon2 hash the
# service made, at its configured cost), against argon2-cffi verifying the same hash as many times.
echo "measuring $LOGINS logins, and python3-argon2 verifying the same hash ..." >&2
admin_hash=$(sql -c "SELECT hashed_password FROM users WHERE email = 'bench-admin@example.com'")
before=$(cpu_ticks "$service_pid")
for _ in $(seq 1 "$LOGINS"); do
  curl -sf -o /dev/null -X POST "localhost:$PORT/api/v1/login/access-token" \
    --data-urlencode "username=bench-admin@example.com" --data-urlencode "password=$PASSWORD"
done
login_ms=$(awk -v t=$(( $(cpu_ticks "$service_pid") - before )) -v hz="$(getconf CLK_TCK)" -v n="$LOGINS" \
  'BEGIN { printf "%.0f", t / hz * 1e3 / n }')
argon2_ms=$(HASH="$admin_hash" PASSWORD="$PASSWORD" N="$LOGINS" /usr/bin/python3 -c '
import os, time, argon2
hasher, n = argon2.PasswordHasher(), int(os.environ["N"])
start = time.process_time()
for _ in range(n):
    hasher.verify(os.environ["HASH"], os.environ["PASSWORD"])
print(round((time.process_time() - start) * 1e3 / n))')
argon2_params=$(cut -d'$' -f4 <<<"$admin_hash")
echo "measuring PostgreSQL alone (pgbench -M prepared, $clients clients, ${DURATION}s) ..." >&2
pgbench_out=$(run_pgbench "$clients" -T "$DURATION" -f "$work/by-id.sql")

echo "measuring PostgreSQL alone, pipelined (pgbench -M prepared, \\startpipeline, $pipelined_clients clients, ${DURATION}s) ..." >&2
pipelined_out=$(run_pgbench "$pipelined_clients" -T "$DURATION" -f "$work/by-id-pipelined.sql")

tps=$(pgbench_tps "$pgbench_out")
pipelined_tps=$(pgbench_tps "$pipelined_out")
pg_lat=$(grep -E '^latency average' <<<"$pgbench_out" | sed -E 's/latency average = ([0-9.]+) ms/\1/')
ratio=$(awk -v a="$rps" -v b="$tps" 'BEGIN { printf "%.2f", a / b }')
ratio_pipelined=$(awk -v a="$rps" -v b="$pipelined_tps" 'BEGIN { printf "%.2f", a / b }')

vertx_summary="ratio_vertx=$ratio_floor service_rps=${rps%.*} vertx_rps=${floor_rps%.*} max_rate_p99_ms=$p99"
vertx_summary+=" vertx_max_rate_p99_ms=$floor_p99 cpu_us_per_request=$cpu_us vertx_cpu_us_per_request=$floor_cpu_us"
vertx_summary+=" login_cpu_ms=$login_ms argon2_cffi_ms=$argon2_ms"
if [ -n "${QUICK:-}" ]; then
  echo "hotpath $vertx_summary ratio=$ratio ratio_pipelined=$ratio_pipelined pgbench_tps=${tps%.*}" \
    "pgbench_pipelined_tps=${pipelined_tps%.*} rss_mb=$rss_mb load_avg=$(cut -d' ' -f1-3 /proc/loadavg | tr ' ' /)"
  exit 0
fi
half=$(( ${rps%.*} / 2 ))
echo "measuring the service at half its max rate, $half req/s, open model (open-model.sh, ${DURATION}s) ..." >&2
open_out=$(PORT="$PORT" RATE="$half" DURATION="$DURATION" TOKEN="$token" IDS_FILE="$work/ids.txt" \
  "$root/service/bench/open-model.sh" | grep '^RESULT')
# The floor under that figure: PostgreSQL alone at half its own max rate (the same load relative to capacity; the
# service's half rate may be more than PostgreSQL alone can take unpipelined), open model too (pgbench -R: each
# transaction's latency counts from its scheduled start), the first second left out as the service's warm-up is.
pg_half=$(( ${tps%.*} / 2 ))
echo "measuring PostgreSQL alone at half its max rate, open model (pgbench -R $pg_half, ${DURATION}s) ..." >&2
run_pgbench "$clients" -T "$((DURATION + 1))" -R "$pg_half" -l --log-prefix="$work/floor" -f "$work/by-id.sql" \
  > /dev/null
floor_out=$(cat "$work"/floor.* | awk '{ printf "%d.%06d %d\n", $5, $6, $3 }' | sort -n \
  | awk 'NR == 1 { start = $1 } $1 >= start + 1 { print $2 / 1000 }' | sort -n | awk '{ v[NR] = $1 }
    END { printf "requests=%d p50_ms=%.2f p99_ms=%.2f max_ms=%.2f", NR, v[int(NR * 0.5 + 0.999)], v[int(NR * 0.99 + 0.999)], v[NR] }')
echo "measuring keyset pages of 100 users (server time from the service's histogram, ${DURATION}s) ..." >&2
keyset_out=$(PORT="$PORT" MANAGEMENT_PORT="$MANAGEMENT_PORT" TOKEN="$token" KEYSET_SECONDS="$DURATION" \
  "$root/service/bench/keyset-pages.sh" | grep '^RESULT')

echo
echo "GET /api/v1/users/{id}, $users_now users, $(nproc) cores, service and PostgreSQL on this machine"
echo "  service, max rate (wrk):   median of $ROUNDS rounds: rps=${rps%.*} p99_ms=$p99 cpu_us_per_request=$cpu_us rss_mb=$rss_mb"
echo "  Vert.x floor (wrk):        median of $ROUNDS rounds: rps=${floor_rps%.*} p99_ms=$floor_p99 cpu_us_per_request=$floor_cpu_us (one pipelined connection per event loop)"
echo "  ratio service/floor:       $ratio_floor (the median of the rounds' ratios)"
echo "  pgbench -M prepared:       tps=${tps%.*} latency_avg_ms=$pg_lat clients=$clients (same two statements per transaction, at the best client count)"
echo "  pgbench, pipelined:        tps=${pipelined_tps%.*} clients=$pipelined_clients (the two statements in one \\startpipeline)"
echo "  ratio service/pgbench:     $ratio (against the pipelined pgbench: $ratio_pipelined)"
echo "  service, half rate (open): ${open_out#RESULT }"
echo "  pgbench, half rate (-R):   rate=$pg_half $floor_out (PostgreSQL alone at half its max: the floor under the tail)"
echo "  login, service CPU:        ${login_ms} ms, against ${argon2_ms} ms for argon2-cffi verifying the same hash ($argon2_params)"
echo "GET /api/v1/users/?after=...&limit=100, server time (http_server_requests_seconds)"
echo "  keyset pages:              ${keyset_out#RESULT }"
echo "hotpath $vertx_summary ratio=$ratio ratio_pipelined=$ratio_pipelined pgbench_tps=${tps%.*}" \
  "pgbench_pipelined_tps=${pipelined_tps%.*} half_rate=$half load_avg=$(cut -d' ' -f1-3 /proc/loadavg | tr ' ' /)" \
  "p50_ms=$(field p50_ms "$open_out") p99_ms=$(field p99_ms "$open_out") max_ms=$(field max_ms "$open_out")" \
  "floor_rate=$pg_half floor_p50_ms=$(field p50_ms "$floor_out") floor_p99_ms=$(field p99_ms "$floor_out") floor_max_ms=$(field max_ms "$floor_out")" \
  "keyset_mean_ms=$(field mean_ms "$keyset_out") keyset_p99_ms=$(field p99_ms "$keyset_out")"
