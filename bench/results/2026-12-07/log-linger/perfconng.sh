#!/usr/bin/env bash
# perfconn.sh KIND: warm a fresh server with 3 bursts, perf-record the 4th and 5th
J=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
source /work/main/bin/find-java.sh >/dev/null 2>&1 || true; . /work/main/bin/jvm-opts.sh; tombo_jvm_opts /usr/lib/jvm/temurin-25-jdk-amd64 ""
P=19032; b=$1
printf 'listener %s 127.0.0.1\nallow_anonymous true\nmax_connections -1\n' $P > /tmp/exp/pc.conf
case $b in
  tombo) TOMBO_JAVA_OPTS="-XX:+UnlockDiagnosticVMOptions -XX:+DumpPerfMapAtExit -XX:+PreserveFramePointer" /work/main/tombo broker -c /tmp/exp/pc.conf > /tmp/exp/pc-$b.log 2>&1 & ;;
  bare) MALLOC_ARENA_MAX=2 $J "${tombo_default_opts[@]}" -XX:+UnlockDiagnosticVMOptions -XX:+DumpPerfMapAtExit -cp /work/main/target/tombo.jar:/tmp/exp/bare Bare $P > /tmp/exp/pc-$b.log 2>&1 & ;;
esac
bp=$!
for _ in $(seq 100); do ss -Htln "( sport = :$P )" | grep -q . && break; sleep 0.1; done
sleep 1
for k in 1 2 3; do $J -XX:TieredStopAtLevel=1 -jar /work/main/target/tombo.jar bench conn -c 10000 -p $P -h 127.0.0.1 -d 1 --json 2>/dev/null | jq -c .connections_per_s; sleep 1; done
perf record -g -F 1999 -p $bp -o /tmp/exp/pcg-$b.data -- sleep 7 >/dev/null 2>&1 &
pp=$!
sleep 0.5
for k in 1 2; do $J -XX:TieredStopAtLevel=1 -jar /work/main/target/tombo.jar bench conn -c 10000 -p $P -h 127.0.0.1 -d 1 --json 2>/dev/null | jq -c .connections_per_s; done
wait $pp
kill $bp; wait $bp 2>/dev/null
