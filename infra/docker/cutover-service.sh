#!/bin/sh
# Starts the Cutover service (Quarkus fast-jar) with the container's JVM options. exec replaces the shell, so
# SIGTERM reaches the JVM directly and Quarkus shuts down gracefully.
set -eu
home="${CUTOVER_HOME:-/opt/cutover}"
# From the jar's directory, by its relative name: the class-data archive (AppCDS, app-cds.jsa, made by the image
# build) recorded the class path that way, and the JVM ignores an archive whose class path does not match.
cd "$home/service"
archive=""
if [ -f app-cds.jsa ]; then
  archive="-XX:SharedArchiveFile=app-cds.jsa"
fi
# JAVA_OPTS is a space-separated list of JVM options, split on purpose.
# shellcheck disable=SC2086
exec "${JAVA:-java}" ${JAVA_OPTS:-} $archive -jar quarkus-run.jar "$@"
