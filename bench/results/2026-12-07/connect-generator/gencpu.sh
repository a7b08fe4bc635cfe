#!/usr/bin/env bash
J=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
mosquitto -c /tmp/exp/g.conf > /tmp/exp/g-mosq.log 2>&1 &
mp=$!
sleep 1
for c in 1 10000 1 10000 10000; do
  /usr/bin/time -f "c=$c %U user %S sys %e wall" $J ${GENOPTS:-} -jar /work/main/target/tombo.jar bench conn -c $c -p 19034 -h 127.0.0.1 -d 1 --json 2>&1 >/tmp/exp/g.json | tail -1
  jq -c '.connections_per_s' /tmp/exp/g.json
done
kill $mp
