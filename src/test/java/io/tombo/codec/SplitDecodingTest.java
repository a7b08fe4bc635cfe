package io.tombo.codec;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Framing at every byte boundary: a packet split anywhere, and two packets back to back, decode the same. */
class SplitDecodingTest {

    static Stream<Arguments> packets() {
        Stream<Arguments> vectors = SpecVectors.all().stream()
                .map(v -> Arguments.of(v.name(), v.version(), v.bytes()));
        Stream<Arguments> samples = Stream.of(ProtocolVersion.values()).flatMap(version -> TestPackets.all(version)
                .stream().map(p -> Arguments.of(version + " " + p.type(), version, PacketEncoder.encode(p, version))));
        return Stream.concat(vectors, samples);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("packets")
    void splitAtEveryOffsetDecodesTheSame(String name, ProtocolVersion version, byte[] bytes) throws Exception {
        ProtocolVersion connectionVersion = (bytes[0] & 0xF0) == 0x10 ? null : version;
        Packet whole = Framer.decodeOne(bytes, connectionVersion);
        for (int split = 0; split <= bytes.length; split++) {
            Framer framer = new Framer(connectionVersion);
            List<Packet> decoded = new ArrayList<>(framer.feed(Arrays.copyOfRange(bytes, 0, split)));
            decoded.addAll(framer.feed(Arrays.copyOfRange(bytes, split, bytes.length)));
            assertThat(decoded).as("split at %d", split).hasSize(1);
            PacketAssertions.assertSamePacket(decoded.getFirst(), whole);
            assertThat(framer.isEmpty()).isTrue();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("packets")
    void byteByByteAndBackToBack(String name, ProtocolVersion version, byte[] bytes) throws Exception {
        boolean connect = (bytes[0] & 0xF0) == 0x10;
        ProtocolVersion connectionVersion = connect ? null : version;
        Packet whole = Framer.decodeOne(bytes, connectionVersion);
        // after a CONNECT the framer speaks its version, so a second CONNECT still decodes (the connection rejects it)
        byte[] twice = Bytes.concat(bytes, bytes);
        for (int split = 0; split <= twice.length; split++) {
            Framer framer = new Framer(connectionVersion);
            List<Packet> decoded = new ArrayList<>(framer.feed(Arrays.copyOfRange(twice, 0, split)));
            decoded.addAll(framer.feed(Arrays.copyOfRange(twice, split, twice.length)));
            assertThat(decoded).as("split at %d", split).hasSize(2);
            PacketAssertions.assertSamePacket(decoded.get(0), whole);
            PacketAssertions.assertSamePacket(decoded.get(1), whole);
        }
        Framer framer = new Framer(connectionVersion);
        List<Packet> decoded = new ArrayList<>();
        for (byte b : twice) {
            decoded.addAll(framer.feed(new byte[] {b}));
        }
        assertThat(decoded).hasSize(2);
        PacketAssertions.assertSamePacket(decoded.get(1), whole);
    }
}
