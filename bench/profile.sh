#!/usr/bin/env bash
# JFR profile of Tombo under one `tombo bench` scenario: starts the broker with the launcher (./tombo) and a flight
# recording, runs the scenario, stops the broker, prints the hottest methods.
#
#   bench/profile.sh fanin -c 10 -q 0 -s 64       # any `tombo bench` arguments; -p, -d and --broker-pid are added
#
# Environment: DURATION (15), PORT (18850), OUT (target/profile). Recording: $OUT/<scenario>.jfr.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
# shellcheck source=bin/find-java.sh
. "$ROOT/bin/find-java.sh"
DURATION=${DURATION:-15}
PORT=${PORT:-18850}
OUT=${OUT:-$ROOT/target/profile}
[[ -f target/tombo.jar ]] || ./mvnw -B -q -DskipTests package
mkdir -p "$OUT"
name=$1
jfr=$OUT/$name.jfr
printf 'listener %s 127.0.0.1\nallow_anonymous true\n' "$PORT" > "$OUT/broker.conf"
# the launcher's JVM options, plus the recording
TOMBO_JAVA_OPTS="${TOMBO_JAVA_OPTS-} -XX:StartFlightRecording=settings=profile,filename=$jfr" \
  ./tombo broker -c "$OUT/broker.conf" > "$OUT/$name.log" 2>&1 &
broker=$!
trap 'kill $broker 2>/dev/null || true' EXIT
for _ in $(seq 300); do ss -Hltn "sport = :$PORT" | grep -q LISTEN && break; sleep 0.1; done
"$JAVA_HOME/bin/java" -jar target/tombo.jar bench "$@" -h 127.0.0.1 -p "$PORT" -d "$DURATION" \
  --broker-pid "$broker" --json > "$OUT/$name.json"
kill "$broker"; wait "$broker" 2>/dev/null || true
jq -c . "$OUT/$name.json"
"$JAVA_HOME/bin/jfr" view --width 160 hot-methods "$jfr"
"$JAVA_HOME/bin/jfr" view --width 160 allocation-by-class "$jfr" | head -20
