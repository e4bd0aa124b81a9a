#!/usr/bin/env bash
# Makes the JDK's AOT cache (JDK 24+, JEP 483 and 515: classes loaded and linked, method profiles) of the Quarkus
# application in the current directory, by a training run: it starts quarkus-run.jar with -XX:AOTCacheOutput=app.aot,
# waits until /q/health/ready answers 200, logs in once when the application is the service, and stops it with
# SIGTERM; the JVM writes the cache as it exits. The cache is valid only for the same java and the same jars, so run
# this where the application will run: the image's runtime stage (infra/docker/service.Dockerfile), or a benchmark's
# copy of quarkus-app (service/bench/lib.sh).
#
# The service's training traffic is its own warm-up (WARM_UP_ROUNDS requests to itself, none of which changes data),
# so the cache holds the paths clients use. It needs a database: DATABASE_URL, migrated at start; each training makes
# a first superuser there, so point it at a scratch database.
#
# Environment: JAVA (default java), JAVA_OPTS (the options the application will run with), DATABASE_URL (the service
# only), TRAINING_ROUNDS (warm-up rounds, default 300), PORT, MANAGEMENT_PORT (defaults 18000, 19000). Plain bash
# (/dev/tcp): the image has neither curl nor wget.
set -euo pipefail

[ -f quarkus-run.jar ] || { echo "train-aot: no quarkus-run.jar in $(pwd)" >&2; exit 2; }
port=${PORT:-18000}
management=${MANAGEMENT_PORT:-19000}
random() { head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n'; }
# A first superuser of its own, new in every run, so its login works whatever an earlier training left there.
admin="aot-training-$(random | head -c 12)@example.com"
password="training-$(random)"

# Prints the status code of a request to 127.0.0.1:$1, or nothing. $2 is the request line and headers, $3 a body.
status() {
  local line="" body=${3:-}
  exec 3<>"/dev/tcp/127.0.0.1/$1" || return 0
  printf '%s\r\nHost: localhost\r\nConnection: close\r\nContent-Length: %d\r\n\r\n%s' "$2" "${#body}" "$body" >&3
  IFS= read -r -t 60 line <&3 || true
  exec 3<&-
  line=${line#HTTP/1.? }
  echo "${line%% *}"
}

rm -f app.aot
# shellcheck disable=SC2086 # JAVA_OPTS is a list of words
env PORT="$port" MANAGEMENT_PORT="$management" SECRET_KEY="training-$(random)" FIRST_SUPERUSER="$admin" \
  FIRST_SUPERUSER_PASSWORD="$password" MIGRATE_AT_START=true WARM_UP_ROUNDS="${TRAINING_ROUNDS:-300}" \
  WARM_UP_TIMEOUT=PT10M QUARKUS_LOG_LEVEL=WARN \
  "${JAVA:-java}" ${JAVA_OPTS:-} -XX:AOTCacheOutput=app.aot -Xlog:aot=error -Xlog:cds=error \
  -jar quarkus-run.jar > train-aot.log 2>&1 &
pid=$!
trap 'kill "$pid" 2>/dev/null || true' EXIT
started=$SECONDS
until [ "$(status "$management" 'GET /q/health/ready HTTP/1.1' 2>/dev/null)" = 200 ]; do
  if ! kill -0 "$pid" 2>/dev/null || (( SECONDS - started > 600 )); then
    echo "train-aot: the training run did not get ready; its output:" >&2
    cat train-aot.log >&2
    exit 1
  fi
  sleep 0.2
done
if [ -n "${DATABASE_URL:-}" ]; then
  login=$(status "$port" $'POST /api/v1/login/access-token HTTP/1.1\r\nContent-Type: application/x-www-form-urlencoded' \
    "username=${admin/@/%40}&password=$password")
  [ "$login" = 200 ] || { echo "train-aot: the training login answered ${login:-nothing}" >&2; exit 1; }
fi
kill -TERM "$pid"
wait "$pid" || true
trap - EXIT
[ -s app.aot ] || { echo "train-aot: no app.aot; the training run's output:" >&2; cat train-aot.log >&2; exit 1; }
rm -f train-aot.log
echo "train-aot: $(pwd)/app.aot, $(( $(wc -c < app.aot) / 1048576 )) MB, trained in $(( SECONDS - started )) s"
