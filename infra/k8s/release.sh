#!/usr/bin/env bash
# Releases Cutover to one environment in the safe order: the guarded migration Job with the backfill workers first,
# wait for the Job, and only then the new API pods. Usage:
#   infra/k8s/release.sh --overlay staging|production --version 1.4.0 [--image REPOSITORY] [--timeout 3600]
#                        [--dry-run]
# REPOSITORY defaults to the overlay's (registry.example.com/cutover); the tag is --version.
# Needs kubectl (with its built-in kustomize) pointed at the cluster. --dry-run only prints the rendered manifests.
# A migration at a backfill gate waits in the Job (--wait-for-backfills) while the workers backfill; it ends by
# saying which schema version it left the database at. Exit 0: rollout complete; 2: stopped at a backfill gate or
# still migrating, nothing new rolled out, rerun to continue; 1: failed, with the reason (nothing after it applied).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
kubectl="${KUBECTL:-kubectl}"
overlay=""
version=""
image=""
timeout=3600
dry_run=false

die() { echo "release: $*" >&2; exit 1; }

while [ $# -gt 0 ]; do
  case "$1" in
    --overlay) overlay="${2:-}"; shift 2 ;;
    --version) version="${2:-}"; shift 2 ;;
    --image) image="${2:-}"; shift 2 ;;
    --timeout) timeout="${2:-}"; shift 2 ;;
    --dry-run) dry_run=true; shift ;;
    -h|--help) sed -n '2,11p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown argument '$1' (see --help)" ;;
  esac
done
[ -n "$overlay" ] || die "--overlay is required (staging or production)"
[ -d "$here/overlays/$overlay" ] || die "no overlay '$overlay' in $here/overlays"
[[ "$version" =~ ^[0-9A-Za-z][0-9A-Za-z._-]*$ ]] || die "--version must be an image tag such as 1.4.0, got '$version'"
[[ "$timeout" =~ ^[0-9]+$ ]] || die "--timeout must be a number of seconds, got '$timeout'"

# Job names are DNS labels: 1.4.0 -> cutover-migrate-1-4-0.
job="cutover-migrate-$(printf '%s' "$version" | tr '[:upper:]._' '[:lower:]--')"
[ "${#job}" -le 63 ] || die "version '$version' makes a Job name longer than 63 characters"

# Inside infra/k8s: kustomize loads resources only by relative path.
work="$(mktemp -d "$here/.release.XXXXXX")"
trap 'rm -rf "$work"' EXIT
current_image="$("$kubectl" kustomize "$here/overlays/$overlay" | awk '$1 == "image:" { print $2; exit }')" \
  || die "kustomize failed for overlay '$overlay'"
[ -n "$current_image" ] || die "the overlay '$overlay' has no image"
current_repository="${current_image%:*}"
image="${image:-$current_repository}"
# A one-off kustomization on top of the overlay: this release's image tag and Job name, nothing else.
cat > "$work/kustomization.yaml" <<YAML
apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources:
  - ../overlays/$overlay
images:
  - name: $current_repository
    newName: $image
    newTag: "$version"
patches:
  - target:
      kind: Job
      labelSelector: app.kubernetes.io/component=migration
    patch: |-
      - op: replace
        path: /metadata/name
        value: $job
YAML
"$kubectl" kustomize "$work" > "$work/all.yaml" || die "kustomize failed for overlay '$overlay'"
namespace="$(awk '$1 == "namespace:" { print $2; exit }' "$work/all.yaml")"
[ -n "$namespace" ] || die "the overlay '$overlay' sets no namespace"

if [ "$dry_run" = true ]; then
  cat "$work/all.yaml"
  exit 0
fi

# The Job's output: its progress and error lines (stderr), then its JSON report (stdout).
job_log() { "$kubectl" logs "job/$job" -n "$namespace" "$@" 2>/dev/null || true; }
# The schema version a log names last: the report's schema_version, or a line's "schema at version N".
schema_at() {
  local v
  v="$(printf '%s\n' "$1" | sed -n -e 's/^ *"schema_version" *: *"\([^"]*\)".*/\1/p' \
    -e 's/.*schema at version \([0-9A-Za-z._]*\).*/\1/p' | tail -n 1)"
  case "$v" in
    "") echo "database at a version its Job did not log (ask: cutover status)" ;;
    none) echo "database without migrations" ;;
    *) echo "database at V$v" ;;
  esac
}
# The last line the Job printed about a backfill it waits for.
backfill_progress() {
  printf '%s\n' "$1" | grep -E 'waiting for backfill |backfill [^ ]+ (is running for|completed after)' | tail -n 1 || true
}
# The Job's last error line ends so when it stopped at a backfill gate (cutover migrate exit 4).
gate_marker='[stopped at the gate of backfill '
stopped_at_gate() {
  local log="$1"
  echo "release: $(printf '%s\n' "$log" | grep -F "$gate_marker" | tail -n 1 | sed 's/^cutover: //')" >&2
  echo "release: $(schema_at "$log"), stopped at a backfill gate (safe to serve): nothing new rolled out, the old pods" \
    "serve and the workers keep backfilling; rerun release.sh to continue" >&2
  exit 2
}

# A rerun after the Job stopped at a backfill gate: that Job ended (Jobs are immutable), a new one continues from the gate.
previous="$("$kubectl" get job "$job" -n "$namespace" --ignore-not-found \
  -o 'jsonpath={range .status.conditions[?(@.status=="True")]}{.type}{" "}{end}')"
case " $previous " in
  *" Failed "*)
    if [[ "$(job_log)" == *"$gate_marker"* ]]; then
      echo "release: migration Job $job stopped at a backfill gate earlier; a new one continues from there" >&2
      "$kubectl" delete job "$job" -n "$namespace" --wait=true
    else
      die "migration Job $job failed earlier: read kubectl logs job/$job -n $namespace, fix, then" \
        "kubectl delete job $job -n $namespace and release again"
    fi ;;
esac

echo "release: $overlay $version: migration Job $job and the backfill workers in namespace $namespace" >&2
# The Job, what it needs (ServiceAccount, ConfigMap) and the backfill workers, which must run this release's
# backfills while the Job waits at a gate for them: everything but the API, which rolls out afterwards.
"$kubectl" apply -f "$work/all.yaml" -l 'app.kubernetes.io/component notin (api)'

# Wait for Complete or Failed (kubectl wait watches one condition only; this loop watches both), showing the
# backfill the Job waits for, if any.
deadline=$(( $(date +%s) + timeout ))
shown=""
while :; do
  conditions="$("$kubectl" get job "$job" -n "$namespace" \
    -o 'jsonpath={range .status.conditions[?(@.status=="True")]}{.type}{" "}{end}')"
  case " $conditions " in
    *" Complete "*) break ;;
    *" Failed "*)
      log="$(job_log)"
      if [[ "$log" == *"$gate_marker"* ]]; then
        stopped_at_gate "$log"
      fi
      printf '%s\n' "$log" | tail -n 50 >&2
      die "migration Job $job failed: nothing was rolled out, $(schema_at "$log") (each migration applied whole or" \
        "not at all); read its report above, fix, then kubectl delete job $job -n $namespace and release again" ;;
  esac
  progress="$(backfill_progress "$(job_log --tail=20)")"
  if [ -n "$progress" ] && [ "$progress" != "$shown" ]; then
    echo "release: $progress" >&2
    shown="$progress"
  fi
  if [ "$(date +%s)" -ge "$deadline" ]; then
    log="$(job_log)"
    echo "release: migration Job $job did not finish within ${timeout}s; it goes on in the cluster" >&2
    echo "release: $(schema_at "$log")${shown:+, ${shown#* }}: nothing new rolled out, the old pods serve;" \
      "rerun release.sh to continue" >&2
    exit 2
  fi
  sleep "${RELEASE_POLL_SECONDS:-5}"
done
migrated="$(schema_at "$(job_log)")"
echo "release: migrations done, $migrated; rolling out" >&2

# Everything but the Job (objects without the label match `!=` too).
"$kubectl" apply -f "$work/all.yaml" -l 'app.kubernetes.io/component!=migration'
for deployment in cutover-api cutover-backfill-worker; do
  if ! "$kubectl" rollout status "deployment/$deployment" -n "$namespace" --timeout="${timeout}s"; then
    die "rollout of $deployment did not complete ($migrated, which the old pods serve too); undo with:" \
      "kubectl rollout undo deployment/$deployment -n $namespace"
  fi
done
echo "release: $overlay $version is out: $migrated, rollout complete" >&2
