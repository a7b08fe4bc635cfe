package io.tombo.it.robust;

import io.tombo.it.BrokerUnderTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@code max_connections} on a listener: the connection above the limit is closed, the others are unaffected. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MaxConnectionsIT {

    @Test
    void connectionAboveMaxConnectionsIsClosedAndTheOthersWork() {
        try (BrokerUnderTest broker = BrokerUnderTest.start("max_connections 10")) {
            List<Peer> admitted = new ArrayList<>();
            try {
                for (int i = 0; i < 10; i++) {
                    admitted.add(Peer.connected(broker, Wire.V311, "c" + i));
                }
                try (Peer eleventh = Peer.open(broker)) {
                    eleventh.trySend(Wire.connect(Wire.V311, "c10"));
                    assertThat(eleventh.awaitClosed(Peer.PATIENCE)).as("no CONNACK").isEmpty();
                }

                admitted.get(0).subscribe(Wire.V311, 1, "room", 0);
                for (Peer p : admitted) {
                    p.ping();
                }
                admitted.get(9).send(Wire.publish(Wire.V311, "room", 0, 0, "hello".getBytes()));
                assertThat(admitted.get(0).read().payloadText(Wire.V311)).isEqualTo("hello");

                admitted.remove(9).send(Wire.disconnect()).close();
                // the freed slot is taken again once the broker has seen the close
                await().atMost(Duration.ofSeconds(5)).ignoreExceptions().untilAsserted(() -> {
                    Peer p = Peer.open(broker);
                    try {
                        p.send(Wire.connect(Wire.V311, "c10"));
                        assertThat(p.read().type()).isEqualTo(Wire.CONNACK);
                        admitted.add(p);
                    } catch (Throwable t) {
                        p.close();
                        throw t;
                    }
                });
                admitted.get(9).ping();
            } finally {
                admitted.forEach(Peer::close);
            }
        }
    }
}
