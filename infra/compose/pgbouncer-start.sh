#!/usr/bin/env bash
# Starts PgBouncer (compose.yaml's pgbouncer service) with the app role's password from the environment: it is
# written to an auth file in /tmp, never into the mounted configuration. PgBouncer checks clients against it and logs
# in to PostgreSQL with it, as cutover_app, so roles.sql's timeouts for that role apply through the pooler.
set -euo pipefail
umask 077
mkdir -p /tmp/pgbouncer
printf '"cutover_app" "%s"\n' "$CUTOVER_APP_PASSWORD" > /tmp/pgbouncer/userlist.txt
exec pgbouncer /etc/cutover/pgbouncer.ini
