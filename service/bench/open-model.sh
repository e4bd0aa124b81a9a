#!/usr/bin/env bash
# GET /api/v1/users/{id} at a constant arrival rate (an open model: requests start on schedule whether or not the
# earlier ones have answered, so queueing shows in the latencies instead of slowing the load), with Gatling from
# load-tests (UsersByIdSimulation): a warm-up at the same rate, then the measured run.
#
#   RATE=2000 TOKEN=<superuser access token> IDS_FILE=ids.txt service/bench/open-model.sh
#
# Settings (environment): PORT, RATE (req/s), DURATION (s, default 30), WARM_UP (s, default 10), TOKEN, IDS_FILE (one
# user id a line). Prints one line: RESULT rate=... requests=... ko=... p50_ms=... p99_ms=... max_ms=... (Gatling
# rounds to whole ms); the HTML report stays in load-tests/target/gatling/
set -euo pipefail

PORT=${PORT:-8000}
DURATION=${DURATION:-30}
WARM_UP=${WARM_UP:-10}
: "${RATE:?RATE (requests per second) is required}"
: "${TOKEN:?TOKEN must be a superuser access token}"
: "${IDS_FILE:?IDS_FILE must list user ids, one a line}"

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
{ echo id; cat "$IDS_FILE"; } > "$work/ids.csv"

(cd "$root" && ./mvnw -q -B -ntp -pl load-tests test-compile gatling:test \
  -Dgatling.simulationClass=dev.cutover.loadtests.UsersByIdSimulation \
  -DbaseUrl="http://localhost:$PORT" -Drps="$RATE" -Dduration="$DURATION" -DwarmUp="$WARM_UP" \
  -Dtoken="$TOKEN" -DidsFile="$work/ids.csv") > "$work/gatling.log" 2>&1 \
  || { tail -40 "$work/gatling.log" >&2; exit 1; }

# This run's report (newer than the ids file written above); its page of the measured request has the figures.
report=$(find "$root/load-tests/target/gatling" -maxdepth 1 -name 'usersbyidsimulation-*' -newer "$work/ids.csv" | sort | tail -1)
page=$(ls "$report"/req_measured*.html 2>/dev/null | head -1)
[ -n "$page" ] || { echo "no Gatling report of the measured requests" >&2; tail -40 "$work/gatling.log" >&2; exit 1; }
# Rows are <td class="title">NAME</td> then <td class="total">N</td>, <td class="ok">, <td class="ko"> (ms).
awk -v rate="$RATE" '
  /class="title"/ { sub(/.*class="title">/, ""); sub(/<.*/, ""); title = $0; column = 0; next }
  /class="(total|ok|ko)"/ && title != "" {
    column++; value = $0; sub(/.*">/, "", value); sub(/<.*/, "", value)
    if (column == 1) total[title] = value
    if (column == 3) ko[title] = value
  }
  END {
    printf "RESULT rate=%s requests=%s ko=%s p50_ms=%s p99_ms=%s max_ms=%s\n", rate, total["Total count"],
      ko["Total count"], total["50th percentile"], total["99th percentile"], total["Max"]
  }' "$page"
