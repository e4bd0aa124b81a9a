# syntax=docker/dockerfile:1
#
# The Cutover image: the service (Quarkus fast-jar, JVM mode) and the `cutover` CLI, one image with two entry
# points. One image on purpose: the migration Job must run exactly the migrations of the release it gates, and
# the same tag (better: the same digest) for the Job, the API pods and the backfill workers guarantees that.
#
# Build from the repository root, after packaging (the jars are built outside Docker, so the image build needs
# no Maven cache and no network):
#   ./mvnw -B -ntp package -DskipTests
#   docker build -f infra/docker/service.Dockerfile -t cutover:0.1.0 .
#
# Run:
#   docker run -p 8000:8000 -e DATABASE_URL=... -e SECRET_KEY=... cutover:0.1.0          # the service
#   docker run -e DATABASE_URL=... cutover:0.1.0 cutover migrate --lock-timeout 100ms ...  # the CLI
# For reproducible builds, pin the digest too (FROM eclipse-temurin:17-jre-jammy@sha256:...) and let a bot bump it.
FROM eclipse-temurin:17-jre-jammy

# A fixed numeric uid/gid, so Kubernetes' runAsNonRoot can verify it without reading /etc/passwd.
RUN groupadd --system --gid 10001 cutover \
 && useradd --system --uid 10001 --gid 10001 --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin cutover

WORKDIR /opt/cutover

# Layers from the least to the most often changed: third-party jars, then Quarkus' generated classes, then our
# code. Files stay owned by root: the service can read its code but not change it.
COPY service/target/quarkus-app/lib/ /opt/cutover/service/lib/
COPY service/target/quarkus-app/quarkus-run.jar /opt/cutover/service/
COPY service/target/quarkus-app/quarkus/ /opt/cutover/service/quarkus/
COPY service/target/quarkus-app/app/ /opt/cutover/service/app/
# The CLI is the migrations module's self-contained jar (a shaded jar: its own dependency set, not the service's).
COPY migrations/target/cutover-migrations-*-cli.jar /opt/cutover/cli/cutover-cli.jar
COPY --chmod=0755 infra/docker/cutover-service.sh /usr/local/bin/cutover-service
COPY --chmod=0755 infra/docker/cutover.sh /usr/local/bin/cutover
COPY --chmod=0755 infra/docker/healthcheck.sh /usr/local/bin/cutover-healthcheck

# Heap from the container's memory limit, not the node's; die on OOM so the orchestrator restarts a clean JVM;
# no hsperfdata file (the root filesystem is read-only; /tmp is the only writable place).
ENV LANG=C.UTF-8 \
    PORT=8000 \
    CUTOVER_HOME=/opt/cutover \
    JAVA_OPTS="-XX:MaxRAMPercentage=75.0 -XX:InitialRAMPercentage=50.0 -XX:+ExitOnOutOfMemoryError -XX:-UsePerfData -Djava.io.tmpdir=/tmp -Djava.util.logging.manager=org.jboss.logmanager.LogManager" \
    CUTOVER_JAVA_OPTS="-XX:MaxRAMPercentage=75.0 -XX:+ExitOnOutOfMemoryError -XX:-UsePerfData -XX:TieredStopAtLevel=1 -Djava.io.tmpdir=/tmp"

USER 10001:10001
EXPOSE 8000

# Liveness only: readiness depends on the database, and a container runtime restarting the service because the
# database is down would only add load. Kubernetes ignores HEALTHCHECK and uses its own probes (infra/k8s).
HEALTHCHECK --interval=15s --timeout=3s --start-period=60s --retries=3 CMD ["/usr/local/bin/cutover-healthcheck"]

CMD ["/usr/local/bin/cutover-service"]
