package io.tombo.it.persistence;

import java.io.IOException;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * The receiving side of QoS 2 as the spec describes it, over {@link Mqtt5}, with its state kept across
 * connections as a client with a persistent session must: a PUBLISH is delivered (counted) when its packet
 * identifier is not held, the identifier is held until PUBREL, and a PUBLISH with a held identifier is a resend
 * [MQTT-4.3.3-10]; after PUBCOMP the identifier is free and a PUBLISH with it is a new message [MQTT-4.3.3-12]
 * (5.0 numbering). So a count above one is a second copy the broker sent as a new message, not a protocol resend.
 */
final class Qos2Receiver {
    private final Set<Integer> held = ConcurrentHashMap.newKeySet();
    private final Map<Integer, AtomicInteger> counts = new ConcurrentHashMap<>();
    private final Set<String> others = ConcurrentHashMap.newKeySet();
    /** Per message number, every PUBLISH and PUBREL seen for it: "PUBLISH id=5 dup=false", "PUBREL id=5". */
    private final Map<Integer, java.util.List<String>> history = new ConcurrentHashMap<>();
    private final Map<Integer, Integer> numberOfHeldId = new ConcurrentHashMap<>();
    private volatile Thread reader;

    /** Reads and answers on a thread of its own until the connection ends. */
    void run(Mqtt5 connection) {
        reader = Thread.ofPlatform().daemon().name("qos2-receiver").start(() -> {
            try {
                while (true) {
                    Mqtt5.Packet p = connection.next(60_000);
                    if (p == null) {
                        return;
                    }
                    if (p.type() == Mqtt5.PUBLISH) {
                        Mqtt5.Publish m = Mqtt5.decode(p);
                        Integer number = parse(m.payload());
                        if (number != null) {
                            history.computeIfAbsent(number, k -> new java.util.concurrent.CopyOnWriteArrayList<>())
                                    .add("PUBLISH id=" + m.packetId() + " dup=" + m.dup()
                                            + (held.contains(m.packetId()) ? " (held: a resend)" : ""));
                            numberOfHeldId.put(m.packetId(), number);
                        }
                        if (held.add(m.packetId())) {
                            try {
                                counts.computeIfAbsent(Integer.parseInt(m.payload().strip()), k -> new AtomicInteger())
                                        .incrementAndGet();
                            } catch (NumberFormatException e) {
                                others.add(m.payload());
                            }
                        }
                        connection.pubrec(m.packetId());
                    } else if (p.type() == Mqtt5.PUBREL) {
                        int id = Mqtt5.packetId(p);
                        held.remove(id);
                        Integer number = numberOfHeldId.remove(id);
                        if (number != null) {
                            history.get(number).add("PUBREL id=" + id);
                        }
                        connection.pubcomp(id);
                    }
                }
            } catch (IOException | RuntimeException e) {
                // the broker was killed
            }
        });
    }

    private static Integer parse(String payload) {
        try {
            return Integer.parseInt(payload.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** What happened to the first five duplicated messages, in order: the evidence for a bug report. */
    Map<Integer, java.util.List<String>> historyOfDuplicates() {
        return duplicates().keySet().stream().limit(5).collect(Collectors.toMap(k -> k, history::get, (a, b) -> a,
                TreeMap::new));
    }

    void awaitStopped() throws InterruptedException {
        reader.join(30_000);
    }

    Set<Integer> received() {
        return counts.keySet();
    }

    boolean gotOther(String payload) {
        return others.contains(payload);
    }

    Map<Integer, Integer> duplicates() {
        return counts.entrySet().stream().filter(e -> e.getValue().get() > 1)
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().get(), (a, b) -> a, TreeMap::new));
    }
}
