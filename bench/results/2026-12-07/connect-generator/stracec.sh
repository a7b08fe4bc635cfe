#!/usr/bin/env bash
# stracec.sh KIND: warm with 2 bursts, then strace -c -f one burst of 5000
J=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
source /work/main/bin/find-java.sh >/dev/null 2>&1 || true
. /work/main/bin/jvm-opts.sh; tombo_jvm_opts /usr/lib/jvm/temurin-25-jdk-amd64 ""
P=19033; b=$1
printf 'listener %s 127.0.0.1\nallow_anonymous true\nmax_connections -1\n' $P > /tmp/exp/sc.conf
case $b in
  tombo) /work/main/tombo broker -c /tmp/exp/sc.conf > /tmp/exp/sc-$b.log 2>&1 & ;;
  bare) MALLOC_ARENA_MAX=2 $J "${tombo_default_opts[@]}" -cp /work/main/target/tombo.jar:/tmp/exp/bare Bare $P > /tmp/exp/sc-$b.log 2>&1 & ;;
  mosquitto) mosquitto -c /tmp/exp/sc.conf > /tmp/exp/sc-$b.log 2>&1 & ;;
esac
bp=$!
for _ in $(seq 100); do ss -Htln "( sport = :$P )" | grep -q . && break; sleep 0.1; done
sleep 1
for k in 1 2; do $J -jar /work/main/target/tombo.jar bench conn -c 10000 -p $P -h 127.0.0.1 -d 1 --json >/dev/null 2>&1; done
timeout 12 strace -c -f -p $bp -o /tmp/exp/sc-$b.strace &
sp=$!; sleep 1
$J -jar /work/main/target/tombo.jar bench conn -c 5000 -p $P -h 127.0.0.1 -d 1 --json >/dev/null 2>&1
kill -INT $sp 2>/dev/null; wait $sp
kill $bp; wait $bp 2>/dev/null
