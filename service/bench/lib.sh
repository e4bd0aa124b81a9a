# shellcheck shell=bash
# Shared by the service's benchmark scripts (sourced, not run): a scratch directory ($work), tools, the benchmark
# database (DB_URL, set by the script), the service it starts in the background ($service_pid), stopped on exit.

work="$(mktemp -d)"
service_pid=""
cleanup() {
  stop_service
  rm -rf "$work"
}
trap cleanup EXIT

# shellcheck source=bench/need.sh
. "${root:?the sourcing script sets root, the repository root}/bench/need.sh"

# Creates the database of DB_URL when it does not exist, and defines sql (psql on it, quiet, stopping on errors).
ensure_database() {
  local db_name admin_url
  db_name="${DB_URL##*/}"; db_name="${db_name%%\?*}"
  admin_url="${DB_URL%/*}/postgres"
  if ! psql -qtA "$admin_url" -c "SELECT 1 FROM pg_database WHERE datname = '$db_name'" | grep -q 1; then
    psql -q "$admin_url" -c "CREATE DATABASE $db_name"
  fi
  export PGOPTIONS="-c client_min_messages=warning"
}
sql() { psql -qtAX -v ON_ERROR_STOP=1 "$DB_URL" "$@"; }

# Stops the service started in the background (service_pid) and waits for it to exit.
stop_service() {
  if [ -n "$service_pid" ]; then
    kill "$service_pid" 2>/dev/null || true
    wait "$service_pid" 2>/dev/null || true
    service_pid=""
  fi
}
