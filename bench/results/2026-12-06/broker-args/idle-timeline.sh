#!/bin/bash
# VmRSS (KiB) of an idle broker over its first 150 s, for each launcher directory given (default: this tree).
dirs=${*:-$(cd "$(dirname "$0")/../../../.." && pwd)}
port=18995
for d in $dirs; do
  port=$((port + 1))
  printf 'listener %s 127.0.0.1\nallow_anonymous true\n' $port > /tmp/idle-timeline-$port.conf
  "$d/tombo" broker -c /tmp/idle-timeline-$port.conf > /dev/null 2>&1 &
  pid=$!
  out="" prev=0
  for t in 3 6 10 15 20 30 45 60 75 90 120 150; do
    sleep $((t - prev)); prev=$t
    out="$out $t:$(awk '/VmRSS/{print $2}' /proc/$pid/status)"
  done
  echo "$d$out"
  kill $pid; wait $pid 2>/dev/null
done
