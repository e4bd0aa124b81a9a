#!/usr/bin/env bash
# Every performance figure of the project in one run, side by side with its goal (see the root README, "Performance"):
# the seed against its floor, the hot path against pgbench, startup and memory, and the cutover rehearsal at a rate
# derived from the service's measured capacity. Each part is a script of its module, run one after the other so they
# never share the CPU; this script prints their summary lines and one table.
#
#   bench/all.sh                        # 2,000,000 users; the rehearsal at CI scale (about 20 minutes on 2 cores)
#   FULL=1 bench/all.sh                 # and the rehearsal at 2,000,000 users with a 60 s blocker too
#   USERS=200000 bench/all.sh           # smaller, for a quick look
#   PARTS=seed,hotpath bench/all.sh     # some parts only: seed, hotpath, startup, rehearsal
#
# Settings (environment): USERS, PARTS, FULL, BENCH_SERVER_URL (a PostgreSQL server on which the parts create their
# own databases; default postgresql://postgres@127.0.0.1:5432/postgres), OUT (where each part's full output goes).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
USERS=${USERS:-2000000}
PARTS=${PARTS:-seed,hotpath,startup,rehearsal}
server=${BENCH_SERVER_URL:-postgresql://postgres@127.0.0.1:5432/postgres}
server_base="${server%/*}"
OUT=${OUT:-$root/target/bench-$(date -u +%Y%m%d-%H%M%S)}
mkdir -p "$OUT"

echo "bench: $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo)," \
  "$(psql -qtAX "$server" -c 'SHOW server_version' | cut -d' ' -f1) PostgreSQL, $(java -version 2>&1 | head -1)," \
  "load average $(cut -d' ' -f1-3 /proc/loadavg) at the start; output in $OUT" | tee "$OUT/summary.txt"

(cd "$root" && ./mvnw -q -B -ntp package -DskipTests >&2)

run_part() {  # name, command...: runs one part, keeps its output, echoes its summary lines
  local name="$1"; shift
  [[ ",$PARTS," == *",$name,"* ]] || return 0
  echo "bench: $name ..." >&2
  local started=$SECONDS rc=0
  "$@" > "$OUT/$name.log" 2>&1 || rc=$?
  echo "bench: $name took $((SECONDS - started)) s (exit $rc), load average $(cut -d' ' -f1-3 /proc/loadavg)" >&2
  # A part that sums up per scale (the rehearsal) also logs the lines it sums up: keep the sums only.
  local pattern="^$name "
  grep -q "^$name scale=" "$OUT/$name.log" && pattern="^$name scale="
  grep -E "$pattern" "$OUT/$name.log" | tee -a "$OUT/summary.txt" || echo "$name failed=exit-$rc" | tee -a "$OUT/summary.txt"
}

run_part seed env USERS="$USERS" BENCH_DB=cutover_bench_seed "$root/migrations/bench/seed.sh"
run_part hotpath env USERS="$USERS" BENCH_DATABASE_URL="$server_base/bench_hotpath" \
  "$root/service/bench/users-by-id.sh"
run_part startup env STARTUP_DATABASE_URL="$server_base/bench_startup" \
  "$root/service/bench/startup.sh"
run_part rehearsal env SERVER_URL="$server" "$root/load-tests/bench/rehearsal.sh"

echo
echo "summary (also in $OUT/summary.txt):"
cat "$OUT/summary.txt"
