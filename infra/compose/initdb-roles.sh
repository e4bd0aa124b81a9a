#!/usr/bin/env bash
# Runs once, when the postgres container initializes its data directory: Cutover's roles, with the passwords
# from the container's environment (compose.yaml).
set -euo pipefail
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
  -v prefix="${CUTOVER_ROLE_PREFIX:-cutover}" \
  -v app_password="$CUTOVER_APP_PASSWORD" \
  -v migrator_password="$CUTOVER_MIGRATOR_PASSWORD" \
  -v readonly_password="$CUTOVER_READONLY_PASSWORD" \
  -v monitor_password="$CUTOVER_MONITOR_PASSWORD" \
  -f "${CUTOVER_ROLES_SQL:-/etc/cutover/roles.sql}"
