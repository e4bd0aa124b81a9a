#!/bin/sh
# Starts the Cutover service (Quarkus fast-jar) with the container's JVM options. exec replaces the shell, so
# SIGTERM reaches the JVM directly and Quarkus shuts down gracefully.
set -eu
home="${CUTOVER_HOME:-/opt/cutover}"
# JAVA_OPTS is a space-separated list of JVM options, split on purpose.
# shellcheck disable=SC2086
exec "${JAVA:-java}" ${JAVA_OPTS:-} -jar "$home/service/quarkus-run.jar" "$@"
