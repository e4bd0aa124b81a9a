#!/usr/bin/env bash
# Container HEALTHCHECK: exit 0 when GET /q/health/live on the management port ($MANAGEMENT_PORT) answers 200.
# Plain bash (/dev/tcp), so the image needs neither curl nor wget.
set -euo pipefail
port="${MANAGEMENT_PORT:-9000}"
exec 3<>"/dev/tcp/127.0.0.1/${port}" || exit 1
printf 'GET /q/health/live HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n' >&3
status_line=""
IFS= read -r -t 2 status_line <&3 || true
exec 3<&-
case "$status_line" in
  "HTTP/1.1 200"* | "HTTP/1.0 200"*) exit 0 ;;
  *) echo "liveness: ${status_line:-no answer}" >&2; exit 1 ;;
esac
