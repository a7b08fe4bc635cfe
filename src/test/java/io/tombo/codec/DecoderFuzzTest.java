package io.tombo.codec;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Seeded fuzzing: random and mutated packets must decode or fail with the codec's two checked exceptions,
 * never anything else; whatever decodes must re-encode to something that decodes to the same packet.
 */
class DecoderFuzzTest {
    private static final int ITERATIONS = 200_000;
    private static final ProtocolVersion[] VERSIONS = {null, ProtocolVersion.MQTT_3_1, ProtocolVersion.MQTT_3_1_1,
            ProtocolVersion.MQTT_5};

    @Test
    void randomAndMutatedInputsNeverEscapeTheCodecsExceptions() {
        Random random = new Random(0x70AB0L);
        List<byte[]> seeds = seeds();
        int decoded = 0;
        for (int i = 0; i < ITERATIONS; i++) {
            byte[] input = i % 4 == 0 ? randomPacket(random) : mutate(seeds.get(random.nextInt(seeds.size())), random);
            ProtocolVersion version = VERSIONS[random.nextInt(VERSIONS.length)];
            if ((input[0] & 0xF0) == 0x10 && random.nextBoolean()) {
                version = null;
            }
            decoded += decodeChecked(input, version, i);
        }
        assertThat(decoded).as("mutations that still decode").isGreaterThan(ITERATIONS / 50);
    }

    private static int decodeChecked(byte[] input, ProtocolVersion version, int iteration) {
        try {
            ByteBuffer in = ByteBuffer.wrap(input);
            FixedHeader header = PacketDecoder.readFixedHeader(in);
            if (header == null || header.packetLength() > input.length) {
                return 0;
            }
            ByteBuffer body = in.slice(header.headerLength(), header.remainingLength());
            Packet packet = PacketDecoder.decode(header, body, version);
            assertReEncodes(packet, version);
            return 1;
        } catch (MalformedPacketException | UnsupportedProtocolVersionException expected) {
            return 0;
        } catch (RuntimeException | AssertionError e) {
            throw new AssertionError("iteration " + iteration + ", version " + version + ", input "
                    + Bytes.toHex(input), e);
        }
    }

    private static void assertReEncodes(Packet packet, ProtocolVersion version) {
        ProtocolVersion v = packet instanceof Connect c ? c.version() : version;
        byte[] again = PacketEncoder.encode(packet, v);
        try {
            PacketAssertions.assertSamePacket(Framer.decodeOne(again, packet instanceof Connect ? null : v), packet);
        } catch (MalformedPacketException | UnsupportedProtocolVersionException e) {
            throw new AssertionError("re-encoded " + packet + " does not decode: " + Bytes.toHex(again), e);
        }
    }

    private static List<byte[]> seeds() {
        List<byte[]> seeds = new ArrayList<>();
        SpecVectors.all().forEach(v -> seeds.add(v.bytes()));
        for (ProtocolVersion v : ProtocolVersion.values()) {
            TestPackets.all(v).forEach(p -> seeds.add(PacketEncoder.encode(p, v)));
        }
        return seeds;
    }

    private static byte[] randomPacket(Random random) {
        byte[] body = new byte[random.nextInt(40)];
        random.nextBytes(body);
        int first = random.nextInt(256);
        return Bytes.packet(first, body);
    }

    /** Flip, overwrite, truncate or extend a valid packet, keeping the remaining length honest half the time. */
    private static byte[] mutate(byte[] seed, Random random) {
        byte[] m = seed.clone();
        int edits = 1 + random.nextInt(3);
        for (int e = 0; e < edits; e++) {
            int at = random.nextInt(m.length);
            switch (random.nextInt(4)) {
                case 0 -> m[at] ^= (byte) (1 << random.nextInt(8));
                case 1 -> m[at] = (byte) random.nextInt(256);
                case 2 -> m[at] = (byte) (random.nextBoolean() ? 0 : 0xFF);
                default -> m = java.util.Arrays.copyOf(m, Math.max(1, m.length + random.nextInt(7) - 3));
            }
        }
        if (random.nextBoolean()) { // re-frame so the body is decoded rather than cut off at the header
            FixedHeader h = headerOrNull(seed);
            if (h != null && m.length > h.headerLength()) {
                m = Bytes.packet(m[0] & 0xFF, java.util.Arrays.copyOfRange(m, h.headerLength(), m.length));
            }
        }
        return m;
    }

    private static FixedHeader headerOrNull(byte[] bytes) {
        try {
            return PacketDecoder.readFixedHeader(ByteBuffer.wrap(bytes));
        } catch (MalformedPacketException e) {
            return null;
        }
    }
}
