#!/usr/bin/env bash
# connab2.sh ROUNDS: fresh Tombo and fresh Mosquitto, alternating; three 10,000-connect bursts each with bench conn
J=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
cpu() { awk '{print $14+$15}' /proc/$1/stat; }
for r in $(seq $1); do
  for b in tombo mosquitto; do
    printf 'listener 19030 127.0.0.1\nallow_anonymous true\nmax_connections -1\n' > /tmp/exp/ab2.conf
    if [[ $b == tombo ]]; then /work/main/tombo broker -c /tmp/exp/ab2.conf > /tmp/exp/ab2-$b-$r.log 2>&1 & else mosquitto -c /tmp/exp/ab2.conf > /tmp/exp/ab2-$b-$r.log 2>&1 & fi
    bp=$!
    for _ in $(seq 100); do ss -Htln "( sport = :19030 )" | grep -q . && break; sleep 0.1; done
    sleep 1
    line="r$r $b:"
    for k in $(seq ${BURSTS:-3}); do
      c0=$(cpu $bp)
      /usr/bin/time -f '%U+%S' -o /tmp/exp/ab2.time $J -jar /work/main/target/tombo.jar bench conn -c 10000 -p 19030 -h 127.0.0.1 -d 1 --json > /tmp/exp/ab2.json 2>/tmp/exp/ab2-gen-$b-$r-$k.err; cp /tmp/exp/ab2.json /tmp/exp/ab2-$b-$r-$k.json
      c1=$(cpu $bp)
      line="$line $(jq -r '.connections_per_s|floor' /tmp/exp/ab2.json)/s(b$(( (c1-c0)*10 ))ms,g$(cat /tmp/exp/ab2.time))"
      sleep 2
    done
    echo "$line"
    kill $bp; wait $bp 2>/dev/null
  done
done
