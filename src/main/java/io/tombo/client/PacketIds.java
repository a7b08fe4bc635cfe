package io.tombo.client;

import java.util.BitSet;

/**
 * Packet identifiers 1..65535 not in use by an unacknowledged PUBLISH, SUBSCRIBE or UNSUBSCRIBE [MQTT-2.2.1-3],
 * handed out round-robin so a just-released identifier is not reused at once (a late acknowledgement for the old
 * packet then cannot complete the new one). Not thread-safe: {@link Session} guards it.
 */
final class PacketIds {
    private static final int MAX = 0xFFFF;

    private final BitSet used = new BitSet(MAX + 1);
    private int next = 1;
    private int inUse;

    /** A free identifier, now in use; 0 when all 65535 are taken. */
    int allocate() {
        if (inUse == MAX) {
            return 0;
        }
        int id = used.nextClearBit(next);
        if (id > MAX) {
            id = used.nextClearBit(1);
        }
        used.set(id);
        inUse++;
        next = id == MAX ? 1 : id + 1;
        return id;
    }

    /** Marks an identifier in use again (a resumed session keeps its identifiers). */
    void claim(int id) {
        if (!used.get(id)) {
            used.set(id);
            inUse++;
        }
    }

    void release(int id) {
        if (id > 0 && used.get(id)) {
            used.clear(id);
            inUse--;
        }
    }

    int inUse() {
        return inUse;
    }
}
