#!/usr/bin/env bash
# bareab.sh ROUNDS "kinds": fresh servers alternating; BURSTS 10k-connect bursts each
J=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
source /work/main/bin/find-java.sh >/dev/null 2>&1 || true
. /work/main/bin/jvm-opts.sh; tombo_jvm_opts /usr/lib/jvm/temurin-25-jdk-amd64 ""
cpu() { awk '{print $14+$15}' /proc/$1/stat; }
P=19031
for r in $(seq $1); do
  for b in ${2:-bare tombo mosquitto}; do
    printf "listener %s 127.0.0.1\nallow_anonymous true\nmax_connections -1\n${EXTRA_CONF:-}" $P > /tmp/exp/bab.conf
    case $b in
      base) /tmp/exp/base/tombo broker -c /tmp/exp/bab.conf > /tmp/exp/bab-$b-$r.log 2>&1 & ;;
      tombo) /work/main/tombo broker -c /tmp/exp/bab.conf > /tmp/exp/bab-$b-$r.log 2>&1 & ;;
      tombo-t4) TOMBO_JAVA_OPTS="$T4" /work/main/tombo broker -c /tmp/exp/bab.conf > /tmp/exp/bab-$b-$r.log 2>&1 & ;;
      tombo-x) TOMBO_JAVA_OPTS="$XOPTS" /work/main/tombo broker -c /tmp/exp/bab.conf > /tmp/exp/bab-$b-$r.log 2>&1 & ;;
      tombo-nc) TOMBO_AOT_CACHE=off /work/main/tombo broker -c /tmp/exp/bab.conf > /tmp/exp/bab-$b-$r.log 2>&1 & ;;
      bare) MALLOC_ARENA_MAX=2 $J "${tombo_default_opts[@]}" -cp /work/main/target/tombo.jar:/tmp/exp/bare Bare $P > /tmp/exp/bab-$b-$r.log 2>&1 & ;;
      mosquitto) mosquitto -c /tmp/exp/bab.conf > /tmp/exp/bab-$b-$r.log 2>&1 & ;;
    esac
    bp=$!
    for _ in $(seq 100); do ss -Htln "( sport = :$P )" | grep -q . && break; sleep 0.1; done
    sleep ${SETTLE:-1}
    line="r$r $b:"
    for k in $(seq ${BURSTS:-3}); do
      c0=$(cpu $bp)
      $J ${GENOPTS:-} -jar /work/main/target/tombo.jar bench conn -c 10000 -p $P -h 127.0.0.1 -d 1 --json > /tmp/exp/bab.json 2>/dev/null
      c1=$(cpu $bp)
      line="$line $(jq -r '.connections_per_s|floor' /tmp/exp/bab.json)/s(b$(( (c1-c0)*10 ))ms)"
      sleep 2
    done
    echo "$line"
    kill $bp; wait $bp 2>/dev/null
  done
done
