#!/usr/bin/env bash
# Benchmark of the packaged service's start: JVM process start to /q/health/ready 200 on the management port, and
# its memory (VmRSS) right after ready and after a load of GET /api/v1/users/{id}.
#
#   service/bench/startup.sh                      # 5 starts, 20 s of load after the last one
#   RUNS=9 LOAD_DURATION=0 service/bench/startup.sh
#   SERVICE_APP=/tmp/old/quarkus-app JAVA_OPTS="-XX:MaxRAMPercentage=75.0" service/bench/startup.sh   # an older build
#
# The service is started the way the image starts it: infra/docker/cutover-service.sh with the JAVA_OPTS of
# infra/docker/service.Dockerfile, and the container's memory limit (MEMORY_LIMIT, the API pod's limit in
# infra/k8s/base/api-deployment.yaml) given to the JVM as -XX:MaxRAM, standing in for the cgroup limit it sizes its
# heap from in the container. Besides the wall time it prints the CPU time the JVM spent until ready (user + system, from
# /proc/PID/stat): on a busy machine the wall time mostly measures the other processes, the CPU time much less so.
#
# Settings (environment): RUNS, USERS (seeded with ./cutover seed when fewer), LOAD_DURATION (s, 0: no load),
# CONNECTIONS, THREADS (wrk), STARTUP_DATABASE_URL (a database it may fill; created if missing), PORT,
# MANAGEMENT_PORT, MEMORY_LIMIT, SERVICE_APP (another build's quarkus-app directory, e.g. to compare with an older
# one), JAVA (the java to start: by default the image's, JDK 25, when /usr/lib/jvm has one, else java), AOT (1, the
# default: on JDK 24 or later, service and floor each get an AOT cache trained as the image build trains it,
# infra/docker/train-aot.sh; 0: none), JAVA_OPTS (instead of the Dockerfile's),
# EXTRA_JAVA_OPTS (added to them), LOAD_HOOK (a command run instead of wrk, with PORT and TOKEN in its environment),
# FLOOR (1, the default: also start the start-up floor, service/bench/startup-floor, the smallest Quarkus service on
# the same Quarkus, packaged and started the same way, alternating with the service's starts; 0: not).
# Ready includes the service's warm-up (WARM_UP_ROUNDS requests to itself before readiness), printed apart.
# The last line is machine-greppable: startup floor_ms_median=... ratio_to_floor=... ready_ms_median=...
# rss_mb_after_load=...
set -euo pipefail

RUNS=${RUNS:-5}
USERS=${USERS:-100000}
LOAD_DURATION=${LOAD_DURATION:-20}
CONNECTIONS=${CONNECTIONS:-64}
THREADS=${THREADS:-2}
PORT=${PORT:-8200}
MANAGEMENT_PORT=${MANAGEMENT_PORT:-9200}
MEMORY_LIMIT=${MEMORY_LIMIT:-768m}
FLOOR=${FLOOR:-1}
DB_URL=${STARTUP_DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/startup_bench}
ADMIN=bench-admin@example.com
# Random and over 32 bytes: the packaged service refuses shorter secrets and any the repository ships.
PASSWORD="bench-password-$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')"

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
work=""  # lib.sh makes it a scratch directory, removed on exit
service_pid=""  # the service lib.sh's launch_service starts, stopped on exit
# shellcheck source=service/bench/lib.sh
. "$root/service/bench/lib.sh"

need psql postgresql-client
need curl curl
[ "$LOAD_DURATION" -gt 0 ] && [ -z "${LOAD_HOOK:-}" ] && need wrk wrk

bench_java
app="${SERVICE_APP:-$root/service/target/quarkus-app}"
if [ ! -f "$app/quarkus-run.jar" ] && [ -z "${SERVICE_APP:-}" ]; then
  echo "building the service ..." >&2
  (cd "$root" && ./mvnw -q -B -ntp -pl service -am package -DskipTests)
fi
service_home home "$app"
# The floor: the smallest Quarkus service on the same Quarkus (service/bench/startup-floor), built here when missing.
floor_app="$root/service/bench/startup-floor/target/quarkus-app"
if [ "$FLOOR" = 1 ]; then
  if [ ! -f "$floor_app/quarkus-run.jar" ]; then
    echo "building the start-up floor ..." >&2
    (cd "$root" && ./mvnw -q -B -ntp -f service/bench/startup-floor/pom.xml package)
  fi
  service_home floor-home "$floor_app"
fi

opts=$(image_java_opts)

ensure_database
# Production never migrates at start (a separate, guarded step): neither does the benchmark.
"$root/cutover" migrate --url="$DB_URL" >/dev/null
have=$(sql -c "SELECT count(*) FROM users")
if [ "$have" -lt "$USERS" ]; then
  echo "seeding $USERS users ..." >&2
  "$root/cutover" seed --url="$DB_URL" --users="$USERS" >/dev/null
fi
# The password is new in every run: the first superuser of an earlier run goes, so the warm-up start makes it again
# with this one, which the load logs in with.
sql -c "DELETE FROM users WHERE email = '$ADMIN'"
# On JDK 25 both get the AOT cache the image build trains, each with its own training run.
train_aot home "$opts" "$DB_URL"
[ "$FLOOR" = 1 ] && train_aot floor-home "$opts"

ticks=$(getconf CLK_TCK)
rss_mb() { awk '/^VmRSS/ { print int($2 / 1024) }' "/proc/$1/status"; }
# Starts the service (or, given "floor", the start-up floor) and waits for ready; sets WALL_MS, CPU_MS and RSS_MB and
# leaves it running ($service_pid).
start_service() {
  local started now home="$work/home"
  [ "${1:-}" = floor ] && home="$work/floor-home"
  started=$(date +%s%N)
  launch_service "$home" "$opts" DATABASE_URL="$DB_URL" SECRET_KEY="bench-secret-$started-$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')" FIRST_SUPERUSER="$ADMIN" \
    FIRST_SUPERUSER_PASSWORD="$PASSWORD" PORT="$PORT" MANAGEMENT_PORT="$MANAGEMENT_PORT"
  until curl -sf -o /dev/null "localhost:$MANAGEMENT_PORT/q/health/ready" 2>/dev/null; do
    kill -0 "$service_pid" 2>/dev/null || { cat "$work/service.log" >&2; exit 1; }
    (( ($(date +%s%N) - started) / 1000000000 < 300 )) || { echo "not ready within 300 s" >&2; exit 1; }
    sleep 0.01
  done
  now=$(date +%s%N)
  # utime and stime are fields 14 and 15 (the command name, field 2, is "(java)": no spaces).
  local stat
  read -r -a stat < "/proc/$service_pid/stat"
  WALL_MS=$(( (now - started) / 1000000 ))
  # The service's own warm-up, part of that time: readiness waits for it (WARM_UP_ROUNDS).
  WARM_MS=$(sed -nE 's/.*Warmed up in ([0-9]+) ms.*/\1/p' "$work/service.log" | tail -1)
  CPU_MS=$(( (stat[13] + stat[14]) * 1000 / ticks ))
  RSS_MB=$(rss_mb "$service_pid")
}
stats() { # prints "median min max" of its arguments
  printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END { printf "%d %d %d\n", v[int((NR + 1) / 2)], v[1], v[NR] }'
}

# The first start may create the superuser (one Argon2 hash at the configured cost): a warm-up, not counted.
echo "java: $("${JAVA:-java}" -version 2>&1 | head -1); options: $opts" >&2
echo "warm-up start (creates the first superuser when missing) ..." >&2
start_service
stop_service
# The floor's starts alternate with the service's, so both see the same machine.
walls=() cpus=() warms=() floor_walls=() floor_cpus=()
for i in $(seq 1 "$RUNS"); do
  if [ "$FLOOR" = 1 ]; then
    start_service floor
    echo "  floor start $i: ready in $WALL_MS ms (JVM CPU $CPU_MS ms)" >&2
    floor_walls+=("$WALL_MS"); floor_cpus+=("$CPU_MS")
    stop_service
  fi
  start_service
  echo "  start $i: ready in $WALL_MS ms (JVM CPU $CPU_MS ms, warm-up ${WARM_MS:-0} ms), RSS $RSS_MB MB" >&2
  walls+=("$WALL_MS"); cpus+=("$CPU_MS"); warms+=("${WARM_MS:-0}")
  [ "$i" -lt "$RUNS" ] && stop_service
done
rss_ready=$RSS_MB
# Whether the JVM mapped the class-data archive: it silently starts without one whose JVM or class path differs.
cds=off
grep -q 'app-cds.jsa' "/proc/$service_pid/maps" && cds=on
grep -q 'app.aot' "/proc/$service_pid/maps" && cds=aot

# The load, on the last start: the token's user and a random seeded user per request, as users-by-id.sh does.
rss_load=$rss_ready
if [ "$LOAD_DURATION" -gt 0 ]; then
  token=$(curl -sf -X POST "localhost:$PORT/api/v1/login/access-token" \
    --data-urlencode "username=$ADMIN" --data-urlencode "password=$PASSWORD" \
    | sed -E 's/.*"access_token":"([^"]+)".*/\1/')
  if [ -n "${LOAD_HOOK:-}" ]; then
    PORT=$PORT TOKEN=$token bash -c "$LOAD_HOOK"
  else
    sql -c "SELECT id FROM users ORDER BY random() LIMIT 10000" > "$work/ids.txt"
    cat > "$work/by-id.lua" <<LUA
local ids = {}
for line in io.lines("$work/ids.txt") do ids[#ids + 1] = line end
wrk.headers["Authorization"] = "Bearer $token"
request = function()
  return wrk.format("GET", "/api/v1/users/" .. ids[math.random(#ids)])
end
LUA
    echo "load: wrk GET /api/v1/users/{id}, $CONNECTIONS connections, ${LOAD_DURATION}s ..." >&2
    wrk -t "$THREADS" -c "$CONNECTIONS" -d "${LOAD_DURATION}s" -s "$work/by-id.lua" "http://localhost:$PORT" \
      | grep -E 'Requests/sec|Non-2xx' >&2 || true
  fi
  rss_load=$(rss_mb "$service_pid")
fi
stop_service

read -r wall_med wall_min wall_max < <(stats "${walls[@]}")
read -r cpu_med cpu_min cpu_max < <(stats "${cpus[@]}")
read -r warm_med _ _ < <(stats "${warms[@]}")
floor=""
if [ "$FLOOR" = 1 ]; then
  read -r floor_med floor_min floor_max < <(stats "${floor_walls[@]}")
  read -r floor_cpu_med _ _ < <(stats "${floor_cpus[@]}")
  floor=" floor_ms_median=$floor_med floor_ms_min=$floor_min floor_ms_max=$floor_max floor_cpu_ms_median=$floor_cpu_med"
  floor+=" ratio_to_floor=$(awk -v s="$wall_med" -v f="$floor_med" 'BEGIN { printf "%.2f", s / f }')"
fi
echo
echo "the packaged service started $RUNS times, $(nproc) cores, memory limit $MEMORY_LIMIT"
[ "$FLOOR" = 1 ] && echo "floor: $floor_app (Quarkus REST and health only), started the same way"
echo "startup${floor} cds=$cds ready_ms_median=$wall_med warm_up_ms_median=$warm_med ready_ms_min=$wall_min ready_ms_max=$wall_max cpu_ms_median=$cpu_med cpu_ms_min=$cpu_min cpu_ms_max=$cpu_max rss_mb_ready=$rss_ready rss_mb_after_load=$rss_load"
