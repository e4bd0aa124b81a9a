# PgBouncer for the compose stack (infra/compose/compose.yaml): Debian 12's package, PgBouncer 1.18, the version
# PgBouncerIT and the topology rehearsal run, so the stack pools exactly as the tests do. Configuration and start
# script are mounted by compose.
FROM debian:bookworm-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends pgbouncer \
 && rm -rf /var/lib/apt/lists/*
# PgBouncer refuses to run as root; it needs nothing but to read its files and write to /tmp.
USER 65534:65534
EXPOSE 6432
CMD ["pgbouncer", "/etc/cutover/pgbouncer.ini"]
