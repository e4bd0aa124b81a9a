#!/usr/bin/env bash
# The README's first command, as a new user runs it: `./mvnw quarkus:dev -pl service -am` must serve /docs and log in
# the dev first superuser on port 8000. Started with standard input closed, in its own process group, and stopped
# with the whole group (Maven, the dev-mode JVM, an embedded PostgreSQL) so no java is left behind.
#   .ci/dev-mode.sh [TIMEOUT_SECONDS]   (default 300)
set -euo pipefail
cd "$(dirname "$0")/.."

timeout="${1:-300}"
port=8000
log="$(mktemp /tmp/cutover-dev-mode.XXXXXX.log)"

say() { echo "dev-mode: $*" >&2; }

if curl -s -o /dev/null "http://localhost:$port/"; then
  say "port $port is already in use; stop what listens there first"
  exit 1
fi

setsid ./mvnw quarkus:dev -pl service -am </dev/null >"$log" 2>&1 &
pgid=$!

stop() {
  kill -TERM -- "-$pgid" 2>/dev/null || return 0
  for _ in $(seq 1 60); do
    pgrep -g "$pgid" >/dev/null || return 0
    sleep 1
  done
  say "the dev-mode processes did not stop within 60 s of SIGTERM; killing them"
  kill -KILL -- "-$pgid" 2>/dev/null || true
  return 1
}

fail() {
  say "FAILED: $*"
  say "last lines of $log:"
  tail -n 60 "$log" >&2
  stop || true
  exit 1
}

docs=""
token=""
for _ in $(seq 1 "$timeout"); do
  kill -0 "$pgid" 2>/dev/null || fail "the dev-mode command exited before serving"
  docs="$(curl -sL -o /dev/null -w '%{http_code}' "http://localhost:$port/docs" || true)"
  if [ "$docs" = 200 ]; then
    token="$(curl -s -X POST "http://localhost:$port/api/v1/login/access-token" \
      --data-urlencode username=admin@example.com --data-urlencode password=changethis \
      | sed -nE 's/.*"access_token":"([^"]+)".*/\1/p')"
    [ -n "$token" ] && break
  fi
  sleep 1
done
[ "$docs" = 200 ] || fail "GET /docs on port $port did not answer 200 within $timeout s (last: ${docs:-no answer})"
[ -n "$token" ] || fail "POST /api/v1/login/access-token as admin@example.com/changethis returned no access_token"
me="$(curl -s -H "Authorization: Bearer $token" "http://localhost:$port/api/v1/users/me")"
case "$me" in
  *'"email":"admin@example.com"'*) ;;
  *) fail "GET /api/v1/users/me with the token answered: $me" ;;
esac
say "/docs answers 200 and admin@example.com logs in on port $port"

# A newcomer edits something: the next request reloads the application. Nothing of the old one may run on after it
# (a timer left running read through the closed pool and logged an ERROR at every reload).
properties=service/src/main/resources/application.properties
cp "$properties" "$log.properties"
printf '\n# an edit by .ci/dev-mode.sh\n' >> "$properties"
reloaded=""
for _ in $(seq 1 120); do
  curl -s -o /dev/null "http://localhost:$port/api/v1/utils/health-check/" || true
  if grep -q "Restarting quarkus due to changes" "$log"; then reloaded=yes; break; fi
  sleep 1
done
cp "$log.properties" "$properties" && rm -f "$log.properties"
[ -n "$reloaded" ] || fail "an edit of application.properties did not reload the application"
for _ in $(seq 1 120); do
  [ "$(curl -s -o /dev/null -w '%{http_code}' "http://localhost:$port/api/v1/utils/health-check/" || true)" = 200 ] && break
  sleep 1
done
sleep 3
say "reloaded after an edit"

# The first minute shows no ERROR and no WARN.
problems="$(grep -E '^[0-9-]+ [0-9:,]+ (ERROR|WARN) ' "$log" || true)"
[ -z "$problems" ] || fail "the first start logged errors or warnings:
$problems"
say "no ERROR or WARN in the log"

stop || fail "stopping the dev-mode process group"
if pgrep -g "$pgid" >/dev/null; then
  fail "processes of the dev-mode group are still running: $(pgrep -g "$pgid" | tr '\n' ' ')"
fi
say "stopped; no process of the dev-mode group is left"
rm -f "$log"
