#!/bin/sh
# Starts the Cutover service (Quarkus fast-jar) with the container's JVM options. exec replaces the shell, so
# SIGTERM reaches the JVM directly and Quarkus shuts down gracefully.
set -eu
home="${CUTOVER_HOME:-/opt/cutover}"
# From the jar's directory, by its relative name: the AOT cache (app.aot, JDK 25, trained by the image build with
# train-aot.sh) or, without one, the class-data archive (app-cds.jsa) recorded the class path that way, and the JVM
# ignores a cache whose class path does not match. The cache needs the JDK that made it: a JDK before 24 does not
# know the option, so give such a JVM (JAVA) a directory without app.aot.
cd "$home/service"
archive=""
if [ -f app.aot ]; then
  archive="-XX:AOTCache=app.aot"
elif [ -f app-cds.jsa ]; then
  archive="-XX:SharedArchiveFile=app-cds.jsa"
fi
# JAVA_OPTS is a space-separated list of JVM options, split on purpose.
# shellcheck disable=SC2086
exec "${JAVA:-java}" ${JAVA_OPTS:-} $archive -jar quarkus-run.jar "$@"
