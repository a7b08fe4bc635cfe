package io.tombo.it.robust;

import io.tombo.it.BrokerUnderTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/**
 * Sockets that never finish their CONNECT hold a file descriptor and a pipeline each; Tombo's
 * {@code connect_timeout} closes them (Mosquitto has no such limit, so these run against Tombo only).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HalfOpenIT {
    private static final int SILENT = 500;
    private static final int HALF_CONNECT = 100;

    @BeforeEach
    void tomboOnly() {
        assumeFalse(BrokerUnderTest.isMosquitto(), "connect_timeout is a Tombo extension");
    }

    @Test
    void silentAndHalfConnectSocketsAreClosedAfterConnectTimeout() {
        try (BrokerUnderTest broker = BrokerUnderTest.start("connect_timeout 1")) {
            List<Peer> idle = new ArrayList<>();
            try {
                byte[] connect = Wire.connect(Wire.V311, "half");
                byte[] half = Arrays.copyOf(connect, connect.length / 2);
                for (int i = 0; i < SILENT; i++) {
                    idle.add(Peer.open(broker));
                }
                for (int i = 0; i < HALF_CONNECT; i++) {
                    idle.add(Peer.open(broker).send(half));
                }
                Probe.roundTrip(broker); // a normal client is served while 600 sockets hang

                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(8);
                for (Peer p : idle) {
                    long left = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
                    assertThat(p.awaitClosed(Duration.ofMillis(left))).isEmpty();
                }
                Probe.roundTrip(broker);
            } finally {
                idle.forEach(Peer::close);
            }
        }
    }

    /**
     * connect_timeout is documented as the time to send CONNECT, against slowloris: a client dripping one byte at
     * a time must not keep its half-open socket beyond it.
     */
    @Test
    void connectDrippedByteByByteIsClosedAfterConnectTimeout() {
        ScheduledExecutorService drip = Executors.newSingleThreadScheduledExecutor();
        try (BrokerUnderTest broker = BrokerUnderTest.start("connect_timeout 1");
             Peer slowloris = Peer.open(broker)) {
            byte[] connect = Wire.connect(Wire.V311, "slowloris-" + "x".repeat(40));
            AtomicInteger sent = new AtomicInteger();
            // one byte every 100 ms: the whole CONNECT takes about 6 s, far beyond the 1 s allowed
            drip.scheduleAtFixedRate(() -> {
                int i = sent.get();
                if (i < connect.length && slowloris.trySend(new byte[] {connect[i]})) {
                    sent.incrementAndGet();
                }
            }, 0, 100, TimeUnit.MILLISECONDS);

            String seen = slowloris.awaitClosed(Duration.ofMillis(3500));

            assertThat(seen).as("no CONNACK").isEmpty();
            assertThat(sent.get()).as("bytes of the CONNECT sent before the close").isLessThan(connect.length);
        } finally {
            drip.shutdownNow();
        }
    }
}
