# syntax=docker/dockerfile:1
#
# The Cutover image: the service (Quarkus fast-jar, JVM mode) and the `cutover` CLI, one image with two entry
# points. One image on purpose: the migration Job must run exactly the migrations of the release it gates, and
# the same tag (better: the same digest) for the Job, the API pods and the backfill workers guarantees that.
#
# Self-contained: the first stage builds the jars from the sources with the Maven wrapper (nothing is needed on the
# host but Docker), the second is a JRE with the jars and the SBOMs. Build from the repository root:
#   docker build -f infra/docker/service.Dockerfile -t cutover:0.1.0 .
#
# Run:
#   docker run -p 8000:8000 -e DATABASE_URL=... -e SECRET_KEY=... cutover:0.1.0          # the service
#   docker run -e DATABASE_URL=... cutover:0.1.0 cutover migrate --lock-timeout 100ms ...  # the CLI
# For reproducible builds, pin the digests too (FROM eclipse-temurin:25-jre-noble@sha256:...); Dependabot bumps them
# (.github/dependabot.yml). The build compiles for Java 17 (the parent pom's release); the service runs on JDK 25, for
# its AOT cache.

# ---- build: the service's fast-jar and the CLI's jar, tests left to CI ----
FROM eclipse-temurin:17-jdk-jammy AS build
WORKDIR /src
# The sources the reactor needs (the .dockerignore beside this file leaves out target/, .git and the rest).
COPY . .
# The Maven repository is a BuildKit cache, so a rebuild downloads only what changed.
# No class-data archive here: the JDK of this stage is not the JRE that runs the service (see the runtime stage).
RUN --mount=type=cache,target=/root/.m2 \
    ./mvnw -B -ntp -pl service -am package -DskipTests -Dquarkus.package.jar.appcds.enabled=false \
 && cp migrations/target/cutover-migrations-*-cli.jar /src/cutover-cli.jar

# ---- runtime: a JRE, the jars, their AOT cache, the SBOM ----
FROM eclipse-temurin:25-jre-noble

# A fixed numeric uid/gid, so Kubernetes' runAsNonRoot can verify it without reading /etc/passwd.
RUN groupadd --system --gid 10001 cutover \
 && useradd --system --uid 10001 --gid 10001 --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin cutover

WORKDIR /opt/cutover

# Layers from the least to the most often changed: third-party jars, then Quarkus' generated classes, then our
# code. Files stay owned by root: the service can read its code but not change it.
COPY --from=build /src/service/target/quarkus-app/lib/ /opt/cutover/service/lib/
COPY --from=build /src/service/target/quarkus-app/quarkus-run.jar /opt/cutover/service/
COPY --from=build /src/service/target/quarkus-app/quarkus/ /opt/cutover/service/quarkus/
COPY --from=build /src/service/target/quarkus-app/app/ /opt/cutover/service/app/
# Heap from the container's memory limit, not the node's: at most 60%, leaving room for the password hashes' off-heap
# budget (ARGON2_MEMORY_BUDGET_MIB, 128 MiB), metaspace, code and thread stacks; no initial heap size, so the heap
# grows with the live set (an initial half of the limit made every page of a large young generation resident: RSS
# 274 MB at ready instead of 179 MB). Serial GC, which the JVM picks anyway in a 2-CPU pod under 1792 MB, named so a
# run outside a container (service/bench/startup.sh) gets it too. Die on OOM so the orchestrator restarts a clean JVM;
# no hsperfdata file (the root filesystem is read-only; /tmp is the only writable place).
ENV LANG=C.UTF-8 \
    PORT=8000 \
    MANAGEMENT_PORT=9000 \
    CUTOVER_HOME=/opt/cutover \
    JAVA_OPTS="-XX:+UseSerialGC -XX:MaxRAMPercentage=60.0 -XX:+ExitOnOutOfMemoryError -XX:-UsePerfData -Djava.io.tmpdir=/tmp -Djava.util.logging.manager=org.jboss.logmanager.LogManager" \
    CUTOVER_JAVA_OPTS="-XX:MaxRAMPercentage=75.0 -XX:+ExitOnOutOfMemoryError -XX:-UsePerfData -XX:TieredStopAtLevel=1 -Djava.io.tmpdir=/tmp"

# The AOT cache (app.aot: the classes the service loads, linked, and the profiles of its hot methods) of the JRE that
# will use it (a cache made by another build of Java is ignored) and of the jars just copied, trained here by a run
# of the service against a throwaway PostgreSQL: train-aot.sh starts it with -XX:AOTCacheOutput, its warm-up sends it
# the requests clients send most, and one login. PostgreSQL and the scratch database leave in the same layer. The
# launcher passes the cache with -XX:AOTCache when it is there.
COPY --chmod=0755 infra/docker/train-aot.sh /usr/local/lib/cutover/train-aot.sh
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends postgresql \
 && pg_ctlcluster "$(ls /etc/postgresql)" main start \
 && password="$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')" \
 && su postgres -c "psql -q -c \"CREATE ROLE training LOGIN PASSWORD '$password'\" -c 'CREATE DATABASE training OWNER training'" \
 && cd /opt/cutover/service \
 && DATABASE_URL="postgresql://training:$password@127.0.0.1:5432/training" /usr/local/lib/cutover/train-aot.sh \
 && pg_ctlcluster "$(ls /etc/postgresql)" main stop \
 && apt-get purge -y --auto-remove 'postgresql*' \
 && rm -rf /var/lib/apt/lists/* /var/lib/postgresql /etc/postgresql /var/log/postgresql \
 && test -s app.aot
# The CLI is the migrations module's self-contained jar (a shaded jar: its own dependency set, not the service's).
COPY --from=build /src/cutover-cli.jar /opt/cutover/cli/cutover-cli.jar
# The CycloneDX SBOM of the service's dependencies, made by the build (cyclonedx-maven-plugin).
COPY --from=build /src/service/target/cutover-service-sbom.cdx.json /opt/cutover/sbom/
COPY --chmod=0755 infra/docker/cutover-service.sh /usr/local/bin/cutover-service
COPY --chmod=0755 infra/docker/cutover.sh /usr/local/bin/cutover
COPY --chmod=0755 infra/docker/healthcheck.sh /usr/local/bin/cutover-healthcheck

USER 10001:10001
# 8000: the API and its docs; 9000: the management interface (/q/health, /q/metrics).
EXPOSE 8000 9000

# Liveness only: readiness depends on the database, and a container runtime restarting the service because the
# database is down would only add load. Kubernetes ignores HEALTHCHECK and uses its own probes (infra/k8s).
HEALTHCHECK --interval=15s --timeout=3s --start-period=60s --retries=3 CMD ["/usr/local/bin/cutover-healthcheck"]

CMD ["/usr/local/bin/cutover-service"]
