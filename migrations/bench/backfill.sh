#!/usr/bin/env bash
# Backfill benchmark: 2,000,000 users, a new column filled by one bulk UPDATE and by the backfill workers
# (`cutover backfill start`), each under the same concurrent pgbench writers (-R 2000), in one run on one database, so
# the ratios between them are what counts. Runs: the writers alone; the bulk UPDATE; the workers with ranges in one
# transaction each, without VACUUM ("novacuum") and with a VACUUM every 20 ranges ("unsliced"); the workers with the
# default options (8 slices per range, no VACUUM). Prints total time, rows/s, the ratio to the bulk UPDATE, per-batch
# p50/p99, the writers' worst latency, the writers' throughput, and heap/index growth.
#
# Usage: migrations/bench/backfill.sh   (env: PGHOST=127.0.0.1 PGPORT=5432 PGUSER=postgres USERS=2000000 RATE=2000)
#   RUNS="writers bulk novacuum unsliced workers"  the runs to make, in this order
#   WORKER_OPTS="--slices 4"  extra options for the "workers" run, to compare settings
#   KEEP_DB=1   keep the seeded database at exit and reuse it next time (seeding 2M rows takes about a minute)
#   BATCH_LOG=FILE  copy the "workers" run's batch log there
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export PGHOST="${PGHOST:-127.0.0.1}" PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-postgres}"
users="${USERS:-2000000}"
rate="${RATE:-2000}"
db="${BENCH_DB:-cutover_bench_backfill}"
work="$(mktemp -d)"
runs="${RUNS:-writers bulk novacuum unsliced workers}"
if [ -n "${KEEP_DB:-}" ]; then
  trap 'rm -rf "$work"' EXIT
else
  trap 'dropdb --if-exists "$db" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
fi

jar=$(ls "$root"/migrations/target/cutover-migrations-*-cli.jar 2>/dev/null | head -n 1 || true)
if [ -z "$jar" ] || [ -n "$(find "$root/migrations/src/main" -newer "$jar" -print -quit)" ]; then
  (cd "$root" && ./mvnw -q -B -ntp -pl migrations -am package -DskipTests >&2)
  jar=$(ls "$root"/migrations/target/cutover-migrations-*-cli.jar | head -n 1)
fi
migrations="$root/migrations/src/main/resources/db/migration"
q() { psql -X -q -At -v ON_ERROR_STOP=1 -d "$db" "$@"; }
now() { date +%s.%N; }

seeded() { [ -n "${KEEP_DB:-}" ] && [ "$(psql -X -At -d "$db" -c "SELECT count(*) FROM users" 2>/dev/null)" = "$users" ]; }
if seeded; then
  echo "reusing the $users users of database $db" >&2
else
dropdb --if-exists "$db"; createdb "$db"
q -f "$migrations"/V1__create_users.sql
# Keys shaped like UUIDv7: increasing with the insertion order, so key order is physical order, as in production.
echo "seeding $users users..." >&2
t0=$(now)
q -c "INSERT INTO users (id, email, hashed_password, full_name, created_at)
      SELECT (lpad(to_hex(i), 12, '0') || substr(md5(i::text), 1, 20))::uuid,
             CASE WHEN i % 4 = 0 THEN ' User' || i || '@Example.com ' ELSE 'user' || i || '@example.com' END,
             '\$argon2id\$v=19\$m=19456,t=2,p=1\$' || substr(md5(i::text), 1, 22) || '\$' || md5((i * 7)::text) || substr(md5(i::text), 1, 11),
             'User ' || i, now() - (($users - i) || ' seconds')::interval
      FROM generate_series(1, $users) i"
q -c "VACUUM ANALYZE users"
q -f "$migrations"/V2__users_add_email_normalized.sql
echo "seeded in $(awk -v a="$(now)" -v b="$t0" "BEGIN { printf \"%.1f\", a - b }") s" >&2
fi

cat > "$work/writers.sql" <<SQL
\set n random(1, $users)
UPDATE users SET full_name = 'Writer ' || :n WHERE id = (lpad(to_hex(:n), 12, '0') || substr(md5(:n::text), 1, 20))::uuid;
SELECT id, email, full_name FROM users WHERE id = (lpad(to_hex(:n), 12, '0') || substr(md5(:n::text), 1, 20))::uuid;
SQL

sizes() { q -F ' ' -c "SELECT pg_relation_size('users'), pg_indexes_size('users')"; }

# Resets the column and compacts the table, so every run starts from the same layout; then a CHECKPOINT, so every run
# starts at the same point of the checkpoint cycle (the first change to a page after a checkpoint writes the whole
# page to the WAL, and without it the bulk UPDATE's time varied from 27 s to 80 s with where its checkpoint fell).
reset() {
  q -c "UPDATE users SET email_normalized = NULL WHERE email_normalized IS NOT NULL" -c "VACUUM FULL users" -c "VACUUM ANALYZE users"
  q -c "DROP SCHEMA IF EXISTS cutover CASCADE" -c "CHECKPOINT"
}

# run NAME SECONDS COMMAND...: the command under pgbench writers; records its time, the writers' worst latency
# while it ran, and the growth of heap and indexes.
run() {
  local name=$1 seconds=$2; shift 2
  read -r heap0 idx0 < <(sizes)
  mkdir -p "$work/$name"
  (cd "$work/$name" && pgbench -n -f "$work/writers.sql" -c 8 -j 2 -R "$rate" -P 1 -T "$seconds" -l "$db" \
      > pgbench.out 2>&1) &
  local bench=$!
  sleep 3
  local start end
  start=$(now)
  "$@"
  end=$(now)
  wait $bench
  read -r heap1 idx1 < <(sizes)
  local s=${start%.*} e=${end%.*}
  # pgbench log: client tx latency_us script epoch_s epoch_us [lag]; worst latency of the requests that overlapped.
  local worst
  # Also without the schedule lag (col 7): on a saturated machine pgbench falls behind its -R schedule and the lag
  # grows whatever the backfill does; latency minus lag is the time the request itself took once sent.
  worst=$(cat "$work/$name"/pgbench_log.* | awk -v s="$s" -v e="$e" '$5 >= s && $5 <= e+1 { if ($3 > m) m = $3; if ($3 - $7 > x) x = $3 - $7 } END { printf "%.1f %.1f", m / 1000, x / 1000 }')
  local tps
  tps=$(grep -E '^progress' "$work/$name/pgbench.out" | awk '{ n++; t += $4 } END { printf "%.0f", t / n }')
  echo "$name $(awk -v a="$end" -v b="$start" "BEGIN { printf \"%.3f\", a - b }") $worst $heap0 $heap1 $idx0 $idx1 $tps" >> "$work/results"
}

bulk() { q -c "UPDATE users SET email_normalized = lower(btrim(email)) WHERE email_normalized IS DISTINCT FROM lower(btrim(email))"; }
# workers [OPTIONS...]: the CLI's foreground run, default options unless given.
workers() {
  java -jar "$jar" backfill start users_email_normalized --url "postgresql://$PGHOST:$PGPORT/$db" --user "$PGUSER" \
      --no-progress --log-batches "$@" 2> "$work/batches.log" >&2
}
novacuum() {
  workers --slices 1 --vacuum-every 0 && mv "$work/batches.log" "$work/batches-novacuum.log"
}
unsliced() {
  workers --slices 1 --vacuum-every 20 && mv "$work/batches.log" "$work/batches-unsliced.log"
}

correct() { [ "$(q -c "SELECT count(*) FROM users WHERE email_normalized IS DISTINCT FROM lower(btrim(email))")" = 0 ]; }
reset
for r in $runs; do
  case $r in
    writers)
      echo "writers alone (the baseline of their latency)..." >&2
      run writers 13 sleep 8 ;;
    bulk)
      echo "bulk UPDATE under writers..." >&2
      run bulk "${BULK_SECONDS:-90}" bulk && correct && reset ;;
    novacuum)
      echo "backfill workers, one transaction per range, without VACUUM, under writers..." >&2
      run novacuum "${WORKER_SECONDS:-150}" novacuum && correct && reset ;;
    unsliced)
      echo "backfill workers, one transaction per range, VACUUM every 20 ranges, under writers..." >&2
      run unsliced "${WORKER_SECONDS:-150}" unsliced && correct && reset ;;
    workers)
      echo "backfill workers (default options${WORKER_OPTS:+, then $WORKER_OPTS}) under writers..." >&2
      # shellcheck disable=SC2086
      run workers "${WORKER_SECONDS:-150}" workers ${WORKER_OPTS:-} && correct && reset ;;
    *) echo "unknown run $r (writers, bulk, novacuum, unsliced, workers)" >&2; exit 2 ;;
  esac
done

# batch_stats LOG: count, p50/p99 duration, sizes, throttles and failures of one workers run.
batch_stats() {
  grep -E '^batch ' "$1" | sed -E 's/.*ms=([0-9]+).*/\1/' | sort -n > "$work/ms"
  local n p50 p99 sizes throttles failures
  n=$(wc -l < "$work/ms")
  p50=$(awk -v n="$n" 'NR == int(n * 0.50) + 1' "$work/ms")
  p99=$(awk -v n="$n" 'NR == int(n * 0.99) + 1' "$work/ms")
  sizes=$(grep -E '^batch ' "$1" | sed -E 's/.*size=([0-9]+).*/\1/' | sort -n | awk 'NR == 1 { lo = $1 } { hi = $1 } END { print lo ".." hi }')
  throttles=$(grep -c '^throttle [^c]' "$1" || true)
  failures=$(grep -c '^failed' "$1" || true)
  local vacuums
  vacuums=$(grep -E '^vacuum ' "$1" | sed -E 's/.*ms=([0-9]+).*/\1/' | sort -n | awk '{ a[NR] = $1 } END { if (NR) printf "%d VACUUMs (%d..%d ms)", NR, a[1], a[NR]; else printf "no VACUUM" }')
  echo "$n transactions, p50 ${p50} ms, p99 ${p99} ms, range sizes $sizes, $throttles throttle episodes, $failures failed, $vacuums"
}

echo
echo "backfill of $users rows, writers at $rate tps (pgbench -R $rate, 8 clients), $(nproc) cores"
awk -v users="$users" '
  { name[NR] = $1; secs[NR] = $2; worst[NR] = $3; sent[NR] = $4; heap[NR] = ($6 / $5 - 1) * 100; idx[NR] = ($8 / $7 - 1) * 100; tps[NR] = $9
    h0[NR] = $5 / 1048576; h1[NR] = $6 / 1048576; i0[NR] = $7 / 1048576; i1[NR] = $8 / 1048576 }
  END {
    printf "%-8s %8s %9s %6s %10s %14s %10s %20s %20s\n", "run", "time s", "rows/s", "ratio", "max ms", "max ms w/o lag", "writer tps", "heap MB (growth)", "indexes MB (growth)"
    for (i = 1; i <= NR; i++) {
      rps = (name[i] == "writers") ? 0 : users / secs[i]; if (name[i] == "bulk") base = rps
      printf "%-8s %8.1f %9.0f %6.2f %10.1f %14.1f %10s %9.0f->%-5.0f%4.0f%% %9.0f->%-5.0f%4.0f%%\n", name[i], secs[i], rps, base ? rps / base : 0, worst[i], sent[i], tps[i], h0[i], h1[i], heap[i], i0[i], i1[i], idx[i]
    }
  }' "$work/results"
if [ -f "$work/batches-novacuum.log" ]; then echo "novacuum: $(batch_stats "$work/batches-novacuum.log")"; fi
if [ -f "$work/batches-unsliced.log" ]; then echo "unsliced: $(batch_stats "$work/batches-unsliced.log")"; fi
if [ -f "$work/batches.log" ]; then echo "workers:  $(batch_stats "$work/batches.log")"; fi
case " $runs " in *" bulk "*) echo "bulk: one statement (p50 = p99 = its time above)" ;; esac
if [ -n "${BATCH_LOG:-}" ] && [ -f "$work/batches.log" ]; then cp "$work/batches.log" "$BATCH_LOG"; fi
