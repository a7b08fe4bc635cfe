#!/usr/bin/env bash
# conn-ab.sh ROUNDS: fresh brokers from /work/main (new) and /work/wt-footprint (old), alternating; two 10,000-connect
# bursts each (fresh, then warm); prints conn/s
J=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
for r in $(seq $1); do
  for v in new:/work/main old:/work/wt-footprint; do
    name=${v%%:*}; dir=${v#*:}
    printf 'listener 19010 127.0.0.1\nallow_anonymous true\nmax_connections -1\n' > /tmp/exp/ab.conf
    $dir/tombo broker -c /tmp/exp/ab.conf > /tmp/exp/ab-$name.log 2>&1 & bp=$!
    for _ in $(seq 100); do ss -Htln "( sport = :19010 )" | grep -q . && break; sleep 0.1; done
    rates=""
    for k in 1 2; do
      $J -jar /work/main/target/tombo.jar bench conn -c 10000 -p 19010 -h 127.0.0.1 -d 1 > /dev/null 2> /tmp/exp/ab.err
      rates="$rates $(grep -oE 'connected at [0-9.]+' /tmp/exp/ab.err | grep -oE '[0-9.]+')"
      sleep 3
    done
    echo "r$r $name:$rates"
    kill $bp; wait $bp 2>/dev/null
  done
done
