package io.tombo.broker;

import java.util.ArrayDeque;
import java.util.LinkedHashMap;

/**
 * A session's outbound QoS 1/2 messages that hold a packet identifier, in the order they took it, and which of them
 * are on the wire of the current connection. Owned by the session's home thread, like the session.
 *
 * <pre>
 *   take() ──► waiting ──(committed, window open: next())──► on the wire ──(PUBACK / PUBCOMP: remove())──► gone
 *                 ▲                                                │
 *                 └───────────── reattach(): all of them again ◄───┘  (reconnection, or restored after a restart)
 * </pre>
 *
 * A message of a durable session waits until its MarkSent is committed; the others are committed from the start.
 */
final class Inflight {
    /** One outbound QoS 1/2 message awaiting acknowledgement. */
    static final class Entry {
        final int packetId;
        final Delivery delivery;
        /** PUBREC received and PUBREL sent (or to be sent): only PUBCOMP is awaited. */
        boolean released;
        /** Its last change (MarkSent, MarkReleased) is committed: the PUBLISH or PUBREL may go out. */
        boolean committed = true;
        /** Sent on the current connection, awaiting its acknowledgement. */
        boolean onWire;
        /** Sent before, on this connection, an earlier one or before a restart: DUP when sent again. */
        boolean sent;

        Entry(int packetId, Delivery delivery) {
            this.packetId = packetId;
            this.delivery = delivery;
        }
    }

    // Both created with the first message: most sessions of an idle broker never send QoS 1/2, and 10,000 idle
    // connections should cost little heap (BENCHMARKS.md, heap per idle connection).
    private LinkedHashMap<Integer, Entry> byPacketId;
    /** Messages not on the wire of the current connection, in order. */
    private ArrayDeque<Entry> waiting;
    private int onWire;
    private long bytes;
    private int nextPacketId = 1;

    int size() {
        return byPacketId == null ? 0 : byPacketId.size();
    }

    long bytes() {
        return bytes;
    }

    /** The message under {@code packetId}, or null. */
    Entry get(int packetId) {
        return byPacketId == null ? null : byPacketId.get(packetId);
    }

    /** Whether {@code m} still holds its packet identifier (not acknowledged, dropped or cleared since). */
    boolean holds(Entry m) {
        return get(m.packetId) == m;
    }

    /** Gives {@code d} a free packet identifier and puts it last in line for the wire. */
    Entry take(Delivery d) {
        Entry m = new Entry(allocatePacketId(), d);
        add(m);
        waiting().addLast(m);
        return m;
    }

    /** A message restored from the store; {@link #reattach()} puts it in line. */
    void restore(int packetId, Delivery d, boolean released) {
        Entry m = new Entry(packetId, d);
        m.released = released;
        m.sent = true; // perhaps: resent with DUP
        add(m);
        nextPacketId = packetId == 65535 ? 1 : packetId + 1;
    }

    /** A new connection: nothing is on its wire yet, everything goes out again in order. */
    void reattach() {
        onWire = 0;
        if (byPacketId == null) {
            return;
        }
        waiting().clear();
        waiting.addAll(byPacketId.values());
        for (Entry m : byPacketId.values()) {
            m.onWire = false;
        }
    }

    /**
     * The next message to put on the wire, now counted there, or null: none waiting, the window is full, or the next
     * one's change is not committed yet (it keeps its place, so order is kept).
     */
    Entry next(int window) {
        while (waiting != null && !waiting.isEmpty() && onWire < window) {
            Entry m = waiting.peekFirst();
            if (!holds(m)) {
                waiting.pollFirst(); // acknowledged or dropped meanwhile
                continue;
            }
            if (!m.committed) {
                return null;
            }
            waiting.pollFirst();
            m.onWire = true;
            onWire++;
            return m;
        }
        return null;
    }

    /** Gives the packet identifier back; returns the message, or null if none held it. */
    Entry remove(int packetId) {
        Entry m = byPacketId == null ? null : byPacketId.remove(packetId);
        if (m == null) {
            return null;
        }
        if (m.onWire) {
            m.onWire = false;
            onWire--;
        }
        bytes -= m.delivery.message().size();
        return m;
    }

    void clear() {
        byPacketId = null;
        waiting = null;
        onWire = 0;
        bytes = 0;
    }

    private ArrayDeque<Entry> waiting() {
        if (waiting == null) {
            waiting = new ArrayDeque<>();
        }
        return waiting;
    }

    private void add(Entry m) {
        if (byPacketId == null) {
            byPacketId = new LinkedHashMap<>();
        }
        byPacketId.put(m.packetId, m);
        bytes += m.delivery.message().size();
    }

    private int allocatePacketId() {
        // [MQTT-2.2.1-3] non-zero, and not one still in use by this session
        for (int tries = 0; tries < 65535; tries++) {
            int id = nextPacketId;
            nextPacketId = id == 65535 ? 1 : id + 1;
            if (get(id) == null) {
                return id;
            }
        }
        throw new IllegalStateException("no free packet identifier");
    }
}
