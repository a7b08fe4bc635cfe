#!/usr/bin/env bash
# abp2p.sh CYCLES "kinds": servers up at once, one 20 s warm-up run each, then CYCLES cycles of one p2p QoS 1
# 1,000 msg/s run per server (rotating order), D s measured after 2 s; per run p50/p99/p99.9 (us).
J=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
kinds=($2); declare -A port pid
i=0
for b in "${kinds[@]}"; do
  p=$((19060 + i)); i=$((i+1)); port[$b]=$p
  printf "listener %s 127.0.0.1\nallow_anonymous true\n" $p > /tmp/exp/abp-$b.conf
  case $b in
    base) /tmp/exp/base/tombo broker -c /tmp/exp/abp-$b.conf > /tmp/exp/abp-$b.log 2>&1 & ;;
    tombo) /work/main/tombo broker -c /tmp/exp/abp-$b.conf > /tmp/exp/abp-$b.log 2>&1 & ;;
    mosquitto) mosquitto -c /tmp/exp/abp-$b.conf > /tmp/exp/abp-$b.log 2>&1 & ;;
  esac
  pid[$b]=$!
done
for b in "${kinds[@]}"; do for _ in $(seq 300); do ss -Htln "( sport = :${port[$b]} )" | grep -q . && break; sleep 0.1; done; done
run() { $J -jar /work/main/target/tombo.jar bench p2p -c 1 -q 1 -s 64 -r 1000 --io-threads 0 -p ${port[$1]} -h 127.0.0.1 -d $2 --warmup $3 --json 2>/dev/null | jq -r '"\(.latency_us.p50) \(.latency_us.p99) \(.latency_us.p999 // .latency_us["p99.9"]) \(.lost)"'; }
for b in "${kinds[@]}"; do run $b 10 10 > /dev/null; done
n=${#kinds[@]}
for c in $(seq $1); do
  line="c$c"
  for j in $(seq 0 $((n-1))); do b=${kinds[$(( (j + c) % n ))]}; line="$line | $b $(run $b ${D:-10} 2)"; done
  echo "$line"
done
for b in "${kinds[@]}"; do kill ${pid[$b]}; done; wait
