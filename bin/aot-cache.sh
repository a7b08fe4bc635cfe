#!/usr/bin/env bash
# Builds the AOT cache that ./tombo starts `tombo broker` from on JDK 25+ (JEP 483/514): the classes a broker loads
# at start-up, already parsed, verified and linked, and its lambdas already spun, so a freshly started broker does
# not allocate and compile its start-up garbage (idle RSS). BENCHMARKS.md "Footprint" has the figures.
#
#   bin/aot-cache.sh [JAR]        # default target/tombo.jar; ./mvnw package runs it on JDK 25+
#
# Training: the broker is started with ./tombo's options (bin/jvm-opts.sh) and -XX:AOTCacheOutput on a free
# loopback port and stopped once it listens; the JVM writes the cache (about 24 MB) next to the jar, with a stamp of
# the JDK and options it was trained with: ./tombo uses the cache only while the jar is older than it and the stamp
# matches. TOMBO_AOT_CACHE names another file ("off": none).
# No method profiles (-XX:-AOTRecordTraining, JEP 515): a cache trained on connects with profiles made the first
# connect burst faster, but the JIT then compiled the shared read and write paths from those profiles first and
# fan-in and fan-out ran at 0.56-0.95x (BENCHMARKS.md "Which cache").
# On JDK 21-24, or when training fails, it says why on stderr and exits 0: the broker then starts without a cache.
set -uo pipefail

TOMBO_HOME=$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/..
# shellcheck source=bin/find-java.sh
. "$TOMBO_HOME/bin/find-java.sh"
# shellcheck source=bin/jvm-opts.sh
. "$TOMBO_HOME/bin/jvm-opts.sh"

# The path the launcher runs: the cache records the class path, and a cache trained on another path is refused.
jar=$(readlink -f "${1:-$TOMBO_HOME/target/tombo.jar}")
cache=$(tombo_aot_cache "$jar")
say() { echo "aot-cache: $*" >&2; }

major=$(tombo_java_major "$JAVA_HOME")
if (( major < 25 )); then
  say "JDK $major: AOT caches need JDK 25 or newer; none built"
  exit 0
fi
[[ $cache != off ]] || exit 0
[[ -f $jar ]] || { say "$jar not found"; exit 0; }

tombo_jvm_opts "$JAVA_HOME" ""
java=$JAVA_HOME/bin/java
work=$(mktemp -d)
broker=
cleanup() {
  [[ -z $broker ]] || kill "$broker" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

port=
for _ in $(seq 50); do
  candidate=$((20000 + RANDOM % 40000))
  if ! ss -Hltn "sport = :$candidate" 2>/dev/null | grep -q .; then port=$candidate; break; fi
done
[[ -n $port ]] || { say "no free port found (is ss installed?); none built"; exit 0; }
printf 'listener %s 127.0.0.1\nallow_anonymous true\n' "$port" > "$work/train.conf"

# -XX:-AOTRecordTraining: classes only, no method profiles (see the header for why).
"$java" "${tombo_default_opts[@]}" -XX:+UnlockDiagnosticVMOptions -XX:-AOTRecordTraining \
  -XX:AOTCacheOutput="$work/tombo.aot" -jar "$jar" broker -c "$work/train.conf" > "$work/broker.log" 2>&1 &
broker=$!
for _ in $(seq 300); do
  ss -Hltn "sport = :$port" 2>/dev/null | grep -q LISTEN && break
  kill -0 "$broker" 2>/dev/null || break
  sleep 0.1
done
sleep 1 # the rest of start-up: $SYS, the shutdown hook
# SIGTERM: the broker stops gracefully, and the JVM writes the cache on its way out (a few seconds).
kill -TERM "$broker" 2>/dev/null
wait "$broker" 2>/dev/null
broker=
if [[ ! -s $work/tombo.aot ]]; then
  say "the training run wrote no cache; none built. Its log:"
  tail -n 5 "$work/broker.log" >&2
  exit 0
fi
mv "$work/tombo.aot" "$cache" && tombo_aot_stamp "$JAVA_HOME" "${tombo_default_opts[@]}" > "$cache.stamp" &&
  say "wrote $cache ($(du -h "$cache" | cut -f1))"
