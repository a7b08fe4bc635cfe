package io.tombo.it.persistence;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Bounded disk (issue 5): a steady QoS 1 load to an online persistent subscriber, in rounds. Delivered messages are
 * deleted, so the database holds less than half the payload bytes that passed through it (without the deletes it
 * would hold them all), and the WAL stays within its checkpoint interval (10,000 pages of 4 KiB, see Schema): 60,000
 * messages pass two or three checkpoints.
 * {@code -Ddisk.messages=M} sets the messages per round.
 */
class DiskBoundIT {
    static final int PER_ROUND = Integer.getInteger("disk.messages", 20_000);
    static final int ROUNDS = 3;
    static final int PAYLOAD_BYTES = 200;
    /** The WAL's bound: the checkpoint interval, plus the group being written when it is reached. */
    static final long WAL_BOUND = (10_000 + 2_000) * 4096L;

    @TempDir
    Path dir;

    private TomboProcess broker;

    @AfterEach
    void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void databaseAndWalDoNotGrowUnderASteadyLoad() throws Exception {
        broker = TomboProcess.configure(dir, KillAfterAcknowledgementIT.CONF).start();
        List<Long> sizes = new ArrayList<>();
        List<Long> wals = new ArrayList<>();
        try (Receiver sub = Receiver.persistent(broker.uri(), "steady")) {
            sub.subscribe("steady/t", 1);
            for (int round = 0; round < ROUNDS; round++) {
                long t0 = System.nanoTime();
                int offset = round * PER_ROUND;
                try (Load load = Load.start(broker.uri(), "pub", "steady/t", 1, PER_ROUND, 200, null, offset,
                        PAYLOAD_BYTES)) {
                    assertThat(load.awaitEnd(120)).isTrue();
                    assertThat(load.acknowledged()).as("round %d; %s", round, load.stoppedBy()).hasSize(PER_ROUND);
                }
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                        .until(() -> sub.received().size() == offset + PER_ROUND);
                long db = Files.size(broker.database());
                Path walFile = broker.database().resolveSibling("tombo.db-wal");
                long wal = Files.exists(walFile) ? Files.size(walFile) : 0;
                sizes.add(db);
                wals.add(wal);
                System.out.printf("round %d: %d QoS 1 messages of %d bytes in %d ms; tombo.db %d bytes, -wal %d bytes%n",
                        round + 1, PER_ROUND, PAYLOAD_BYTES, (System.nanoTime() - t0) / 1_000_000, db, wal);
            }
        }
        long passedThrough = (long) ROUNDS * PER_ROUND * PAYLOAD_BYTES;
        assertThat(sizes).as("database after each round; %d payload bytes passed through", passedThrough)
                .allMatch(size -> size <= passedThrough / 2);
        assertThat(wals).as("WAL after each round").allMatch(w -> w <= WAL_BOUND);
    }
}
