package io.tombo.client;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Packet identifiers: non-zero, not in use [MQTT-2.2.1-3], round-robin, all 65535 usable. */
class PacketIdsTest {

    @Test
    void handsOutEveryIdentifierOnceThenNone() {
        PacketIds ids = new PacketIds();
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < 65_535; i++) {
            int id = ids.allocate();
            assertThat(id).isBetween(1, 65_535);
            assertThat(seen.add(id)).isTrue();
        }
        assertThat(ids.allocate()).isZero();
        ids.release(12_345);
        assertThat(ids.allocate()).isEqualTo(12_345);
    }

    @Test
    void aReleasedIdentifierIsNotReusedAtOnce() {
        PacketIds ids = new PacketIds();
        int first = ids.allocate();
        ids.release(first);
        assertThat(ids.allocate()).isNotEqualTo(first);
        assertThat(ids.inUse()).isEqualTo(1);
    }

    @Test
    void wrapsAroundPastTheTop() {
        PacketIds ids = new PacketIds();
        for (int i = 0; i < 65_535; i++) {
            ids.release(ids.allocate());
        }
        assertThat(ids.allocate()).isEqualTo(1);
    }
}
