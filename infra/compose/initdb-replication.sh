#!/usr/bin/env bash
# Runs once, when the primary initializes its data directory (after 10-cutover-roles.sh): what the streaming replica
# (compose.yaml's postgres-replica) needs from it. A role that may only replicate, a pg_hba.conf line that lets it in
# over the network (the image's "host all all all" line does not match replication connections), and a physical
# slot, so the primary keeps the WAL the replica has not received yet (bounded by max_slot_wal_keep_size in
# compose/postgresql.conf, so a replica left stopped cannot fill the disk).
set -euo pipefail
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
  -v password="$CUTOVER_REPLICATION_PASSWORD" <<'SQL'
CREATE ROLE cutover_replicator LOGIN REPLICATION PASSWORD :'password';
SELECT pg_create_physical_replication_slot('cutover_replica');
SQL
echo "host replication cutover_replicator all scram-sha-256" >> "$PGDATA/pg_hba.conf"
