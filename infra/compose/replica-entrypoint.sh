#!/usr/bin/env bash
# Entrypoint of the streaming replica (compose.yaml's postgres-replica). On its first start it copies the primary
# with pg_basebackup -R, which also writes standby.signal and primary_conninfo, so the copy starts as a hot standby
# streaming from the primary's slot. Then the image's own entrypoint finds an initialized data directory and only
# runs the server. PGDATA is a directory inside the volume, so the marker of an unfinished copy can sit beside it.
set -euo pipefail
volume="$(dirname "$PGDATA")"
unfinished="$volume/basebackup-unfinished"
if [ ! -s "$PGDATA/PG_VERSION" ] || [ -e "$unfinished" ]; then
  chown postgres:postgres "$volume"
  gosu postgres touch "$unfinished"
  # pg_basebackup wants an empty directory: a copy cut short (container stopped mid-way) is made again from scratch.
  rm -rf "$PGDATA"
  until gosu postgres pg_basebackup --host=postgres --username=cutover_replicator --pgdata="$PGDATA" \
      --wal-method=stream --slot=cutover_replica --write-recovery-conf --checkpoint=fast; do
    echo "replica: pg_basebackup from the primary failed, retrying in 2s" >&2
    rm -rf "$PGDATA"
    sleep 2
  done
  rm -f "$unfinished"
fi
exec docker-entrypoint.sh "$@"
