package io.tombo.it.robust;

import io.tombo.it.BrokerUnderTest;

import java.lang.management.ManagementFactory;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** Checks that the broker still serves a well-behaved client, and what the in-process broker's heap holds. */
final class Probe {
    private static final AtomicInteger ids = new AtomicInteger();

    private Probe() {
    }

    /**
     * A fresh client connects, subscribes to its own topic and gets its QoS 1 message back: accept, CONNECT,
     * SUBSCRIBE, routing and delivery all work.
     */
    static void roundTrip(BrokerUnderTest broker) {
        String id = "probe-" + ids.incrementAndGet();
        try (Peer p = Peer.connected(broker, Wire.V311, id)) {
            p.subscribe(Wire.V311, 1, "probe/" + id, 1);
            p.send(Wire.publish(Wire.V311, "probe/" + id, 1, 2, "ping".getBytes()));
            boolean acked = false;
            boolean received = false;
            for (int i = 0; i < 4 && !(acked && received); i++) {
                Peer.Packet got = p.read();
                if (got.type() == Wire.PUBACK) {
                    acked = true;
                } else if (got.type() == Wire.PUBLISH) {
                    assertThat(got.payloadText(Wire.V311)).isEqualTo("ping");
                    p.send(Wire.puback(got.publishPacketId()));
                    received = true;
                }
            }
            assertThat(acked).as("PUBACK").isTrue();
            assertThat(received).as("own message back").isTrue();
            p.send(Wire.disconnect());
        }
    }

    /** Heap in use after a full collection, in MiB: the test JVM's, which holds the in-process broker. */
    static long heapUsedAfterGcMiB() {
        System.gc();
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() >> 20;
    }
}
