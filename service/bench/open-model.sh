#!/usr/bin/env bash
# GET /api/v1/users/{id} at a constant arrival rate (an open model: requests start on schedule whether or not the
# earlier ones have answered, and each latency counts from the request's due time, so queueing shows in the latencies
# instead of slowing the load): open-model.mjs on Node.js with undici, a warm-up at the same rate, then the measured
# run. A light generator on purpose: at thousands of requests per second it shares the 2 cores with the service and
# PostgreSQL, and prints its own CPU per request so that share can be read.
#
#   RATE=2000 TOKEN=<superuser access token> IDS_FILE=ids.txt service/bench/open-model.sh
#
# Settings (environment): PORT, RATE (req/s), DURATION (s, default 30), WARM_UP (s, default 10), CONNECTIONS (64),
# TOKEN, IDS_FILE (one user id a line), TIMELINE (a file for the latency of each 100 ms, see open-model.mjs).
# Prints one line: RESULT rate=... requests=... ko=... p50_ms=... p99_ms=... max_ms=... sent_rps=...
# generator_cpu_us_per_request=...
set -euo pipefail

PORT=${PORT:-8000}
DURATION=${DURATION:-30}
WARM_UP=${WARM_UP:-10}
: "${RATE:?RATE (requests per second) is required}"
: "${TOKEN:?TOKEN must be a superuser access token}"
: "${IDS_FILE:?IDS_FILE must list user ids, one a line}"

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# shellcheck source=bench/need.sh
. "$root/bench/need.sh"
need node nodejs
need npm npm

# undici from the npm registry, once, into the service's target directory; the script runs from there so that its
# import finds it.
generator="$root/service/target/open-model"
if [ ! -d "$generator/node_modules/undici" ]; then
  echo "installing undici for the open-model generator ..." >&2
  mkdir -p "$generator"
  npm install --silent --no-audit --no-fund --prefix "$generator" undici@6 >&2
fi
cp "$root/service/bench/open-model.mjs" "$generator/"
PORT="$PORT" RATE="$RATE" DURATION="$DURATION" WARM_UP="$WARM_UP" CONNECTIONS="${CONNECTIONS:-64}" TOKEN="$TOKEN" IDS_FILE="$IDS_FILE" \
  node "$generator/open-model.mjs"
