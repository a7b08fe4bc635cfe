#!/usr/bin/env bash
J=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
P=19035
printf 'listener %s 127.0.0.1\nallow_anonymous true\nmax_connections -1\n' $P > /tmp/exp/pcold.conf
TOMBO_JAVA_OPTS="-XX:+UnlockDiagnosticVMOptions -XX:+DumpPerfMapAtExit" /work/main/tombo broker -c /tmp/exp/pcold.conf > /tmp/exp/pcold.log 2>&1 &
bp=$!
for _ in $(seq 300); do ss -Htln "( sport = :$P )" | grep -q . && break; sleep 0.1; done
sleep 1
perf record -F 1999 -p $bp -o /tmp/exp/pcold.data -- sleep 3.5 >/dev/null 2>&1 &
pp=$!
sleep 0.3
$J -XX:TieredStopAtLevel=1 -jar /work/main/target/tombo.jar bench conn -c 10000 -p $P -h 127.0.0.1 -d 1 --json 2>/dev/null | jq -c .connections_per_s
wait $pp
kill $bp; wait $bp 2>/dev/null
