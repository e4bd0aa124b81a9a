#!/usr/bin/env bash
# The cutover rehearsal at real traffic, for the benchmark run: load-tests/ci-rehearsal.sh (naive, guarded, then
# one-command, at RATE_FRACTION of the capacity the naive run measures in the same run) at CI scale, and at full
# scale with FULL=1.
# Prints, last, one line per scale and mode: `rehearsal scale=<users>/<blocker>s mode=... capacity_rps=... rps=...
# verdict=... max_ms=... failed=... backfill_rows_per_s=... ... load1=...` (see load-tests/README.md).
#
#   load-tests/bench/rehearsal.sh                  # 100,000 users, 20 s blocker
#   FULL=1 load-tests/bench/rehearsal.sh           # and 2,000,000 users, 60 s blocker
#
# Settings (environment): RATE_FRACTION (0.4), MAX_MS (300), SERVER_URL (a server it may create databases on),
# PORT and MANAGEMENT_PORT (the service's), CUTOVER_REHEARSAL_DB_PREFIX (its databases' prefix), and the service's
# password-hashing cost ARGON2_MEMORY_KIB, ARGON2_ITERATIONS, ARGON2_PARALLELISM: OWASP's minimum for Argon2id
# with one more pass (19456 KiB, 3, 1; the seed hashes with 2, so a seeded user's first login re-hashes) unless set. At the template's cost (65536, 3, 4) one sign-up hashes for about 250 ms of the
# 2 cores here, so the worst request is a sign-up's hash whatever the migration does; the rehearsal measures the
# migration. Each line says which cost it ran with (argon2=KiB/iterations/lanes).
# Exits non-zero when a scale did not show what it should (naive STALLED, guarded and one-command PASS).
set -uo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
scales=("100000:20")
[ "${FULL:-0}" = 1 ] && scales+=("2000000:60")
args=(--rate-fraction "${RATE_FRACTION:-0.4}" --max-ms "${MAX_MS:-300}" --port "${PORT:-8104}"
  --management-port "${MANAGEMENT_PORT:-9104}")
[ -n "${SERVER_URL:-}" ] && args+=(--server-url "$SERVER_URL")

export ARGON2_MEMORY_KIB="${ARGON2_MEMORY_KIB:-19456}" ARGON2_ITERATIONS="${ARGON2_ITERATIONS:-3}" \
  ARGON2_PARALLELISM="${ARGON2_PARALLELISM:-1}"
cost="argon2=$ARGON2_MEMORY_KIB/$ARGON2_ITERATIONS/$ARGON2_PARALLELISM"

status=0
lines=()
for scale in "${scales[@]}"; do
  users="${scale%%:*}" blocker="${scale##*:}"
  log="$(mktemp)"
  # At 2M a freshly started service needs longer than the default warm-up before its baseline means anything (its
  # first 25 s at the derived rate were saturated: JIT and a cold cache of the new database).
  warm=()
  [ "$users" -ge 1000000 ] && warm=(--warm-up 60)
  "$root/load-tests/ci-rehearsal.sh" "${args[@]}" "${warm[@]}" --users "$users" --blocker-seconds "$blocker" 2>&1 \
    | tee "$log" >&2
  [ "${PIPESTATUS[0]}" = 0 ] || status=1
  while IFS= read -r line; do
    lines+=("rehearsal scale=$users/${blocker}s $cost ${line#rehearsal }")
  done < <(sed -n '/^ci-rehearsal: reports in/,$p' "$log" | grep '^rehearsal mode=')
  rm -f "$log"
done
printf '%s\n' "${lines[@]}"
exit "$status"
