#!/usr/bin/env bash
# sched2.sh NAME PORT: p2p QoS1 1k msg/s (20 s warm-up, 30 s measured); per-thread schedstat deltas over 28 s of the
# measured part, for the broker and the bench JVM
n=$1; p=$2; pid=$(cat /tmp/exp/$n.pid); cd /tmp/exp
snap() { for t in /proc/$1/task/*; do echo "$(basename $t) $(tr ' ' '_' < $t/comm) $(cat $t/schedstat)"; done; }
show() { join <(sort $1) <(sort $2) | awk '{cpu=($7-$3)/1e6; wait=($8-$4)/1e6; sl=$9-$5; if (cpu>3) printf "  %-22s cpu %8.1f ms  runq-wait %8.1f ms  slices %7d  wait/slice %6.1f us\n", $2, cpu, wait, sl, wait*1000/sl}'; }
/usr/lib/jvm/temurin-25-jdk-amd64/bin/java -jar /work/main/target/tombo.jar bench p2p -c 1 -q 1 -s 64 -r 1000 -p $p -h 127.0.0.1 -d 30 --warmup 20 --broker-pid $pid --json > sc-$n.json 2>/dev/null &
bp=$!
sleep 21; snap $pid > b0; snap $bp > c0; sleep 25; snap $pid > b1; snap $bp > c1; wait $bp
echo "$n $(jq -c '{p50:.latency_us.p50, p90:.latency_us.p90, p99:.latency_us.p99, p999:.latency_us["p99.9"], lag99:.send_lag_us.p99}' sc-$n.json) load=$(cut -d' ' -f1 /proc/loadavg)"
echo " broker:"; show b0 b1; echo " bench:"; show c0 c1
