#!/usr/bin/env bash
# st.sh PIDFILE PORT QOS: strace -c each event loop for 3 s in the middle of a p2p run
pid=$(cat $1)
tids=$(for t in /proc/$pid/task/*; do [ "$(cat $t/comm)" = multiThreadIoEv ] && basename $t; done)
/usr/lib/jvm/temurin-25-jdk-amd64/bin/java -jar /work/main/target/tombo.jar bench p2p -c 1 -q $3 -s 64 -r 1000 -p $2 -h 127.0.0.1 -d 12 --warmup 3 --json > /dev/null 2>&1 &
sleep 8
for t in $tids; do timeout 3 strace -c -p $t 2> st-$t.txt & done
wait
for t in $tids; do echo "== $t"; grep -E "sendto|recvfrom|epoll|total" st-$t.txt; done
