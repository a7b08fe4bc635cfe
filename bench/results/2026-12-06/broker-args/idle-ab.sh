#!/bin/bash
# idle RSS at 6 s, -c conf, variants alternating with rotating order; unique port per start
declare -A DIR=([A]=/work/main [B]=/tmp/exp/wt [C]=/tmp/exp/wtc)
port=18900
for i in 1 2 3 4; do
  order="A B C"; (( i % 2 == 0 )) && order="C B A"
  for v in $order; do
    port=$((port + 1))
    printf 'listener %s 127.0.0.1\nallow_anonymous true\n' $port > /tmp/exp/rss4-$port.conf
    ${DIR[$v]}/tombo broker -c /tmp/exp/rss4-$port.conf > /tmp/exp/rss4-$v-$i.log 2>&1 &
    pid=$!
    sleep 6
    rss=$(awk '/VmRSS/{print $2}' /proc/$pid/status)
    anon=$(awk '/^Anonymous/{print $2}' /proc/$pid/smaps_rollup)
    echo "$v $i rss=$rss anon=$anon"
    kill $pid; wait $pid 2>/dev/null
    sleep 1
  done
done
