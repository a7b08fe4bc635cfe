package io.tombo.it.robust;

import io.tombo.it.BrokerUnderTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A remaining length is a promise of bytes to come; the broker must not believe it blindly. Above
 * max_packet_size the header alone decides [MQTT-3.2.2-15]; without a limit, a client that promises 256 MB and
 * then dawdles or leaves costs nothing lasting.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HugePacketIT {
    private static final int ANNOUNCED = Wire.MAX_REMAINING_LENGTH; // 256 MiB - 1, the most a header can say

    @ParameterizedTest(name = "MQTT {0}")
    @ValueSource(ints = {Wire.V311, Wire.V5})
    void publishAnnouncedAboveMaxPacketSizeIsRefusedFromItsHeader(int version) {
        try (BrokerUnderTest broker = BrokerUnderTest.start("max_packet_size 1048576");
             Peer hostile = Peer.connected(broker, version, "big-" + version)) {
            // the header and a few bytes: the other 256 MB never come, so only the header can be the reason
            hostile.send(Wire.concat(Wire.header(0x30, ANNOUNCED), Wire.utf8("t"), new byte[16]));

            if (version == Wire.V5) {
                Peer.Packet p = hostile.read();
                assertThat(p.type()).as("DISCONNECT before close, got %s", p).isEqualTo(Wire.DISCONNECT);
                assertThat(p.body()[0] & 0xFF).as("reason code in %s", p).isEqualTo(0x95); // Packet too large
            }
            assertThat(hostile.awaitClosed(Peer.PATIENCE)).as("nothing more before close").isEmpty();
            Probe.roundTrip(broker);
        }
    }

    /**
     * A first packet that is not CONNECT is a protocol error [MQTT-3.1.0-1], knowable from its first byte.
     * Mosquitto closes at once; waiting for the announced body lets any unauthenticated socket make the broker
     * buffer up to 256 MB.
     */
    @Test
    void firstPacketOtherThanConnectIsRefusedFromItsHeader() {
        try (BrokerUnderTest broker = BrokerUnderTest.start();
             Peer hostile = Peer.open(broker)) {
            hostile.send(Wire.concat(Wire.header(0x30, Wire.MAX_REMAINING_LENGTH), Wire.utf8("t"), new byte[64]));

            assertThat(hostile.awaitClosed(Peer.PATIENCE)).isEmpty();
        }
    }

    @Test
    void largestPacketTrickledThenAbandonedLeavesTheBrokerServing() {
        try (BrokerUnderTest broker = BrokerUnderTest.start();
             Peer hostile = Peer.connected(broker, Wire.V311, "trickler");
             Peer neighbour = Peer.connected(broker, Wire.V311, "neighbour")) {
            hostile.send(Wire.concat(Wire.header(0x30, Wire.MAX_REMAINING_LENGTH), Wire.utf8("t")));
            byte[] chunk = new byte[1024];
            for (int i = 0; i < 50; i++) {
                assertThat(hostile.trySend(chunk)).as("the broker keeps reading").isTrue();
                neighbour.ping(); // paces the trickle, and shows the broker answering meanwhile
            }
            hostile.close();

            neighbour.ping();
            Probe.roundTrip(broker);
        }
    }

    @Test
    void severalHugePacketsAbandonedHalfwayAreReleased() {
        try (BrokerUnderTest broker = BrokerUnderTest.start()) {
            long heapBefore = BrokerUnderTest.isMosquitto() ? 0 : Probe.heapUsedAfterGcMiB();
            List<Peer> hostile = new ArrayList<>();
            byte[] chunk = new byte[64 * 1024];
            for (int c = 0; c < 4; c++) {
                Peer p = Peer.connected(broker, Wire.V311, "huge-" + c);
                hostile.add(p);
                p.write(Wire.concat(Wire.header(0x30, Wire.MAX_REMAINING_LENGTH), Wire.utf8("t")));
                for (int i = 0; i < 256; i++) { // 16 MiB each, far from the 256 MB announced
                    p.write(chunk);
                }
                p.flush();
            }
            Probe.roundTrip(broker);
            hostile.forEach(Peer::close);

            for (int i = 0; i < 3; i++) {
                Probe.roundTrip(broker);
            }
            if (!BrokerUnderTest.isMosquitto()) {
                assertThat(Probe.heapUsedAfterGcMiB() - heapBefore).as("heap growth, MiB").isLessThan(64);
            }
        }
    }
}
