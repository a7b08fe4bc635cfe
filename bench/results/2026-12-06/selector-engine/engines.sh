#!/bin/bash
# The selector engine (--io-threads 1, the default) against the thread engine (--io-threads 0), alternating, against
# one running Tombo (./tombo broker -p 18830) and one Mosquitto (mosquitto -p 18831). One JSON line per run.
cd "$(dirname "$0")/../../../.."
J=${JAVA:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
declare -A PID=([18830]=$(pgrep -f "tombo.jar broker" | head -1) [18831]=$(pgrep -f "mosquitto -p 18831" | head -1))
for r in 1 2 3; do
  for sc in "fanin -c 10 -q 1" "fanout -c 100 -q 0" "fanout -c 100 -q 1" "p2p -c 1 -q 1 -r 10000" "p2p -c 1 -q 1 -r 1000"; do
    for port in 18830 18831; do
      for io in 1 0; do
        out=$($J -jar target/tombo.jar bench $sc -p $port -h 127.0.0.1 -d 5 --warmup 1 --io-threads $io \
          --broker-pid ${PID[$port]} --json 2>/dev/null)
        echo "$out" | jq -c --arg r "$r" --arg sc "$sc" --arg port "$port" --arg io "$io" \
          '{r: $r, sc: $sc, broker: (if $port == "18830" then "tombo" else "mosquitto" end), io: $io,
            recv: .received_per_s, lost, p50: .latency_us.p50, p99: .latency_us.p99, broker_cores, bench_cores}'
      done
    done
  done
done
