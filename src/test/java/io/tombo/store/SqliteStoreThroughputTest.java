package io.tombo.store;

import static io.tombo.store.StoreFixtures.applyAndWait;
import static io.tombo.store.StoreFixtures.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.tombo.codec.Properties;
import io.tombo.codec.QoS;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Prints how many changes per second the store commits when batches arrive as fast as a broker under load sends
 * them: one durable QoS 1 publish to one offline persistent subscriber is a batch of PutMessage + Enqueue, its
 * delivery later a batch of one Dequeue. Prints, never asserts a time: the figure belongs in BENCHMARKS.md, not in
 * a flaky build. {@link SqliteStoreBenchmark} measures longer, with warm-up, several threads and FULL sync.
 */
class SqliteStoreThroughputTest {
    private static final int PUBLISHES = 100_000;
    private static final byte[] PAYLOAD = new byte[100];

    @TempDir
    Path dir;

    @Test
    void enqueueThroughput() {
        measure(false, false);
    }

    @Test
    void enqueueAndDequeueThroughput() {
        measure(false, true);
    }

    private void measure(boolean fullSync, boolean dequeue) {
        try (SqliteStore store = new SqliteStore(dir.resolve("tombo.db"), fullSync)) {
            store.load();
            applyAndWait(store, new Change.PutSession("subscriber", -1, 0, null));
            CountDownLatch done = new CountDownLatch(1);
            long commitsBefore = store.commits();
            long changesBefore = store.committedChanges() + store.cancelledChanges();
            long start = System.nanoTime();
            for (int id = 1; id <= PUBLISHES; id++) {
                StoredMessage m = new StoredMessage("sensors/" + (id % 100), QoS.AT_LEAST_ONCE, PAYLOAD,
                        Properties.EMPTY, 0, "publisher-" + (id % 10));
                store.apply(List.of(new Change.PutMessage(id, m),
                        new Change.Enqueue("subscriber", id, 1, false, List.of())), null);
                if (dequeue) {
                    store.apply(List.of(new Change.Dequeue("subscriber", id)), null);
                }
            }
            store.apply(List.of(), done::countDown);
            long submitted = System.nanoTime();
            // a guard against a hang, not a time limit: on a starved CI machine 300,000 changes may take a while
            assertThat(awaitQuietly(done)).as("all committed within 5 minutes").isTrue();
            long end = System.nanoTime();

            long changes = store.committedChanges() + store.cancelledChanges() - changesBefore;
            long commits = store.commits() - commitsBefore;
            System.out.printf("SqliteStore %s%s: %,d changes (%,d cancelled within their group) in %,d ms = %,.0f changes/s committed"
                            + " (%,.0f batches/s), %,d commits, %.0f batches per commit, submit took %,d ms%n",
                    dequeue ? "PutMessage+Enqueue, Dequeue" : "PutMessage+Enqueue",
                    fullSync ? " (synchronous=FULL)" : " (synchronous=NORMAL)",
                    changes, store.cancelledChanges(), (end - start) / 1_000_000, changes * 1e9 / (end - start),
                    store.committedBatches() * 1e9 / (end - start), commits,
                    (double) (dequeue ? 2 * PUBLISHES : PUBLISHES) / commits, (submitted - start) / 1_000_000);
            assertThat(changes).isEqualTo(dequeue ? 3L * PUBLISHES : 2L * PUBLISHES);
        }
    }

    private static boolean awaitQuietly(CountDownLatch latch) {
        try {
            return latch.await(5, java.util.concurrent.TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
