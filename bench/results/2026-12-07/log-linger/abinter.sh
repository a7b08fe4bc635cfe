#!/usr/bin/env bash
# abinter.sh CYCLES "kinds": all servers up at once (idle when not measured), WARM bursts each, then CYCLES
# cycles of one 10k-connect burst per server in turn; per server: broker CPU per connect and conn/s per burst.
# Interleaving burst by burst pairs the figures in time: this machine's speed drifts by 20 % over minutes.
J=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
cpu() { awk '{print $14+$15}' /proc/$1/stat; }
burst() { $J -XX:TieredStopAtLevel=1 -jar /work/main/target/tombo.jar bench conn -c 10000 -p $1 -h 127.0.0.1 -d 1 --json 2>/dev/null | jq -r '.connections_per_s|floor'; }
kinds=($2); declare -A port pid cpus rates
i=0
for b in "${kinds[@]}"; do
  p=$((19050 + i)); i=$((i+1)); port[$b]=$p
  printf "listener %s 127.0.0.1\nallow_anonymous true\nmax_connections -1\n${EXTRA_CONF:-}" $p > /tmp/exp/abi-$b.conf
  case $b in
    base) /tmp/exp/base/tombo broker -c /tmp/exp/abi-$b.conf > /tmp/exp/abi-$b.log 2>&1 & ;;
    tombo) /work/main/tombo broker -c /tmp/exp/abi-$b.conf > /tmp/exp/abi-$b.log 2>&1 & ;;
    tombo-a) TOMBO_JAVA_OPTS="$XOPTS_A" /work/main/tombo broker -c /tmp/exp/abi-$b.conf > /tmp/exp/abi-$b.log 2>&1 & ;;
    tombo-b) TOMBO_JAVA_OPTS="$XOPTS_B" /work/main/tombo broker -c /tmp/exp/abi-$b.conf > /tmp/exp/abi-$b.log 2>&1 & ;;
    mosquitto) mosquitto -c /tmp/exp/abi-$b.conf > /tmp/exp/abi-$b.log 2>&1 & ;;
  esac
  pid[$b]=$!
done
for b in "${kinds[@]}"; do for _ in $(seq 300); do ss -Htln "( sport = :${port[$b]} )" | grep -q . && break; sleep 0.1; done; done
sleep 1
for k in $(seq ${WARM:-3}); do for b in "${kinds[@]}"; do burst ${port[$b]} >/dev/null; done; done
for c in $(seq $1); do
  line="c$c"
  n=${#kinds[@]}
  for j in $(seq 0 $((n-1))); do
    b=${kinds[$(( (j + c) % n ))]} # the order rotates: who follows whom changes every cycle
    c0=$(cpu ${pid[$b]}); r=$(burst ${port[$b]}); sleep ${SETTLE:-1.5}; c1=$(cpu ${pid[$b]})
    cpus[$b]="${cpus[$b]} $(( (c1-c0)*10 ))"; rates[$b]="${rates[$b]} $r"
    line="$line $b ${r}/s $(( (c1-c0)*10 ))ms"
  done
  echo "$line"
done
med() { tr ' ' '\n' | grep . | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
for b in "${kinds[@]}"; do
  tot=$(echo ${cpus[$b]} | tr ' ' '+' | bc)
  echo "$b: us/connect=$(echo "scale=1; $tot*1000/($1*10000)" | bc) median conn/s $(echo ${rates[$b]} | med) median burst CPU $(echo ${cpus[$b]} | med) ms"
  echo "  $b RSS now $(awk '/VmRSS/ {print $2}' /proc/${pid[$b]}/status) kB"; kill ${pid[$b]}
done
wait
