# shellcheck shell=bash disable=SC2154
# The takeover scenario of the cutover rehearsal, sourced by rehearse.sh (--scenario takeover): the FastAPI template's
# traffic replayed by pgbench, the adoption run naive or guarded, Cutover started after its expand phase.
# Uses rehearse.sh's variables and functions (sql, event, run_step, cutover, now_ms, out, db_url, ...).

template_sql="$root/load-tests/sql/template"
# The adoption's steps as files (the same SQL ./cutover adopt applies); CUTOVER_ADOPT_SQL points at another copy.
adopt_sql="${CUTOVER_ADOPT_SQL:-$root/migrations/src/main/resources/db/adopt/fastapi-template}"
# Steps from this version on are the contract (the old service must be gone), as in ./cutover adopt.
contract_from=100

# The template's requests and their weights (see sql/template/README.md), in pgbench's -f order.
template_scripts=(read-me:40 update-me:15 create-item:15 list-items:10 login:10 sign-up:5 delete-me:5)
# --old-weights NAME=W,...: other weights for some of them (e.g. list-items=1: at 2M items each of the template's item
# lists scans the whole table twice, 0.23 s on three processes each, and at weight 10 they alone need more than 2 cores).
for override in ${old_weights//,/ }; do
  [[ "$override" =~ ^([a-z-]+)=([0-9]+)$ ]] || die "--old-weights: '$override' is not NAME=WEIGHT"
  found=false
  for i in "${!template_scripts[@]}"; do
    if [ "${template_scripts[$i]%%:*}" = "${BASH_REMATCH[1]}" ]; then
      template_scripts[i]="${BASH_REMATCH[1]}:${BASH_REMATCH[2]}"; found=true
    fi
  done
  $found || die "--old-weights: no template request '${BASH_REMATCH[1]}' (see sql/template/README.md)"
done

takeover_preflight() {
  command -v pgbench >/dev/null 2>&1 || die "the takeover scenario needs pgbench (package postgresql-client)"
  for s in "${template_scripts[@]}"; do
    [ -f "$template_sql/${s%%:*}.sql" ] || die "missing $template_sql/${s%%:*}.sql"
  done
  local kind
  kind="$(sql -c "SELECT coalesce((SELECT relkind::text FROM pg_class WHERE oid = to_regclass('\"user\"')), '-')
                  || (SELECT CASE WHEN to_regclass('users') IS NULL THEN '' ELSE '+users' END)")"
  case "$kind" in
    r|-) ;;
    *) die "the database is not a FastAPI-template database before adoption (\"user\": $kind): use a fresh one" ;;
  esac
  if [ "$mode" = guarded ]; then
    grep -qE '^ +adopt( |$)' <<<"$(cutover --help 2>/dev/null)" \
      || die "guarded takeover needs './cutover adopt', which this build does not have yet"
  else
    ls "$adopt_sql"/V*__*.sql >/dev/null 2>&1 \
      || die "naive takeover needs the adoption's SQL files in $adopt_sql (set CUTOVER_ADOPT_SQL)"
  fi
}

takeover_seed() {
  echo "rehearse: seeding up to $users users in the FastAPI template's shape ..." >&2
  cutover seed --shape fastapi-template --url "$db_url" --users "$users" --logins-file "$out/logins.csv" \
    --logins-count 10000 >&2
  sql -c "VACUUM ANALYZE \"user\"" -c "VACUUM ANALYZE item" >/dev/null
  if [ "$mode" = guarded ]; then
    cutover adopt --check --url "$db_url" > "$out/adopt-check.log" 2>&1 \
      || { cat "$out/adopt-check.log" >&2; die "./cutover adopt --check refused the seeded database"; }
  fi
}

# The old service: pgbench runs of 10 s at --old-rps until $old_stop_file exists (pgbench writes its per-transaction
# log only when a run ends, so one long run could not be stopped without losing it). A client pgbench aborts on an
# error is one line of aborted.csv: the report counts it as a failed request.
old_traffic() {
  local dir="$out/pgbench" run=0 files=()
  mkdir -p "$dir"
  : > "$dir/scripts.txt"
  for s in "${template_scripts[@]}"; do
    files+=(-f "$template_sql/${s%%:*}.sql@${s##*:}")
    echo "${s%%:*}" | tr '-' ' ' >> "$dir/scripts.txt"
  done
  echo "at_ms,detail" > "$dir/aborted.csv"
  while [ ! -e "$old_stop_file" ]; do
    run=$((run + 1))
    local tag
    tag="$(printf '%04d' "$run")"
    local rc=0
    # One thread per client (-j): pgbench 15 prepares a script's statements with blocking calls, so with fewer
    # threads one client queued behind a lock would stall the others' open transactions, and the migration waiting
    # on those would never get its lock: a deadlock that runs through pgbench. The template's workers are
    # independent; so are these.
    PGAPPNAME=template-old-service pgbench -n -M prepared -c "$old_clients" -j "$old_clients" -R "$old_rps" -T 10 \
      -l --log-prefix="$dir/log-$tag" "${files[@]}" "$db_url" > "$dir/run-$tag.out" 2>&1 || rc=$?
    local at
    at="$(now_ms)"
    grep -E 'aborted in command|client [0-9]+ .*aborted' "$dir/run-$tag.out" | grep -v '^pgbench: error: Run was aborted' \
      | tr ',' ';' | sed "s/^/$at,/" >> "$dir/aborted.csv" || true
    if [ "$rc" != 0 ] && ! grep -qE 'aborted in command' "$dir/run-$tag.out"; then
      echo "$at,pgbench exit $rc: $(tail -n 1 "$dir/run-$tag.out" | tr ',' ';')" >> "$dir/aborted.csv"
      sleep 1
    fi
  done
}

# Cutover joins once the expand phase is done, as the runbook has it: its service starts (--cutover-start, or whoever
# runs it at --base-url), then its load. Starting it earlier is possible (it reads users at start, and that exists
# from the first step on), but its JVM would then start on the same two CPUs during the migrations it is measured
# against.
start_cutover() {
  event cutover_start ""
  if [ -n "$cutover_start" ]; then
    setsid bash -c "$cutover_start" > "$out/cutover-service.log" 2>&1 &
    echo $! > "$out/cutover-service.pid"
  fi
  for _ in $(seq 1 180); do
    curl -sf --max-time 5 "$base_url/api/v1/utils/health-check/" >/dev/null 2>&1 && break
    sleep 1
  done
  curl -sf --max-time 5 "$base_url/api/v1/utils/health-check/" >/dev/null 2>&1 \
    || { tail -n 20 "$out/cutover-service.log" >&2 2>/dev/null; echo "rehearse: Cutover did not start" >&2; return 1; }
  event cutover_ready ""
  start_gatling
}

naive_backfill_sql() {  # The backfill as one UPDATE of every row it concerns, in one transaction.
  case "$1" in
    users_email_normalized) echo "UPDATE users SET email_normalized = lower(btrim(email)) WHERE email_normalized IS NULL" ;;
    users_created_at) echo "UPDATE users SET created_at = '1970-01-01 00:00:00+00' WHERE created_at IS NULL" ;;
    items_created_at) echo "UPDATE items SET created_at = '1970-01-01 00:00:00+00' WHERE created_at IS NULL" ;;
    *) return 1 ;;
  esac
}

naive_backfill_named() {
  local update
  update="$(naive_backfill_sql "$1")" || { echo "no naive form of backfill $1" >&2; return 1; }
  PGOPTIONS="" PGAPPNAME=cutover-rehearsal-naive psql -q -v ON_ERROR_STOP=1 "$db_url" -c "$update"
}

flyway_version() {  # V12_3__name.sql -> 12.3 (sortable with sort -V)
  local name="${1##*/}"
  name="${name#V}"
  name="${name%%__*}"
  echo "${name//_/.}"
}

# The adoption as a team would run it without a guard: the same files in the same order as ./cutover adopt (its
# expand steps, then Cutover's migrations from V2), each with psql in one transaction unless CONCURRENTLY, every
# backfill as one UPDATE where the guarded run has it (users_email_normalized right after V2, as adopt does: every
# adopted row predates V2's trigger).
naive_adopt_expand() {
  local done_backfills=" " file name v
  local files=()
  while IFS= read -r file; do files+=("adopt:$file"); done < <(
    for f in "$adopt_sql"/V*__*.sql; do
      v="$(flyway_version "$f")"
      [ "${v%%.*}" -lt "$contract_from" ] && echo "$v $f"
    done | sort -V | cut -d' ' -f2-)
  while IFS= read -r file; do files+=("cutover:$file"); done < <(
    for f in "$root"/migrations/src/main/resources/db/migration/V*__*.sql; do
      v="$(flyway_version "$f")"
      [ "$v" != 1 ] && echo "$v $f"
    done | sort -V | cut -d' ' -f2-)
  for entry in "${files[@]}"; do
    file="${entry#*:}"
    name="${entry%%:*} V$(flyway_version "$file")"
    for b in $(grep -oE 'cutover:requires-backfill +[a-z0-9_]+' "$file" | awk '{print $2}'); do
      case "$done_backfills" in *" $b "*) continue ;; esac
      event backfill_start "$b (one UPDATE)"
      run_step "backfill $b (one UPDATE)" naive_backfill_named "$b" || { event backfill_end "$migration_status"; return 1; }
      event backfill_end ok
      done_backfills+="$b "
    done
    run_step "${name#cutover }" naive_file "$file" || return 1
    if [ "$name" = "cutover V2" ] && [[ "$done_backfills" != *" users_email_normalized "* ]]; then
      event backfill_start "users_email_normalized (one UPDATE)"
      run_step "backfill users_email_normalized (one UPDATE)" naive_backfill_named users_email_normalized \
        || { event backfill_end "$migration_status"; return 1; }
      event backfill_end ok
      done_backfills+="users_email_normalized "
    fi
  done
}

naive_adopt_contract() {
  local f candidate
  for f in $(for candidate in "$adopt_sql"/V*__*.sql; do
               v="$(flyway_version "$candidate")"; [ "${v%%.*}" -ge "$contract_from" ] && echo "$v $candidate"
             done | sort -V | cut -d' ' -f2-); do
    run_step "adopt V$(flyway_version "$f") (contract)" naive_file "$f" || return 1
  done
}

run_takeover_migrations() {
  local guard=(--url "$db_url" --lock-timeout "$lock_timeout" --retry-budget 10m --blockers wait)
  if [ "$mode" = naive ]; then
    naive_adopt_expand || return 0
  else
    run_step "adopt (expand)" cli_step adopt "${guard[@]}" --backfills run || return 0
  fi
  # Both services side by side (the window pauses: no migration runs), then the old one is switched off for good.
  event window_pause "side by side"
  start_cutover || { migration_status="failed: Cutover did not start"; return 0; }
  for _ in $(seq 1 300); do
    [ -s "$out/requests.csv" ] && [ "$(wc -l < "$out/requests.csv")" -gt 5 ] && break
    sleep 1
  done
  # A fresh JVM answers slowly at first, and the report leaves its first --cutover-warm-up seconds out: the contract
  # must not start inside them.
  sleep "$cutover_warm_up"
  event side_by_side "${side_by_side}s"
  sleep "$side_by_side"
  touch "$old_stop_file"
  wait "$old_pid" 2>/dev/null || true
  old_pid=""
  event old_load_stop ""
  event window_resume "contract"
  if [ "$mode" = naive ]; then
    naive_adopt_contract || true
  else
    run_step "adopt --contract" cli_step adopt --contract --confirm "${guard[@]}" || true
  fi
}
