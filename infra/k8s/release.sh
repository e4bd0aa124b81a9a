#!/usr/bin/env bash
# Releases Cutover to one environment in the safe order: the guarded migration Job first, wait for it, and only
# then the new pods. Usage:
#   infra/k8s/release.sh --overlay staging|production --version 1.4.0 [--image REPOSITORY] [--timeout 3600]
#                        [--dry-run]
# REPOSITORY defaults to the overlay's (registry.example.com/cutover); the tag is --version.
# Needs kubectl (with its built-in kustomize) pointed at the cluster. --dry-run only prints the rendered manifests.
# Exit 0 when the rollout is complete; 1 with the reason otherwise (nothing after a failed step is applied).
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
    -h|--help) sed -n '2,8p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
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

echo "release: $overlay $version: migration Job $job in namespace $namespace" >&2
# The Job and what it needs (ServiceAccount, ConfigMap): everything but the workloads that roll out afterwards.
"$kubectl" apply -f "$work/all.yaml" -l 'app.kubernetes.io/component notin (api,backfill-worker)'

# Wait for Complete or Failed (kubectl wait watches one condition only; this loop watches both).
deadline=$(( $(date +%s) + timeout ))
while :; do
  conditions="$("$kubectl" get job "$job" -n "$namespace" \
    -o 'jsonpath={range .status.conditions[?(@.status=="True")]}{.type}{" "}{end}')"
  case " $conditions " in
    *" Complete "*) break ;;
    *" Failed "*)
      "$kubectl" logs "job/$job" -n "$namespace" --tail=50 >&2 || true
      die "migration Job $job failed: nothing was rolled out; read its report above, fix, release again" ;;
  esac
  [ "$(date +%s)" -lt "$deadline" ] || die "migration Job $job did not finish within ${timeout}s: nothing was rolled out"
  sleep "${RELEASE_POLL_SECONDS:-5}"
done
echo "release: migrations done; rolling out" >&2

# Everything but the Job (objects without the label match `!=` too).
"$kubectl" apply -f "$work/all.yaml" -l 'app.kubernetes.io/component!=migration'
for deployment in cutover-api cutover-backfill-worker; do
  if ! "$kubectl" rollout status "deployment/$deployment" -n "$namespace" --timeout="${timeout}s"; then
    die "rollout of $deployment did not complete; undo with: kubectl rollout undo deployment/$deployment -n $namespace"
  fi
done
echo "release: $overlay $version is out" >&2
