#!/usr/bin/env bash
# Server time of keyset pages (GET /api/v1/users/?after=...&limit=100), read from the service's own latency
# histogram (http_server_requests_seconds on the management port) before and after a walk through the pages, so the
# figure excludes the client and the network. One client walks page after page (each request's cursor is the
# previous answer's next_cursor): a warm-up walk first, then the measured walk goes on deeper from where it stopped.
#
#   PORT=8000 MANAGEMENT_PORT=9000 TOKEN=<superuser access token> service/bench/keyset-pages.sh
#
# Settings (environment): PORT, MANAGEMENT_PORT, TOKEN, KEYSET_SECONDS (measured walk, default 20), KEYSET_WARM_UP
# (s, default 10), PAGE_SIZE (default 100). Prints one line:
#   RESULT pages=... mean_ms=... p50_ms=... p99_ms=... max_bucket_ms=...
# where the percentiles are the upper bounds of the histogram buckets they fall in.
set -euo pipefail

PORT=${PORT:-8000}
MANAGEMENT_PORT=${MANAGEMENT_PORT:-9000}
KEYSET_SECONDS=${KEYSET_SECONDS:-20}
KEYSET_WARM_UP=${KEYSET_WARM_UP:-10}
PAGE_SIZE=${PAGE_SIZE:-100}
: "${TOKEN:?TOKEN must be a superuser access token}"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
printf '' > "$work/cursor"

# The cursor survives from the warm-up into the measured walk through a file (wrk keeps no state between runs).
cat > "$work/walk.lua" <<LUA
local file = "$work/cursor"
local f = io.open(file, "r"); local cursor = f:read("*l") or ""; f:close()
wrk.headers["Authorization"] = "Bearer $TOKEN"
request = function()
  return wrk.format("GET", "/api/v1/users/?limit=$PAGE_SIZE&after=" .. cursor)
end
response = function(status, headers, body)
  cursor = body:match('"next_cursor":"([^"]+)"') or ""
  local out = io.open(file, "w"); out:write(cursor); out:close()
end
LUA

# This endpoint's successful GETs: every bucket (le="seconds" count), then _count and _sum.
scrape() {
  curl -sf "localhost:$MANAGEMENT_PORT/q/metrics" \
    | grep -E '^http_server_requests_seconds_(bucket|count|sum)\{' \
    | grep 'method="GET"' | grep 'status="200"' | grep 'uri="/api/v1/users"' \
    | sed -E 's/^http_server_requests_seconds_([a-z]+)\{.*le="([^"]+)".*\} (.*)$/\1 \2 \3/;
              s/^http_server_requests_seconds_(count|sum)\{.*\} (.*)$/\1 - \2/'
}

wrk -t 1 -c 1 -d "${KEYSET_WARM_UP}s" -s "$work/walk.lua" "http://localhost:$PORT" > /dev/null
scrape > "$work/before"
wrk -t 1 -c 1 -d "${KEYSET_SECONDS}s" -s "$work/walk.lua" "http://localhost:$PORT" > /dev/null
scrape > "$work/after"

awk '
  FNR == NR { before[$1 " " $2] = $3; next }
  { delta = $3 - before[$1 " " $2] }
  $1 == "count" { count = delta }
  $1 == "sum" { sum = delta }
  $1 == "bucket" && $2 != "+Inf" { n++; le[n] = $2 + 0; cumulative[n] = delta }
  END {
    if (count <= 0) { print "RESULT pages=0"; exit 1 }
    # Buckets are cumulative and listed in ascending order of le.
    for (i = 1; i <= n; i++) {
      if (p50 == "" && cumulative[i] >= 0.50 * count) p50 = le[i]
      if (p99 == "" && cumulative[i] >= 0.99 * count) p99 = le[i]
      if (top == "" && cumulative[i] >= count) top = le[i]
    }
    printf "RESULT pages=%d mean_ms=%.2f p50_ms=%.2f p99_ms=%.2f max_bucket_ms=%.2f\n",
      count, 1000 * sum / count, 1000 * p50, 1000 * p99, 1000 * top
  }' "$work/before" "$work/after"
