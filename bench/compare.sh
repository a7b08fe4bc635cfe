#!/usr/bin/env bash
# Side by side: Tombo, Debian's Mosquitto and HiveMQ CE (embedded, in-memory persistence), each on its own loopback
# port, the same `tombo bench` scenarios against each, brokers alternating inside every round (T M H T M H ...) so
# the machine's noise spreads evenly. Writes raw JSON under $OUT and a Markdown table to $OUT/table.md.
#
#   bench/compare.sh                       # everything, defaults below
#   DURATION=5 ROUNDS=1 bench/compare.sh   # quicker
#   SCENARIOS="fanin-q0-64 p2p-q1-1k" bench/compare.sh
#   BROKERS="tombo tombo-persist mosquitto-persist" SCENARIOS="durable-q1 durable-q1-1k" bench/compare.sh
#                                          # issue 5: persistence true vs false (BENCHMARKS.md, Durable persistence)
#   TOMBO_B_JAVA_OPTS="--sun-misc-unsafe-memory-access=warn" TOMBO_B_AOT_CACHE=off \
#     BROKERS="tombo tombo-b mosquitto" bench/compare.sh
#                                          # two JVM settings side by side (here the launcher's before 2026-12-06):
#                                          # tombo-b is ./tombo with TOMBO_B_JAVA_OPTS and TOMBO_B_AOT_CACHE
#
# Environment: DURATION (measured seconds per run, 8), WARMUP (1; LATENCY_WARMUP, 20, for the fixed-rate latency
# scenarios), ROUNDS (2), IDLE_CONNECTIONS (10000),
# OUT (target/compare), SCENARIOS (all), BROKERS ("tombo mosquitto hivemq"), JAVA_HOME; TOMBO_JAVA_OPTS and
# TOMBO_AOT_CACHE for tombo, TOMBO_B_JAVA_OPTS and TOMBO_B_AOT_CACHE for tombo-b (./tombo's environment).
# Needs: the jar (./mvnw -B -DskipTests package) and the bench profile classes
# (./mvnw -B -Pbench -DskipTests process-classes dependency:build-classpath
#   -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test); the script builds both when missing.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
# shellcheck source=bin/find-java.sh
. "$ROOT/bin/find-java.sh"
JAVA=$JAVA_HOME/bin/java
JCMD=$JAVA_HOME/bin/jcmd

DURATION=${DURATION:-8}
WARMUP=${WARMUP:-1}
# A fixed-rate latency run measures the steady state: at 1,000 msg/s a JVM broker still compiles its message path
# for some 20 s (cold start is what conn-10k's first round measures).
LATENCY_WARMUP=${LATENCY_WARMUP:-20}
ROUNDS=${ROUNDS:-2}
IDLE_CONNECTIONS=${IDLE_CONNECTIONS:-10000}
OUT=${OUT:-$ROOT/target/compare}
BROKERS=${BROKERS:-"tombo mosquitto hivemq"}
ALL_SCENARIOS="idle conn-10k fanin-q0-64 fanin-q0-1k fanin-q1-64 fanin-q1-1k fanout-q0 fanout-q1 p2p-q1-1k p2p-q1-10k
  cores-fanin-q0 cores-fanout-q0"
SCENARIOS=${SCENARIOS:-$ALL_SCENARIOS}

declare -A PORT=([tombo]=18830 [mosquitto]=18831 [hivemq]=18832 [tombo1]=18833 [tombo-persist]=18834
  [mosquitto-persist]=18835 [tombo-b]=18836)
declare -A PID=()

# Tombo runs through its launcher, with the JVM options a user gets (README.md "JVM options"); the launcher execs
# java, so its PID is the broker's. TOMBO_JAVA_OPTS passes through, to compare other flags.

log() { printf '%s %s\n' "$(date +%T)" "$*" >&2; }

build() {
  if [[ ! -f target/tombo.jar ]]; then
    ./mvnw -B -q -DskipTests package
  fi
  if [[ $BROKERS == *hivemq* ]] && [[ ! -f target/bench-classes/io/tombo/benchmarks/HiveMqMain.class \
      || ! -f target/bench.classpath ]]; then
    ./mvnw -B -q -Pbench -DskipTests process-classes dependency:build-classpath \
      -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
  fi
}

wait_port() { # port
  for _ in $(seq 300); do
    if ss -Hltn "sport = :$1" | grep -q LISTEN; then return 0; fi
    sleep 0.1
  done
  log "nothing listens on $1"; return 1
}

start_broker() { # name
  local name=$1 dir=$OUT/run/$1 port=${PORT[$1]}
  rm -rf "$dir"; mkdir -p "$dir"
  printf 'listener %s 127.0.0.1\nallow_anonymous true\n' "$port" > "$dir/broker.conf"
  if [[ $name == *-persist ]]; then
    printf 'persistence true\npersistence_location %s/\n' "$dir" >> "$dir/broker.conf"
  fi
  case $name in
    tombo|tombo-persist) ./tombo broker -c "$dir/broker.conf" > "$dir/log" 2>&1 & ;;
    tombo-b) TOMBO_JAVA_OPTS=${TOMBO_B_JAVA_OPTS-} TOMBO_AOT_CACHE=${TOMBO_B_AOT_CACHE-${TOMBO_AOT_CACHE-}} \
               ./tombo broker -c "$dir/broker.conf" > "$dir/log" 2>&1 & ;;
    tombo1) taskset -c 0 ./tombo broker -c "$dir/broker.conf" > "$dir/log" 2>&1 & ;;
    mosquitto|mosquitto-persist) /usr/sbin/mosquitto -c "$dir/broker.conf" > "$dir/log" 2>&1 & ;;
    hivemq) "$JAVA" --enable-native-access=ALL-UNNAMED \
              -cp "target/bench-classes:$(cat target/bench.classpath)" io.tombo.benchmarks.HiveMqMain "$port" "$dir" \
              > "$dir/log" 2>&1 & ;;
  esac
  PID[$name]=$!
  wait_port "$port"
  log "$name pid ${PID[$name]} on $port"
}

stop_brokers() {
  for name in "${!PID[@]}"; do
    kill "${PID[$name]}" 2>/dev/null || true
    wait "${PID[$name]}" 2>/dev/null || true
  done
}
trap stop_brokers EXIT

is_jvm() { [[ $1 != mosquitto* ]]; }

rss_kib() { awk '/^VmRSS/ {print $2}' "/proc/$1/status"; }

# The process's CPU time so far (user + system), in clock ticks.
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

# Heap in use after a full GC, KiB (JVM brokers only): the sum of "used NK" over the heap's lines, those with a
# "total" (one for G1, young and old generation for Serial; the Metaspace line has none).
heap_kib() {
  "$JCMD" "$1" GC.run > /dev/null
  "$JCMD" "$1" GC.heap_info | grep 'total' | grep -oE 'used [0-9]+K' | grep -oE '[0-9]+' |
    awk '{ s += $1 } END { print s }'
}

# Waits until the broker's CPU use drops below 5 % over 250 ms (at most 15 s), so one run's backlog does not
# bleed into the next.
settle() { # pid
  local ticks0 ticks1
  for _ in $(seq 60); do
    ticks0=$(cpu_ticks "$1")
    sleep 0.25
    ticks1=$(cpu_ticks "$1")
    (( ticks1 - ticks0 <= 1 )) && return 0
  done
  log "pid $1 still busy"
}

bench() { # broker, json file, bench arguments...
  local broker=$1 file=$2 warmup=$WARMUP; shift 2
  [[ $* == *" -r "* ]] && warmup=$LATENCY_WARMUP
  settle "${PID[$broker]}"
  "$JAVA" -jar target/tombo.jar bench "$@" -p "${PORT[$broker]}" -h 127.0.0.1 -d "$DURATION" --warmup "$warmup" \
    --broker-pid "${PID[$broker]}" --json > "$file" 2> "$file.err" || true
  log "$(basename "$(dirname "$file")") $broker: $(jq -c '{received_per_s, msgs_per_broker_cpu_s, lost,
    p99: .latency_us.p99, ack_p99: .ack_latency_us.p99, bench_cores, errors}' "$file" 2>/dev/null || cat "$file.err")"
}

# Arguments of `tombo bench` for each message scenario.
declare -A ARGS=(
  [fanin-q0-64]="fanin -c 10 -q 0 -s 64"
  [fanin-q0-1k]="fanin -c 10 -q 0 -s 1024"
  [fanin-q1-64]="fanin -c 10 -q 1 -s 64"
  [fanin-q1-1k]="fanin -c 10 -q 1 -s 1024"
  [fanout-q0]="fanout -c 100 -q 0 -s 64"
  [fanout-q1]="fanout -c 100 -q 1 -s 64"
  # Paced latency on a thread per connection (--io-threads 0): a publisher's timer wakes its own thread, one wake-up
  # fewer per message than a selector loop's ticker (20-40 us lower p50 here, BENCHMARKS.md 2026-12-06 night). The
  # closed-loop scenarios run on one selector loop (the default), which needs less CPU than the brokers it feeds.
  [p2p-q1-1k]="p2p -c 1 -q 1 -s 64 -r 1000 --io-threads 0"
  [p2p-q1-10k]="p2p -c 1 -q 1 -s 64 -r 10000 --io-threads 0"
  [cores-fanin-q0]="fanin -c 10 -q 0 -s 64"
  [cores-fanout-q0]="fanout -c 100 -q 0 -s 64"
  # Persistent sessions (-x): with persistence every message is committed before its PUBACK. Pairs, so that each
  # subscriber keeps up with its publisher's window.
  [durable-q1]="p2p -c 4 -q 1 -s 64 -x 3600 -w 100"
  [durable-q1-1k]="p2p -c 1 -q 1 -s 64 -x 3600 -r 1000 --io-threads 0"
)

idle_footprint() {
  mkdir -p "$OUT/idle"
  # An idle broker, not one still starting: a JVM's start-up goes on for some 10 s after its port listens (JIT
  # compilations, then the compiler threads' memory handed back), 5-7 MB more RSS at 6 s than at 10 s and after
  # (BENCHMARKS.md, "2026-12-07: tombo broker reads its command line without picocli").
  sleep "${IDLE_SETTLE:-20}"
  for b in $BROKERS; do
    local f=$OUT/idle/$b.json heap=null rss
    rss=$(rss_kib "${PID[$b]}") # before jcmd attaches, which starts a thread and loads classes in the broker
    if is_jvm "$b"; then heap=$(heap_kib "${PID[$b]}"); fi
    printf '{"rss_kib":%s,"heap_kib":%s}\n' "$rss" "$heap" > "$f"
    log "idle $b: $(cat "$f")"
  done
}

idle_connections() { # round
  mkdir -p "$OUT/conn-10k"
  for b in $BROKERS; do
    local f=$OUT/conn-10k/$b-$1.json pid=${PID[$b]} heap0=null heap1=null
    if is_jvm "$b"; then heap0=$(heap_kib "$pid"); fi
    local rss0; rss0=$(rss_kib "$pid")
    # The broker's CPU from the first connect to 2 s after the last: the steadiest connect figure on a shared
    # machine, as CPU-seconds per message are for the floods
    local cpu0; cpu0=$(cpu_ticks "$pid")
    # C1 alone, as the launcher runs `tombo bench conn`: C2 compiling the generator during the burst bounded every
    # broker's connect rate (Mosquitto 9-10k conn/s with it, 13-14k without; BENCHMARKS.md 2026-12-07)
    "$JAVA" -XX:TieredStopAtLevel=1 -jar target/tombo.jar bench conn -c "$IDLE_CONNECTIONS" -p "${PORT[$b]}" -h 127.0.0.1 -d 3600 \
      --broker-pid "$pid" --json > "$f.bench" 2> "$f.err" &
    local bench_pid=$!
    # Measure while all connections are held: wait until the broker has them all established.
    for _ in $(seq 1200); do
      local n; n=$(ss -Htn state established "( sport = :${PORT[$b]} )" | wc -l)
      (( n >= IDLE_CONNECTIONS )) && break
      kill -0 "$bench_pid" 2>/dev/null || break
      sleep 0.1
    done
    sleep 2
    local cpu_ms=$(( ($(cpu_ticks "$pid") - cpu0) * 1000 / $(getconf CLK_TCK) ))
    if is_jvm "$b"; then heap1=$(heap_kib "$pid"); fi
    local rss1; rss1=$(rss_kib "$pid")
    kill -TERM "$bench_pid" 2>/dev/null || true
    wait "$bench_pid" 2>/dev/null || true
    # The bench was interrupted while holding, so it printed nothing: the connect figures come from its stderr.
    printf '{"connections":%s,"rss_kib_before":%s,"rss_kib_connected":%s,"heap_kib_before":%s,"heap_kib_connected":%s,"broker_cpu_ms":%s,"connections_per_s":%s}\n' \
      "$n" "$rss0" "$rss1" "$heap0" "$heap1" "$cpu_ms" "$(grep -oE 'connected at [0-9.]+' "$f.err" | grep -oE '[0-9.]+' || echo null)" > "$f"
    log "conn-10k $b: $(cat "$f")"
    sleep 3 # let the broker close the connections
  done
}

main() {
  build
  mkdir -p "$OUT"
  ulimit -n "$(ulimit -Hn)"
  local brokers=$BROKERS
  [[ $SCENARIOS == *cores-* ]] && brokers="$brokers tombo1"
  for b in $brokers; do start_broker "$b"; done
  {
    echo "date: $(date -Is)"; echo "commit: $(git rev-parse --short HEAD)"; echo "kernel: $(uname -r)"
    echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs) x $(nproc)"
    echo "java: $("$JAVA" -version 2>&1 | head -1)"; echo "mosquitto: $(/usr/sbin/mosquitto -h | head -1)"
    echo "duration: $DURATION s, warm-up $WARMUP s ($LATENCY_WARMUP s at a fixed rate), rounds $ROUNDS"
  } > "$OUT/machine.txt"
  for s in $SCENARIOS; do
    case $s in
      idle) idle_footprint ;;
      conn-10k) for r in $(seq "$ROUNDS"); do idle_connections "$r"; done ;;
      cores-*)
        mkdir -p "$OUT/$s"
        for r in $(seq "$ROUNDS"); do
          for b in tombo tombo1; do
            # shellcheck disable=SC2086
            bench "$b" "$OUT/$s/$b-$r.json" ${ARGS[$s]}
          done
        done ;;
      *)
        mkdir -p "$OUT/$s"
        for r in $(seq "$ROUNDS"); do
          for b in $BROKERS; do
            # shellcheck disable=SC2086
            bench "$b" "$OUT/$s/$b-$r.json" ${ARGS[$s]}
          done
        done ;;
    esac
  done
  python3 "$ROOT/bench/table.py" "$OUT" > "$OUT/table.md"
  log "table: $OUT/table.md"
  cat "$OUT/table.md"
}

main "$@"
