# shellcheck shell=bash
# Shared by the service's benchmark scripts (sourced, not run): a scratch directory ($work), tools, the benchmark
# database (DB_URL, set by the script), the service it starts in the background ($service_pid), stopped on exit.

work="$(mktemp -d)"
service_pid=""
floor_pid=""
cleanup() {
  stop_service
  stop_floor
  rm -rf "$work"
}
trap cleanup EXIT

# shellcheck source=bench/need.sh
. "${root:?the sourcing script sets root, the repository root}/bench/need.sh"

# Creates the database of DB_URL when it does not exist, and defines sql (psql on it, quiet, stopping on errors).
ensure_database() {
  local db_name admin_url
  db_name="${DB_URL##*/}"; db_name="${db_name%%\?*}"
  admin_url="${DB_URL%/*}/postgres"
  if ! psql -qtA "$admin_url" -c "SELECT 1 FROM pg_database WHERE datname = '$db_name'" | grep -q 1; then
    psql -q "$admin_url" -c "CREATE DATABASE $db_name"
  fi
  export PGOPTIONS="-c client_min_messages=warning"
}
sql() { psql -qtAX -v ON_ERROR_STOP=1 "$DB_URL" "$@"; }

# The JVM options the image starts the service with: the Dockerfile's JAVA_OPTS (or $JAVA_OPTS when set), the pod's
# memory limit (MEMORY_LIMIT, the API pod's limit in infra/k8s/base/api-deployment.yaml) as -XX:MaxRAM, standing in for
# the cgroup limit the JVM sizes its heap from in a container, then EXTRA_JAVA_OPTS.
image_java_opts() {
  local opts=${JAVA_OPTS-}
  if [ -z "${JAVA_OPTS+set}" ]; then
    opts=$(sed -nE 's/^[[:space:]]*JAVA_OPTS="([^"]*)".*/\1/p' "$root/infra/docker/service.Dockerfile")
    [ -n "$opts" ] || { echo "no JAVA_OPTS in infra/docker/service.Dockerfile" >&2; return 1; }
  fi
  echo "-XX:MaxRAM=${MEMORY_LIMIT:-768m} $opts ${EXTRA_JAVA_OPTS:-}"
}

# The java the benchmarks start the service with: $JAVA, else the image's, JDK 25, when /usr/lib/jvm has one (the
# AOT cache needs 24 or later), else java.
bench_java() {
  local release
  if [ -z "${JAVA:-}" ]; then
    for release in /usr/lib/jvm/*/release; do
      if grep -q '^JAVA_VERSION="25' "$release" 2>/dev/null && [ -x "${release%/release}/bin/java" ]; then
        JAVA="${release%/release}/bin/java"
        break
      fi
    done
  fi
  export JAVA="${JAVA:-java}"
}
# The feature release of $JAVA (17, 25, ...).
java_feature() {
  "${JAVA:-java}" -XshowSettings:properties -version 2>&1 | sed -nE 's/^ *java\.specification\.version = ([0-9]+).*/\1/p'
}
# Whether the service gets an AOT cache: its java is 24 or later, and AOT is not 0.
aot_wanted() {
  [ "${AOT:-1}" != 0 ] && [ "$(java_feature)" -ge 24 ]
}

# Makes $work/$1 a CUTOVER_HOME whose service directory is the quarkus-app directory $2, as the image lays it out: the
# launcher reads the jar, and the AOT cache or class-data archive beside it, from $CUTOVER_HOME/service. For an AOT
# cache (aot_wanted) the directory is a copy, without the build's class-data archive: the cache belongs to one JVM,
# and must not be found by a JDK 17 started on the build's directory.
service_home() {
  mkdir -p "$work/$1"
  if aot_wanted; then
    cp -a "$2" "$work/$1/service"
    rm -f "$work/$1/service/app-cds.jsa" "$work/$1/service/app.aot"
  else
    ln -sfn "$2" "$work/$1/service"
  fi
}

# Trains the AOT cache of the CUTOVER_HOME $work/$1 as the image build does (infra/docker/train-aot.sh), with the JVM
# options $2 and, for the service, the database $3 (it makes a first superuser there); nothing unless aot_wanted.
train_aot() {
  aot_wanted || return 0
  echo "training the AOT cache of $1 ..." >&2
  (cd "$work/$1/service" && JAVA_OPTS="$2" DATABASE_URL="${3:-}" "$root/infra/docker/train-aot.sh" >&2)
}

# Starts the service in the background ($service_pid) as the image does: infra/docker/cutover-service.sh, from the
# CUTOVER_HOME $1, with the JVM options $2 and the java of $JAVA; the rest of the arguments are VAR=value settings
# for it; its output goes to $work/service.log.
launch_service() {
  local home=$1 opts=$2
  shift 2
  env "$@" CUTOVER_HOME="$home" JAVA_OPTS="$opts" JAVA="${JAVA:-java}" \
    "$root/infra/docker/cutover-service.sh" > "$work/service.log" 2>&1 &
  service_pid=$!
}

# Stops the service started in the background (service_pid) and waits for it to exit.
stop_service() {
  if [ -n "$service_pid" ]; then
    kill "$service_pid" 2>/dev/null || true
    wait "$service_pid" 2>/dev/null || true
    service_pid=""
  fi
}

# Starts the hot-path floor (service/bench/hotpath-floor, built when missing) in the background ($floor_pid) with the
# JVM options $1 and the java of $JAVA; the rest of the arguments are VAR=value settings for it; its output goes to
# $work/floor.log. Returns once it listens, or fails with its log.
launch_floor() {
  local opts=$1 jar="$root/service/bench/hotpath-floor/target/hotpath-floor.jar"
  shift
  if [ ! -f "$jar" ]; then
    echo "building the hot-path floor ..." >&2
    (cd "$root" && ./mvnw -q -B -ntp -f service/bench/hotpath-floor/pom.xml package)
  fi
  # shellcheck disable=SC2086 # the JVM options are a list of words
  env "$@" "${JAVA:-java}" $opts -jar "$jar" > "$work/floor.log" 2>&1 &
  floor_pid=$!
  for _ in $(seq 1 60); do
    grep -q '^floor ready' "$work/floor.log" && return
    kill -0 "$floor_pid" 2>/dev/null || break
    sleep 0.5
  done
  cat "$work/floor.log" >&2
  return 1
}

stop_floor() {
  if [ -n "$floor_pid" ]; then
    kill "$floor_pid" 2>/dev/null || true
    wait "$floor_pid" 2>/dev/null || true
    floor_pid=""
  fi
}

# CPU time (clock ticks, user + system) the JIT compiler threads of process $1 have used so far.
jit_ticks() {
  local task sum=0
  for task in /proc/"$1"/task/*; do
    case "$(cat "$task/comm" 2>/dev/null)" in
      C1\ CompilerThre*|C2\ CompilerThre*) sum=$(( sum + $(awk '{ print $14 + $15 }' "$task/stat" 2>/dev/null || echo 0) )) ;;
    esac
  done
  echo "$sum"
}

# Runs the load command given as arguments in rounds of WARM_ROUND seconds (it must take that long) until the
# process under load ($warm_pid, else $service_pid) is warm: a round in which its JIT compilers used under 5 % of one core. On 2 cores, C2
# compiles for 20-40 s of load after a start; a measurement taken before then measures the compiler, not the service.
# At least two rounds, at most WARM_MAX seconds; prints how long it took.
warm_up() {
  local round=${WARM_ROUND:-5} max=${WARM_MAX:-90} elapsed=0 before used hz
  hz=$(getconf CLK_TCK)
  while :; do
    before=$(jit_ticks "${warm_pid:-$service_pid}")
    "$@" > /dev/null
    elapsed=$(( elapsed + round ))
    used=$(( $(jit_ticks "${warm_pid:-$service_pid}") - before ))
    if [ "$elapsed" -ge $(( 2 * round )) ] && [ $(( used * 100 )) -lt $(( 5 * hz * round )) ]; then
      echo "warm after ${elapsed}s of load (the JIT compilers used ${used} ticks in the last ${round}s)" >&2
      return
    fi
    if [ "$elapsed" -ge "$max" ]; then
      echo "still compiling after ${elapsed}s of load (${used} JIT ticks in the last ${round}s); measuring anyway" >&2
      return
    fi
  done
}
