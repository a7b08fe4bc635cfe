#!/usr/bin/env bash
# st2.sh PID TID PORT QOS: recvfrom -> sendto gap (µs) of one thread, 2 s in the middle of a p2p run (strace -ttt)
/usr/lib/jvm/temurin-25-jdk-amd64/bin/java -jar /work/main/target/tombo.jar bench p2p -c 1 -q $4 -s 64 -r 1000 -p $3 -h 127.0.0.1 -d 10 --warmup 3 --json > /dev/null 2>&1 &
sleep 7
timeout 2 strace -ttt -e trace=recvfrom,sendto,read,write,epoll_pwait2,epoll_wait,recvmsg,sendmsg,readv,writev -p $2 2> st2-$2.txt
wait
python3 - st2-$2.txt <<'P'
import sys,re
ev=[]
for l in open(sys.argv[1]):
    m=re.match(r'(?:\[pid\s+\d+\] )?(\d+\.\d+) (\w+)\(',l)
    if m: ev.append((float(m.group(1)),m.group(2)))
gaps=[];wake=[]
for i in range(1,len(ev)):
    if ev[i][1] in('sendto','write','writev','sendmsg') and ev[i-1][1] in('recvfrom','read','readv','recvmsg'):
        gaps.append((ev[i][0]-ev[i-1][0])*1e6)
    if ev[i][1] in('recvfrom','read','readv','recvmsg') and ev[i-1][1].startswith('epoll'):
        wake.append((ev[i][0]-ev[i-1][0])*1e6)
gaps.sort(); wake.sort()
q=lambda a,p: round(a[int(len(a)*p)]) if a else None
print("syscalls",len(ev),"read->write gaps",len(gaps),"p50",q(gaps,.5),"p90",q(gaps,.9),"p99",q(gaps,.99))
print("epoll->read",len(wake),"p50",q(wake,.5),"p90",q(wake,.9))
P
