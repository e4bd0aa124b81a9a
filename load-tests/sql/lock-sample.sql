-- One sample of lock waits for the rehearsal's locks.csv: epoch ms, sessions waiting on a lock, of which DDL (a
-- migration queued for its lock), ungranted locks in pg_locks, and the longest current lock wait in seconds.
SELECT (extract(epoch FROM clock_timestamp()) * 1000)::bigint,
       count(*) FILTER (WHERE a.wait_event_type = 'Lock'),
       count(*) FILTER (WHERE a.wait_event_type = 'Lock'
                          AND a.query ~* '^(\s|--[^\n]*\n)*(alter|create|drop)\M'),
       (SELECT count(*) FROM pg_locks l WHERE NOT l.granted),
       coalesce(round(max(extract(epoch FROM clock_timestamp() - a.state_change))
                      FILTER (WHERE a.wait_event_type = 'Lock')::numeric, 1), 0)
  FROM pg_stat_activity a
 WHERE a.datname = current_database() AND a.pid <> pg_backend_pid();
