#!/usr/bin/env bash
# Seeding benchmark, in one run on one database at the newest migration, so the ratio is what counts:
#   floor   INSERT ... SELECT of N rows with UUIDv7-shaped ids from generate_series (as service/bench/users-by-id.sh
#           seeds) into a bare copy of the users table (no index, no trigger; email_normalized computed in the
#           SELECT), then its three indexes built, with the maintenance_work_mem the seeder uses;
#   seed    `cutover seed --users N` into the empty users table (JVM start included: the time a user waits);
#   rerun   the same command again, which finds every user there and adds none.
# The last line is machine-greppable:
#   seed users=2000000 seconds=8.1 floor_seconds=6.0 ratio=1.35 rerun_seconds=0.1
#
# Usage: migrations/bench/seed.sh   (env: PGHOST=127.0.0.1 PGPORT=5432 PGUSER=postgres USERS=2000000)
#   BENCH_DB=cutover_bench_seed   the database it creates (dropped and recreated) and drops at exit
#   SEED_OPTS="--chunked"          extra options for the seed run, to compare paths
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export PGHOST="${PGHOST:-127.0.0.1}" PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-postgres}"
users="${USERS:-2000000}"
db="${BENCH_DB:-cutover_bench_seed}"
work="$(mktemp -d)"
trap 'dropdb --if-exists "$db" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT

# shellcheck source=bench/need.sh
. "$root/bench/need.sh"
need psql postgresql-client
need createdb postgresql-client
need java openjdk-17-jdk-headless

jar=$(ls "$root"/migrations/target/cutover-migrations-*-cli.jar 2>/dev/null | head -n 1 || true)
if [ -z "$jar" ] || [ -n "$(find "$root/migrations/src/main" "$root/migrations/pom.xml" -newer "$jar" -print -quit)" ]; then
  echo "building the CLI ..." >&2
  (cd "$root" && ./mvnw -q -B -ntp -pl migrations -am package -DskipTests >&2)
  jar=$(ls "$root"/migrations/target/cutover-migrations-*-cli.jar | head -n 1)
fi
export PGOPTIONS="-c client_min_messages=warning"
q() { psql -X -q -At -v ON_ERROR_STOP=1 -d "$db" "$@"; }
now() { date +%s.%N; }
since() { awk -v a="$(now)" -v b="$1" 'BEGIN { printf "%.2f", a - b }'; }
cli() { java -jar "$jar" "$@" --url "postgresql://$PGHOST:$PGPORT/$db" --user "$PGUSER"; }

dropdb --if-exists "$db"; createdb "$db"
cli migrate > "$work/migrate.log" 2>&1 || { cat "$work/migrate.log" >&2; exit 1; }
load_before=$(cut -d' ' -f1-3 /proc/loadavg)

# The floor. Same maintenance_work_mem as the seeder's index builds; a CHECKPOINT first, as before the seed, so both
# start at the same point of the checkpoint cycle.
echo "floor: INSERT ... SELECT of $users rows into a bare table, then its indexes ..." >&2
q -c "CREATE TABLE seed_floor (LIKE users INCLUDING DEFAULTS INCLUDING CONSTRAINTS)" -c "CHECKPOINT"
t0=$(now)
q -c "INSERT INTO seed_floor (id, email, hashed_password, full_name, is_active, is_superuser, created_at, email_normalized)
      SELECT (lpad(to_hex(1700000000000 + g), 12, '0') || '7' || substr(md5(g::text), 1, 3)
              || substr('89ab', 1 + g % 4, 1) || substr(md5(g::text), 4, 15))::uuid,
             'seed' || g || '@example.com',
             '\$argon2id\$v=19\$m=19456,t=2,p=1\$c2VlZC1mbG9vci1zYWx0AA\$' || substr(md5(g::text), 1, 11) || md5(g::text),
             'Seeded User ' || g, true, false, timestamptz '2023-11-14 22:13:20+00' + g * interval '1 millisecond',
             'seed' || g || '@example.com'
      FROM generate_series(1, $users) AS g"
floor_insert=$(since "$t0")
t1=$(now)
q -c "SET maintenance_work_mem = '1GB'" -c "ALTER TABLE seed_floor ADD PRIMARY KEY (id)" \
  -c "CREATE INDEX ON seed_floor (created_at DESC, id DESC)" -c "CREATE UNIQUE INDEX ON seed_floor (email_normalized)"
floor_indexes=$(since "$t1")
floor=$(since "$t0")
q -c "DROP TABLE seed_floor" -c "CHECKPOINT"

echo "seed: cutover seed --users $users ${SEED_OPTS:-} into the empty table ..." >&2
t0=$(now)
# shellcheck disable=SC2086
cli seed --users "$users" ${SEED_OPTS:-} > "$work/seed.out" 2> "$work/seed.err"
seed=$(since "$t0")
cat "$work/seed.out" >&2
count=$(q -c "SELECT count(*) FROM users")
[ "$count" = "$users" ] || { echo "seed left $count users, expected $users" >&2; cat "$work/seed.err" >&2; exit 1; }
# The bulk load's phases, from its progress lines ("seed: empty table, bulk load: copy users, 0.7 s", "... indexes, 9.1 s").
copy_at=$(sed -nE 's/.*bulk load: copy [^,]*, ([0-9.]+) s/\1/p' "$work/seed.err" | head -n 1)
indexes_at=$(sed -nE 's/.*bulk load: indexes, ([0-9.]+) s/\1/p' "$work/seed.err")
took=$(sed -nE 's/.* in ([0-9.]+) s.*/\1/p' "$work/seed.out")

echo "rerun: the same command again ..." >&2
t0=$(now)
# shellcheck disable=SC2086
cli seed --users "$users" ${SEED_OPTS:-} > "$work/rerun.out" 2>/dev/null
rerun=$(since "$t0")
grep -q "seeded 0 users" "$work/rerun.out" || { echo "the re-run added users:" >&2; cat "$work/rerun.out" >&2; exit 1; }
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

echo
echo "seeding $users users, $(nproc) cores, load average before $load_before, after $load_after"
echo "floor: insert ${floor_insert} s + indexes ${floor_indexes} s = ${floor} s"
if [ -n "$copy_at" ] && [ -n "$indexes_at" ]; then
  echo "seed: $seed s wall (JVM start included); in the seeder: copy $(awk -v a="$indexes_at" -v b="$copy_at" 'BEGIN { printf "%.1f", a - b }') s," \
    "indexes + ANALYZE + commit $(awk -v a="$took" -v b="$indexes_at" 'BEGIN { printf "%.1f", a - b }') s, total $took s"
else
  echo "seed: $seed s wall (JVM start included), $took s in the seeder (chunked path)"
fi
echo "seed users=$users seconds=$seed floor_seconds=$floor ratio=$(awk -v a="$seed" -v b="$floor" 'BEGIN { printf "%.2f", a / b }') rerun_seconds=$rerun"
