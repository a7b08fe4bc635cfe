package io.tombo.codec;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Packet equality for tests: records compare byte[] fields by reference, so compare a canonical form. */
final class PacketAssertions {
    private PacketAssertions() {
    }

    static void assertSamePacket(Packet actual, Packet expected) {
        assertThat(canonical(actual)).isEqualTo(canonical(expected));
    }

    /** The packet with every byte[] replaced by its hex (payloads longer than 64 bytes by a hash and length). */
    static Object canonical(Packet p) {
        return switch (p) {
            case Publish x -> List.of("PUBLISH", x.topic(), x.qos(), x.retain(), x.dup(), x.packetId(),
                    x.properties(), bytes(x.payload()));
            case Connect c -> Arrays.asList("CONNECT", c.version(), c.clientId(), c.cleanStart(),
                    c.keepAliveSeconds(), c.username(), bytes(c.password()), will(c.will()), c.properties());
            default -> p;
        };
    }

    private static Object will(Will w) {
        return w == null ? null : List.of(w.topic(), bytes(w.payload()), w.qos(), w.retain(), w.properties());
    }

    private static String bytes(byte[] b) {
        if (b == null) {
            return null;
        }
        return b.length <= 64 ? HexFormat.of().formatHex(b) : b.length + " bytes, hash " + Arrays.hashCode(b);
    }
}
