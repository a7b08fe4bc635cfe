#!/usr/bin/env python3
"""Turns the JSON files bench/compare.sh wrote under OUT into Markdown tables (medians over rounds, ratios)."""
import json
import statistics
import sys
from pathlib import Path

OUT = Path(sys.argv[1])
BROKERS = ["tombo", "tombo-b", "mosquitto", "hivemq"]  # tombo-b: Tombo with other JVM options (compare.sh)
TITLES = {
    "fanin-q0-64": "fan-in 10→1, QoS 0, 64 B",
    "fanin-q0-1k": "fan-in 10→1, QoS 0, 1 KiB",
    "fanin-q1-64": "fan-in 10→1, QoS 1, 64 B",
    "fanin-q1-1k": "fan-in 10→1, QoS 1, 1 KiB",
    "fanout-q0": "fan-out 1→100, QoS 0, 64 B",
    "fanout-q1": "fan-out 1→100, QoS 1, 64 B",
    "p2p-q1-1k": "point-to-point QoS 1, 1,000 msg/s",
    "p2p-q1-10k": "point-to-point QoS 1, 10,000 msg/s",
}


def load(path):
    try:
        return json.loads(path.read_text())
    except (OSError, ValueError):
        return None


def runs(scenario, broker):
    # BROKER-ROUND.json: "tombo-*.json" would also match tombo-persist's files
    files = [p for p in (OUT / scenario).glob(f"{broker}-*.json") if p.stem[len(broker) + 1:].isdigit()]
    files.sort(key=lambda p: int(p.stem[len(broker) + 1:]))  # by round: "-10" after "-9", not after "-1"
    return [r for r in (load(p) for p in files) if r]


def median(values):
    values = [v for v in values if isinstance(v, (int, float))]
    return statistics.median(values) if values else None


def fig(v, digits=0):
    if v is None:
        return "–"
    return f"{v:,.{digits}f}"


def ratio(a, b):
    return "–" if a is None or not b else f"{a / b:.2f}×"


def figures(scenario, broker):
    rs = runs(scenario, broker)
    lat = lambda k: median([r.get("latency_us", {}).get(k) for r in rs])
    return {
        "n": len(rs),
        "rate": median([r.get("received_per_s") for r in rs]),
        "sent": median([r.get("sent_per_s") for r in rs]),
        "per_cpu": median([r.get("msgs_per_broker_cpu_s") for r in rs]),
        "cores": median([r.get("broker_cores") for r in rs]),
        "p50": lat("p50"), "p99": lat("p99"), "p999": lat("p999"),
        "ack_p50": median([r.get("ack_latency_us", {}).get("p50") for r in rs]),
        "ack_p99": median([r.get("ack_latency_us", {}).get("p99") for r in rs]),
        "lost": sum(r.get("lost", 0) or 0 for r in rs),
        "gaps": sum(r.get("sequence_gaps", 0) or 0 for r in rs),
        "rss": median([r.get("broker_rss_kib") for r in rs]),
        "bench": median([r.get("bench_cores") for r in rs]),
        "errors": sorted({e for r in rs for e in r.get("errors", [])}),
    }


def message_table():
    print("| scenario | broker | delivered msg/s | sent msg/s | msgs per broker CPU-s | broker cores "
          "| p50 µs | p99 µs | p99.9 µs | lost (all rounds) | broker RSS MiB | bench cores |")
    print("|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|")
    ratios = []
    for s, title in TITLES.items():
        if not (OUT / s).is_dir():
            continue
        f = {b: figures(s, b) for b in BROKERS}
        for b in BROKERS:
            x = f[b]
            if x["n"] == 0:
                continue
            rss = None if x["rss"] is None else x["rss"] / 1024
            print(f"| {title} | {b} | {fig(x['rate'])} | {fig(x['sent'])} | {fig(x['per_cpu'])} | {fig(x['cores'], 2)} "
                  f"| {fig(x['p50'])} | {fig(x['p99'])} | {fig(x['p999'])} | {fig(x['lost'])} | {fig(rss)} "
                  f"| {fig(x['bench'], 2)} |")
        t, m, h = f["tombo"], f["mosquitto"], f["hivemq"]
        ratios.append((title, ratio(t["rate"], m["rate"]), ratio(t["rate"], h["rate"]),
                       ratio(t["per_cpu"], m["per_cpu"]), ratio(t["per_cpu"], h["per_cpu"]),
                       ratio(t["p99"], m["p99"]), ratio(t["p99"], h["p99"])))
    print()
    print("Ratios, Tombo / other (msg/s and msgs per CPU-s: above 1 is Tombo ahead; p99: below 1 is Tombo ahead):")
    print()
    print("| scenario | msg/s vs Mosquitto | msg/s vs HiveMQ | per CPU-s vs Mosquitto | per CPU-s vs HiveMQ "
          "| p99 vs Mosquitto | p99 vs HiveMQ |")
    print("|---|--:|--:|--:|--:|--:|--:|")
    for row in ratios:
        print("| " + " | ".join(row) + " |")


def latency_rounds():
    """Fixed-rate scenarios round by round: a p99 over 10,000 messages moves with the machine, so show each."""
    rows = []
    for s, title in TITLES.items():
        if not s.startswith("p2p") or not (OUT / s).is_dir():
            continue
        for b in BROKERS:
            rs = runs(s, b)
            if rs:
                p99 = " · ".join(fig(r.get("latency_us", {}).get("p99")) for r in rs)
                lag = " · ".join(fig(r.get("send_lag_us", {}).get("p99")) for r in rs)
                rows.append(f"| {title} | {b} | {p99} | {lag} |")
    if rows:
        print()
        print("| scenario | broker | p99 µs, round by round | generator's send lag p99 µs, same rounds |")
        print("|---|---|--:|--:|")
        print("\n".join(rows))


def idle_table():
    idle = {b: load(OUT / "idle" / f"{b}.json") for b in BROKERS}
    conn = {b: runs("conn-10k", b) for b in BROKERS}
    if not any(idle.values()) and not any(conn.values()):
        return
    print()
    print("| broker | idle RSS MiB | idle heap after GC MiB | connections held | RSS per connection KiB "
          "| heap after GC per connection KiB | connect rate conn/s, round 1 | connect rate conn/s, later rounds "
          "| broker CPU µs per connect, round 1 | broker CPU µs per connect, later rounds |")
    print("|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|")
    for b in BROKERS:
        i = idle.get(b) or {}
        rs = conn.get(b) or []
        n = median([r.get("connections") for r in rs])
        rss = median([(r["rss_kib_connected"] - r["rss_kib_before"]) / r["connections"]
                      for r in rs if r.get("connections")])
        heap = median([(r["heap_kib_connected"] - r["heap_kib_before"]) / r["connections"]
                       for r in rs if r.get("connections") and r.get("heap_kib_connected") is not None])
        # Round 1 meets a JVM that has not compiled its connect path yet (a restart's reconnect storm); later rounds
        # a warm one (a network outage's). Both matter, so both are shown.
        first = rs[0].get("connections_per_s") if rs else None
        later = median([r.get("connections_per_s") for r in rs[1:]])
        cpu = [r["broker_cpu_ms"] * 1000 / r["connections"] if r.get("connections") and r.get("broker_cpu_ms")
               is not None else None for r in rs]  # runs before 2026-12-07 have no broker_cpu_ms
        cpu_first = cpu[0] if cpu else None
        cpu_later = median(cpu[1:])
        idle_rss = i.get("rss_kib")
        idle_heap = i.get("heap_kib")
        print(f"| {b} | {fig(idle_rss / 1024 if idle_rss else None, 1)} "
              f"| {fig(idle_heap / 1024 if idle_heap else None, 1)} | {fig(n)} | {fig(rss, 2)} | {fig(heap, 2)} "
              f"| {fig(first)} | {fig(later)} | {fig(cpu_first)} | {fig(cpu_later)} |")


def cores_table():
    rows = []
    for s, title in (("cores-fanin-q0", "fan-in 10→1, QoS 0, 64 B"), ("cores-fanout-q0", "fan-out 1→100, QoS 0")):
        if not (OUT / s).is_dir():
            continue
        two, one = figures(s, "tombo"), figures(s, "tombo1")
        rows.append(f"| {title} | {fig(one['rate'])} | {fig(two['rate'])} | {ratio(two['rate'], one['rate'])} "
                    f"| {fig(one['per_cpu'])} | {fig(two['per_cpu'])} | {fig(one['cores'], 2)} | {fig(two['cores'], 2)} |")
    if rows:
        print()
        print("| Tombo, scenario | 1 core msg/s | 2 cores msg/s | 2 / 1 | 1 core msgs per CPU-s "
              "| 2 cores msgs per CPU-s | cores used (1) | cores used (2) |")
        print("|---|--:|--:|--:|--:|--:|--:|--:|")
        print("\n".join(rows))


DURABLE = {
    "durable-q1": "persistent sessions, QoS 1, 4 pairs, closed loop (window 100)",
    "durable-q1-1k": "persistent sessions, QoS 1, 1 pair, 1,000 msg/s",
}
DURABLE_BROKERS = ["tombo", "tombo-persist", "mosquitto-persist"]


def durable_table():
    """Issue 5: Tombo with persistence false and true, Mosquitto with persistence true (autosave: not durable)."""
    rows, ratios = [], []
    for s, title in DURABLE.items():
        if not (OUT / s).is_dir():
            continue
        f = {b: figures(s, b) for b in DURABLE_BROKERS}
        for b in DURABLE_BROKERS:
            x = f[b]
            if x["n"]:
                rows.append(f"| {title} | {b} | {fig(x['rate'])} | {fig(x['per_cpu'])} | {fig(x['ack_p50'])} "
                            f"| {fig(x['ack_p99'])} | {fig(x['p50'])} | {fig(x['p99'])} | {fig(x['lost'])} |")
        d, m, p = f["tombo-persist"], f["tombo"], f["mosquitto-persist"]
        ratios.append(f"| {title} | {ratio(d['rate'], m['rate'])} | {ratio(d['rate'], p['rate'])} "
                      f"| {ratio(d['ack_p99'], m['ack_p99'])} | {ratio(d['ack_p99'], p['ack_p99'])} |")
    if rows:
        print()
        print("| scenario | broker | delivered msg/s | msgs per broker CPU-s | ack p50 µs | ack p99 µs "
              "| end-to-end p50 µs | end-to-end p99 µs | lost |")
        print("|---|---|--:|--:|--:|--:|--:|--:|--:|")
        print("\n".join(rows))
        print()
        print("| scenario | msg/s durable / in-memory | msg/s vs Mosquitto persistence true "
              "| ack p99 durable / in-memory | ack p99 vs Mosquitto |")
        print("|---|--:|--:|--:|--:|")
        print("\n".join(ratios))


def errors():
    seen = []
    for s in TITLES:
        for b in BROKERS:
            if (OUT / s).is_dir():
                for e in figures(s, b)["errors"]:
                    seen.append(f"- {TITLES[s]}, {b}: {e}")
    if seen:
        print()
        print("Errors reported by the bench:")
        print("\n".join(seen))


message_table()
latency_rounds()
durable_table()
idle_table()
cores_table()
errors()
