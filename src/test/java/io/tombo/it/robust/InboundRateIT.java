package io.tombo.it.robust;

import io.tombo.it.BrokerUnderTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIf;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tombo's {@code max_client_messages_per_second} and {@code max_client_bytes_per_second}: a client that sends faster
 * is read more slowly, and loses nothing. A burst of one second's worth passes at once; the rest arrives at the
 * configured rate, so the whole burst takes at least the time the rate allows (a lower bound: a slow machine can only
 * make it longer). Mosquitto has no such limit.
 */
@DisabledIf("io.tombo.it.robust.ProxyProtocolIT#mosquitto")
class InboundRateIT {
    private BrokerUnderTest broker;

    @AfterEach
    void stop() {
        broker.close();
    }

    @Test
    void messageRateIsEnforcedByReadingSlowerNotByDropping() {
        broker = BrokerUnderTest.start("max_client_messages_per_second 20");
        // 20 at once, then 41 more (40 PUBLISH and the PINGREQ) at 20 per second: two seconds at least
        assertBurstTakesAtLeast(60, 100, Duration.ofMillis(1500));
    }

    @Test
    void byteRateIsEnforcedByReadingSlowerNotByDropping() {
        broker = BrokerUnderTest.start("max_client_bytes_per_second 100000");
        // 100 kB at once, then about 150 kB at 100 kB per second
        assertBurstTakesAtLeast(10, 25_000, Duration.ofMillis(1200));
    }

    private void assertBurstTakesAtLeast(int count, int size, Duration minimum) {
        try (Peer sub = Peer.connected(broker, Wire.V311, "rate-sub");
             Peer pub = Peer.connected(broker, Wire.V311, "rate-pub")) {
            sub.subscribe(Wire.V311, 1, "rate/#", 0);
            long start = System.nanoTime();
            for (int i = 0; i < count; i++) {
                pub.write(Wire.publish(Wire.V311, "rate/" + i, 0, 0, new byte[size]));
            }
            pub.flush();
            pub.ping(); // answered only once everything before it was read
            for (int i = 0; i < count; i++) {
                Peer.Packet p = sub.read(Duration.ofSeconds(30));
                assertThat(p.topic()).isEqualTo("rate/" + i);
            }
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(minimum);
        }
    }
}
