#!/usr/bin/env bash
# ps.sh NAME PORT: perf sched over 5 s of a p2p QoS 1 1k msg/s run; scheduling delay (wake-up to running) per thread
n=$1; p=$2
/usr/lib/jvm/temurin-25-jdk-amd64/bin/java -jar /work/main/target/tombo.jar bench p2p -c 1 -q 1 -s 64 -r 1000 -p $p -h 127.0.0.1 -d 15 --warmup 5 --json > ps-$n.json 2>/dev/null &
sleep 9
perf sched record -a -o ps-$n.data sleep 5 > /dev/null 2>&1
wait
echo "$n $(jq -c '{p50:.latency_us.p50, p99:.latency_us.p99, lag99:.send_lag_us.p99}' ps-$n.json)"
perf sched timehist -i ps-$n.data 2>/dev/null | awk 'NR>3 {name=$3; d=$5; if (d ~ /^[0-9.]+$/) print name, d}' > ps-$n.txt
python3 - ps-$n.txt <<'P'
import sys,collections
d=collections.defaultdict(list)
for l in open(sys.argv[1]):
    name,v=l.rsplit(' ',1); d[name].append(float(v)*1000)  # ms -> µs
rows=sorted(d.items(), key=lambda kv:-len(kv[1]))[:8]
for name,v in rows:
    v.sort(); q=lambda p: v[min(len(v)-1,int(len(v)*p))]
    print(f"  {name:34s} n={len(v):6d} sch-delay p50 {q(.5):7.1f} p99 {q(.99):7.1f} p99.9 {q(.999):8.1f} max {v[-1]:8.1f} us")
P
