#!/bin/sh
# The Cutover CLI in the image: `cutover migrate ...`, `cutover backfill status NAME`, `cutover --help`.
set -eu
home="${CUTOVER_HOME:-/opt/cutover}"
# CUTOVER_JAVA_OPTS is a space-separated list of JVM options (as for the repository's ./cutover), split on purpose.
# shellcheck disable=SC2086
exec "${JAVA:-java}" ${CUTOVER_JAVA_OPTS:-} -jar "$home/cli/cutover-cli.jar" "$@"
