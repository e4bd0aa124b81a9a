#!/usr/bin/env bash
# Runs the FastAPI full-stack template's own frontend and Playwright suite, unchanged, against the packaged Cutover.
#
#   service/e2e/template-frontend.sh PATH_TO_TEMPLATE
#
# PATH_TO_TEMPLATE is a checkout of https://github.com/fastapi/full-stack-fastapi-template (its frontend/ and .env are
# used, read-only: they are copied to a work directory, which is where npm installs and builds). Needs a JDK, node
# and npm, psql, and Chromium (Debian: apt-get install -y chromium). Not part of ./mvnw verify or .ci/run: the
# template's source is not in a package registry.
#
# Environment (all optional):
#   CUTOVER_TEST_DATABASE_URL  server on which a scratch database is created and dropped
#                              (default postgresql://postgres@127.0.0.1:5432/postgres); or DATABASE_URL to use as is
#   E2E_API_PORT               Cutover's port (default 8100); E2E_FRONTEND_PORT the frontend's (default 5173)
#   CHROMIUM                   the browser (default /usr/bin/chromium)
#   E2E_WORKDIR                where the frontend is built (default a new temporary directory, removed at the end)
#   E2E_KEEP=1                 keep the work directory, the scratch database and the logs
#   E2E_MAIL_PORT, E2E_SMTP_PORT  the mail catcher standing in for Mailpit (default 8125, 8126); E2E_MAIL=0 runs none
#   E2E_SKIP_PACKAGE=1         use the service jar already in service/target
#   any other argument after PATH_TO_TEMPLATE is passed to `playwright test` (e.g. tests/items.spec.ts)
set -euo pipefail

template="${1:?usage: $0 PATH_TO_TEMPLATE [playwright args...]}"
shift
template="$(cd "$template" && pwd)"
[ -f "$template/frontend/package.json" ] && [ -f "$template/.env" ] \
  || { echo "$template does not look like the FastAPI template (frontend/package.json and .env)" >&2; exit 2; }
root="$(cd "$(dirname "$0")/../.." && pwd)"
api_port="${E2E_API_PORT:-8100}"
front_port="${E2E_FRONTEND_PORT:-5173}"
chromium="${CHROMIUM:-/usr/bin/chromium}"
[ -x "$chromium" ] || { echo "no Chromium at $chromium (apt-get install -y chromium, or set CHROMIUM)" >&2; exit 2; }

for port in "$api_port" "$front_port"; do
  if curl -s -o /dev/null "http://localhost:$port/"; then
    echo "port $port is taken: stop what listens there, or set E2E_API_PORT / E2E_FRONTEND_PORT" >&2; exit 2
  fi
done

work="${E2E_WORKDIR:-$(mktemp -d /tmp/cutover-e2e.XXXXXX)}"
mkdir -p "$work"
pids=()
scratch_db=""
server_url="${CUTOVER_TEST_DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/postgres}"
cleanup() {
  # Each background process leads a process group of its own (setsid): npx and node children go with it.
  for pid in "${pids[@]}"; do kill -- "-$pid" 2>/dev/null || kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  if [ -z "${E2E_KEEP:-}" ]; then
    [ -n "$scratch_db" ] && psql "$server_url" -qc "DROP DATABASE IF EXISTS $scratch_db WITH (FORCE)" >/dev/null 2>&1 || true
    if [ -z "${E2E_WORKDIR:-}" ]; then rm -rf "$work"; fi
  else
    echo "kept: $work ${scratch_db:+(database $scratch_db)}"
  fi
}
trap cleanup EXIT

wait_for() { # url seconds
  for _ in $(seq 1 "$2"); do curl -fsS -o /dev/null "$1" 2>/dev/null && return 0; sleep 1; done
  echo "timed out waiting for $1" >&2; return 1
}

# Packaged before the template's .env is read: a build records the runtime settings it sees (its DATABASE_URL with
# the password in it) as the jar's defaults.
if [ -z "${E2E_SKIP_PACKAGE:-}" ] || [ ! -f "$root/service/target/quarkus-app/quarkus-run.jar" ]; then
  echo "== packaging Cutover"
  (cd "$root" && ./mvnw -q -B -ntp -pl service -am package -DskipTests)
fi

given_database_url="${DATABASE_URL:-}"
# The template's settings, as its .env gives them; the secrets are replaced with fresh ones over 32 bytes (with the
# .env's FASTAPI_ENV=development its "changethis" would only be warned about, as the template does). Playwright
# reads the same variables: dotenv does not override what the environment already has.
set -a
# shellcheck disable=SC1091
. "$template/.env"
set +a
SECRET_KEY="e2e-$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')"
FIRST_SUPERUSER_PASSWORD="e2e-$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')"
export SECRET_KEY FIRST_SUPERUSER_PASSWORD

mail_env=(QUARKUS_MAILER_MOCK=true)
if [ "${E2E_MAIL:-1}" != 0 ]; then
  # The reset-password specs read the mail from Mailpit's API; a small catcher answers the two calls they make.
  mail_port="${E2E_MAIL_PORT:-8125}"
  smtp_port="${E2E_SMTP_PORT:-8126}"
  setsid node "$root/service/e2e/mail-catcher.mjs" "$smtp_port" "$mail_port" >"$work/mail.log" 2>&1 &
  pids+=($!)
  export MAILPIT_HOST="http://localhost:$mail_port"
  mail_env=(QUARKUS_MAILER_MOCK=false SMTP_HOST=127.0.0.1 SMTP_PORT="$smtp_port" SMTP_START_TLS=DISABLED)
fi

if [ -n "$given_database_url" ]; then
  DATABASE_URL="$given_database_url"
else
  scratch_db="cutover_e2e_$$"
  psql "$server_url" -qc "CREATE DATABASE $scratch_db" >/dev/null
  DATABASE_URL="${server_url%/*}/$scratch_db"
fi
export DATABASE_URL

echo "== starting Cutover on :$api_port (packaged, default profile, migrations at start, FASTAPI_ENV=${FASTAPI_ENV:-}, mail to ${MAILPIT_HOST:-a mock})"
# Started as a template user starts it: the packaged service in its default profile with the template's .env, whose
# FASTAPI_ENV=development alone opens the private API the suite creates its users with.
setsid env "${mail_env[@]}" MIGRATE_AT_START=true PORT="$api_port" FRONTEND_HOST="http://localhost:$front_port" \
  java -jar "$root/service/target/quarkus-app/quarkus-run.jar" >"$work/cutover.log" 2>&1 &
pids+=($!)
wait_for "http://localhost:$api_port/api/v1/utils/health-check/" 120 || { tail -50 "$work/cutover.log" >&2; exit 1; }

echo "== building the template's frontend against http://localhost:$api_port"
rm -rf "$work/frontend"
cp -r "$template/frontend" "$work/frontend"
cp "$template/.env" "$work/.env"
export VITE_API_URL="http://localhost:$api_port"
(cd "$work/frontend" && npm install --no-audit --no-fund --loglevel=error && npm run build) >"$work/build.log" 2>&1 \
  || { tail -40 "$work/build.log" >&2; exit 1; }
(cd "$work/frontend" && exec setsid npx vite preview --port "$front_port" --strictPort) >"$work/frontend.log" 2>&1 &
pids+=($!)
wait_for "http://localhost:$front_port/" 60

# The suite's own config, with Debian's Chromium instead of Playwright's download and a plain reporter; the
# template's files stay as they are.
cat >"$work/frontend/cutover-e2e.config.ts" <<CONFIG
import base from "./playwright.config"
const launchOptions = {
  executablePath: "$chromium",
  headless: true,
  args: ["--no-sandbox", "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--no-first-run", "--disable-quic"],
}
export default {
  ...base,
  reporter: [["list"], ["json", { outputFile: "$work/results.json" }]],
  webServer: undefined,
  projects: (base.projects ?? []).map((p) => ({ ...p, use: { ...p.use, launchOptions } })),
}
CONFIG

echo "== running the template's Playwright suite"
set +e
(cd "$work/frontend" && PLAYWRIGHT_BASE_URL="http://localhost:$front_port" \
  npx playwright test --config cutover-e2e.config.ts "$@")
status=$?
set -e
node -e '
  const r = require(process.argv[1]); const s = r.stats;
  const failed = [];
  const walk = (suite) => { (suite.suites || []).forEach(walk);
    (suite.specs || []).forEach((spec) => { if (!spec.ok) failed.push(spec.file + ": " + spec.title); }); };
  r.suites.forEach(walk);
  console.log(`passed ${s.expected}, failed ${s.unexpected}, flaky ${s.flaky}, skipped ${s.skipped}`);
  failed.forEach((f) => console.log("  failed: " + f));
' "$work/results.json" || true
exit $status
