#!/usr/bin/env bash
# usage: run.sh ROUNDS DURATION "bench args" name1:port1 name2:port2 ...  (brokers already running; pids in /tmp/exp/NAME.pid)
set -u
ROUNDS=$1; DUR=$2; ARGS=$3; shift 3
JAVA=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
for r in $(seq $ROUNDS); do
  for b in "$@"; do
    name=${b%%:*}; port=${b##*:}; pid=$(cat /tmp/exp/$name.pid)
    $JAVA -jar /work/main/target/tombo.jar bench $ARGS -p $port -h 127.0.0.1 -d $DUR --warmup 2 --broker-pid $pid --json > /tmp/exp/$name-$r.json 2>/dev/null
    echo "$name r$r $(jq -c '{rate:.received_per_s, cpu:.msgs_per_broker_cpu_s, lost, p50:.latency_us.p50, p99:.latency_us.p99, p999:.latency_us["p99.9"], ack99:.ack_latency_us.p99}' /tmp/exp/$name-$r.json)"
  done
done
