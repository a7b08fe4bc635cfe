package io.tombo.store;

import io.tombo.codec.Properties;
import io.tombo.codec.QoS;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Commit throughput of {@link SqliteStore} under a broker-like load, for BENCHMARKS.md. Not a test: run it by hand.
 *
 * <pre>
 * mvn -o -q test-compile dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt
 * java -cp target/classes:target/test-classes:$(cat /tmp/cp.txt) io.tombo.store.SqliteStoreBenchmark \
 *      [rounds=5] [publishes per round=200000] [submitting threads=2] [normal|full] [dir=tmp]
 * </pre>
 *
 * Each publish is what a durable QoS 1 publish to one offline persistent subscriber costs: a batch of PutMessage +
 * Enqueue; with {@code cycle} also a later batch with its Dequeue. Each submitting thread has its own subscriber,
 * as event loops own their sessions.
 */
public final class SqliteStoreBenchmark {
    private static final byte[] PAYLOAD = new byte[100];

    private SqliteStoreBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int publishes = args.length > 1 ? Integer.parseInt(args[1]) : 200_000;
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        boolean fullSync = args.length > 3 && args[3].equals("full");
        boolean cycle = args.length > 4 && args[4].equals("cycle");
        Path dir = Files.createTempDirectory("tombo-bench");
        Path file = dir.resolve("tombo.db");
        try (SqliteStore store = new SqliteStore(file, fullSync)) {
            store.load();
            for (int t = 0; t < threads; t++) {
                StoreFixtures.applyAndWait(store, new Change.PutSession("subscriber-" + t, -1, 0, null));
            }
            long[] nextId = {1};
            for (int round = 1; round <= rounds; round++) {
                long changesBefore = store.committedChanges() + store.cancelledChanges();
                long commitsBefore = store.commits();
                long batchesBefore = store.committedBatches();
                long firstId = nextId[0];
                nextId[0] += (long) publishes * threads;
                CountDownLatch done = new CountDownLatch(threads);
                long start = System.nanoTime();
                List<Thread> producers = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    int thread = t;
                    producers.add(Thread.ofPlatform().start(() -> submit(store, "subscriber-" + thread,
                            firstId + (long) thread * publishes, publishes, cycle, done)));
                }
                if (!done.await(5, TimeUnit.MINUTES)) {
                    throw new IllegalStateException("not committed");
                }
                long nanos = System.nanoTime() - start;
                long changes = store.committedChanges() + store.cancelledChanges() - changesBefore;
                long commits = store.commits() - commitsBefore;
                long batches = store.committedBatches() - batchesBefore;
                System.out.printf("round %d (%s, %d threads%s): %,.0f changes/s, %,.0f batches/s, %,d commits,"
                                + " %.0f batches/commit, %s + -wal: %,d KiB%n",
                        round, fullSync ? "FULL" : "NORMAL", threads, cycle ? ", enqueue+dequeue" : "",
                        changes * 1e9 / nanos, batches * 1e9 / nanos, commits, (double) batches / commits,
                        file.getFileName(), (Files.size(file) + size(dir.resolve("tombo.db-wal"))) / 1024);
                for (Thread p : producers) {
                    p.join();
                }
            }
        }
    }

    private static void submit(Store store, String client, long firstId, int publishes, boolean cycle,
                               CountDownLatch done) {
        for (long id = firstId; id < firstId + publishes; id++) {
            StoredMessage m = new StoredMessage("sensors/" + (id % 100), QoS.AT_LEAST_ONCE, PAYLOAD,
                    Properties.EMPTY, 0, "publisher");
            store.apply(List.of(new Change.PutMessage(id, m), new Change.Enqueue(client, id, 1, false, List.of())),
                    null);
            if (cycle) {
                store.apply(List.of(new Change.Dequeue(client, id)), null);
            }
        }
        store.apply(List.of(), done::countDown);
    }

    private static long size(Path p) throws java.io.IOException {
        return Files.exists(p) ? Files.size(p) : 0;
    }
}
