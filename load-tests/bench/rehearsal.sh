#!/usr/bin/env bash
# The cutover rehearsal at real traffic, for the benchmark run: load-tests/ci-rehearsal.sh (naive, then guarded, at
# RATE_FRACTION of the capacity the naive run measures in the same run) at CI scale, and at full scale with FULL=1.
# Prints, last, one line per scale and mode: `rehearsal scale=<users>/<blocker>s mode=... capacity_rps=... rps=...
# verdict=... max_ms=... failed=... backfill_rows_per_s=... ... load1=...` (see load-tests/README.md).
#
#   load-tests/bench/rehearsal.sh                  # 100,000 users, 20 s blocker
#   FULL=1 load-tests/bench/rehearsal.sh           # and 2,000,000 users, 60 s blocker
#
# Settings (environment): RATE_FRACTION (0.4), MAX_MS (300), SERVER_URL (a server it may create databases on),
# PORT and MANAGEMENT_PORT (the service's), CUTOVER_REHEARSAL_DB_PREFIX (its databases' prefix).
# Exits non-zero when a scale did not show what it should (naive STALLED, guarded PASS).
set -uo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
scales=("100000:20")
[ "${FULL:-0}" = 1 ] && scales+=("2000000:60")
args=(--rate-fraction "${RATE_FRACTION:-0.4}" --max-ms "${MAX_MS:-300}" --port "${PORT:-8104}"
  --management-port "${MANAGEMENT_PORT:-9104}")
[ -n "${SERVER_URL:-}" ] && args+=(--server-url "$SERVER_URL")

status=0
lines=()
for scale in "${scales[@]}"; do
  users="${scale%%:*}" blocker="${scale##*:}"
  log="$(mktemp)"
  "$root/load-tests/ci-rehearsal.sh" "${args[@]}" --users "$users" --blocker-seconds "$blocker" 2>&1 | tee "$log" >&2
  [ "${PIPESTATUS[0]}" = 0 ] || status=1
  while IFS= read -r line; do
    lines+=("rehearsal scale=$users/${blocker}s ${line#rehearsal }")
  done < <(sed -n '/^ci-rehearsal: reports in/,$p' "$log" | grep '^rehearsal mode=')
  rm -f "$log"
done
printf '%s\n' "${lines[@]}"
exit "$status"
