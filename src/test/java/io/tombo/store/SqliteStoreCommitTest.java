package io.tombo.store;

import static io.tombo.store.StoreFixtures.TIMEOUT_SECONDS;
import static io.tombo.store.StoreFixtures.applyAndWait;
import static io.tombo.store.StoreFixtures.await;
import static io.tombo.store.StoreFixtures.count;
import static io.tombo.store.StoreFixtures.holdStoreThread;
import static io.tombo.store.StoreFixtures.message;
import static io.tombo.store.StoreFixtures.reopen;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store thread: group commit, callback order, close, and what a failed commit does. */
class SqliteStoreCommitTest {
    @TempDir
    Path dir;

    private Path file() {
        return dir.resolve("tombo.db");
    }

    @Test
    void batchesWaitingTogetherCommitInOneTransactionAndCallBackInSubmissionOrder() {
        try (SqliteStore store = new SqliteStore(file(), false)) {
            store.load();
            CountDownLatch gate = holdStoreThread(store);
            List<Integer> order = Collections.synchronizedList(new ArrayList<>());
            CountDownLatch all = new CountDownLatch(1000);
            for (int i = 0; i < 1000; i++) {
                int n = i;
                store.apply(List.of(new Change.PutRetained(message("t/" + i, "m"))), () -> {
                    order.add(n);
                    all.countDown();
                });
            }
            long commitsBefore = store.commits();

            gate.countDown();
            await(all);

            assertThat(store.commits() - commitsBefore).isEqualTo(1);
            assertThat(order).isSorted().hasSize(1000);
            assertThat(store.committedBatches()).isEqualTo(1001);
        }
        assertThat(reopen(file()).retained()).hasSize(1000);
    }

    @Test
    void laterBatchesOverwriteEarlierOnesInSubmissionOrder() {
        try (SqliteStore store = new SqliteStore(file(), false)) {
            store.load();
            for (int i = 0; i < 500; i++) {
                store.apply(List.of(new Change.PutRetained(message("same", "v" + i))), null);
                store.apply(List.of(new Change.DeleteRetained("same")), null);
            }
            store.apply(List.of(new Change.PutRetained(message("same", "last"))), null);
            applyAndWait(store);
        }
        assertThat(reopen(file()).retained()).usingRecursiveFieldByFieldElementComparator()
                .containsExactly(message("same", "last"));
    }

    @Test
    void closeCommitsWhatIsQueued() throws InterruptedException {
        SqliteStore store = new SqliteStore(file(), false);
        store.load();
        CountDownLatch gate = holdStoreThread(store);
        CountDownLatch callbacks = new CountDownLatch(100);
        for (int i = 0; i < 100; i++) {
            store.apply(List.of(new Change.PutRetained(message("t/" + i, "m"))), callbacks::countDown);
        }
        Thread closer = Thread.ofPlatform().start(store::close);

        await().atMost(Duration.ofSeconds(TIMEOUT_SECONDS)).until(() -> closer.getState() == Thread.State.TIMED_WAITING);
        assertThat(callbacks.getCount()).isEqualTo(100);
        gate.countDown();
        closer.join(Duration.ofSeconds(TIMEOUT_SECONDS));

        assertThat(closer.isAlive()).isFalse();
        assertThat(callbacks.getCount()).isZero();
        assertThat(reopen(file()).retained()).hasSize(100);
    }

    @Test
    void callbacksRunOnTheStoreThread() {
        try (SqliteStore store = new SqliteStore(file(), false)) {
            store.load();
            List<String> threads = Collections.synchronizedList(new ArrayList<>());
            CountDownLatch done = new CountDownLatch(1);
            store.apply(List.of(new Change.DeleteRetained("t")), () -> {
                threads.add(Thread.currentThread().getName());
                done.countDown();
            });
            await(done);
            assertThat(threads).containsExactly("tombo-store");
        }
    }

    @Test
    void closeFromACallbackDoesNotWaitForItself() {
        SqliteStore store = new SqliteStore(file(), false);
        store.load();
        CountDownLatch closed = new CountDownLatch(1);
        store.apply(List.of(new Change.PutRetained(message("t", "m"))), () -> {
            store.close();
            closed.countDown();
        });
        await(closed);
        store.close();
        assertThat(reopen(file()).retained()).hasSize(1);
    }

    @Test
    void failingCallbackDoesNotStopTheOthers() {
        try (SqliteStore store = new SqliteStore(file(), false)) {
            store.load();
            store.apply(List.of(), () -> {
                throw new IllegalStateException("broker bug");
            });
            applyAndWait(store, new Change.PutRetained(message("t", "m")));
        }
    }

    @Test
    void fullDiskHoldsCallbacksBackUntilTheCommitSucceeds() {
        try (SqliteStore store = new SqliteStore(file(), false)) {
            store.load();
            applyAndWait(store, new Change.PutSession("c", 60, 0, null));
            store.maxPageCount(1); // SQLite raises it to the pages in use: not one more fits
            CountDownLatch big = new CountDownLatch(1);
            CountDownLatch small = new CountDownLatch(1);
            store.apply(List.of(new Change.PutMessage(1, message("t", "x".repeat(200_000))),
                    new Change.Enqueue("c", 1, 1, false, List.of())), big::countDown);
            store.apply(List.of(new Change.PutRetained(message("r", "after"))), small::countDown);

            await().atMost(Duration.ofSeconds(TIMEOUT_SECONDS)).until(() -> store.commitFailures() >= 2);
            assertThat(big.getCount()).as("big batch acknowledged on a full disk").isOne();
            assertThat(small.getCount()).as("later batch acknowledged before an earlier one").isOne();

            store.maxPageCount(1_000_000);
            await(big);
            await(small);
        }
        Snapshot snapshot = reopen(file());
        assertThat(snapshot.sessions().get(0).entries()).hasSize(1);
        assertThat(snapshot.retained()).hasSize(1);
    }

    @Test
    void closeGivesUpOnACommitThatKeepsFailing() {
        SqliteStore store = new SqliteStore(file(), false);
        store.load();
        applyAndWait(store, new Change.PutSession("c", 60, 0, null));
        store.maxPageCount(1);
        CountDownLatch never = new CountDownLatch(1);
        store.apply(List.of(new Change.PutMessage(1, message("t", "x".repeat(200_000)))), never::countDown);
        await().atMost(Duration.ofSeconds(TIMEOUT_SECONDS)).until(() -> store.commitFailures() >= 1);
        store.closeWait(Duration.ofMillis(300));

        store.close();

        assertThat(never.getCount()).isOne();
        assertThat(reopen(file()).lastMessageId()).isZero();
    }

    /**
     * A message stored, delivered and acknowledged while the store thread was busy: its changes cancel out, the group
     * writes nothing, and its callbacks still run, in order, once the group is through.
     */
    @Test
    void messageStoredAndDeletedWithinOneGroupWritesNothingAndIsCalledBack() {
        try (SqliteStore store = new SqliteStore(file(), false)) {
            store.load();
            applyAndWait(store, new Change.PutSession("sub", -1, 0, null));
            CountDownLatch gate = holdStoreThread(store);
            List<String> order = Collections.synchronizedList(new ArrayList<>());
            CountDownLatch all = new CountDownLatch(2);
            store.apply(List.of(new Change.EnqueueWithBody("sub", 1, message("t", "m"), 1, false, List.of())), () -> {
                order.add("puback");
                all.countDown();
            });
            store.apply(List.of(new Change.Dequeue("sub", 1)), () -> {
                order.add("dequeued");
                all.countDown();
            });
            long commits = store.commits();
            long written = store.committedChanges();

            gate.countDown();
            await(all);

            assertThat(order).containsExactly("puback", "dequeued");
            assertThat(store.commits()).as("nothing left to commit").isEqualTo(commits);
            assertThat(store.committedChanges()).isEqualTo(written);
            assertThat(store.cancelledChanges()).isEqualTo(2);
        }
        assertThat(count(file(), "queue")).isZero();
        assertThat(reopen(file()).sessions().get(0).entries()).isEmpty();
    }

    /**
     * A PUBACK whose message was delivered and acknowledged within the group depends on no write: it runs before the
     * group's commit, unless an earlier callback of its lane (its connection) waits for the commit.
     */
    @Test
    void callbackOfABatchTheGroupUndidRunsBeforeTheCommitUnlessItsLaneWaits() {
        try (SqliteStore store = new SqliteStore(file(), false)) {
            store.load();
            applyAndWait(store, new Change.PutSession("s", -1, 0, null));
            CountDownLatch gate = holdStoreThread(store);
            long before = store.commits();
            Map<String, Long> commitsSeen = Collections.synchronizedMap(new LinkedHashMap<>());
            CountDownLatch all = new CountDownLatch(4);
            Object laneA = new Object();
            Object laneB = new Object(); // lanes are told apart by identity, as connections
            BiConsumer<String, List<Change>> apply = (name, changes) -> store.apply(changes, null,
                    name.startsWith("A") ? laneA : laneB, () -> {
                        commitsSeen.put(name, store.commits());
                        all.countDown();
                    });
            apply.accept("A1", List.of(new Change.PutRetained(message("r", "kept"))));
            apply.accept("A2", List.of(new Change.EnqueueWithBody("s", 1, message("t", "1"), 1, false, List.of())));
            apply.accept("B1", List.of(new Change.EnqueueWithBody("s", 2, message("t", "2"), 1, false, List.of())));
            store.apply(List.of(new Change.Dequeue("s", 1)), null);
            store.apply(List.of(new Change.Dequeue("s", 2)), null);
            apply.accept("B2", List.of()); // no changes: waits for what was submitted before it

            gate.countDown();
            await(all);

            assertThat(commitsSeen).containsExactly(Map.entry("B1", before), Map.entry("A1", before + 1),
                    Map.entry("A2", before + 1), Map.entry("B2", before + 1));
            assertThat(store.earlyCallbacks()).isEqualTo(1);
        }
        assertThat(count(file(), "queue")).isZero();
        assertThat(count(file(), "retained")).isOne();
    }

    /** Callbacks bound for an executor reach it in one task per commit, in submission order. */
    @Test
    void callbacksForAnExecutorLeaveInOneTaskPerCommit() {
        try (SqliteStore store = new SqliteStore(file(), false)) {
            store.load();
            CountDownLatch gate = holdStoreThread(store);
            List<Runnable> tasks = Collections.synchronizedList(new ArrayList<>());
            Executor loop = tasks::add;
            List<Integer> order = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                int n = i;
                store.apply(List.of(new Change.PutRetained(message("t/" + i, "m"))), loop, "lane", () -> order.add(n));
            }

            gate.countDown();
            await().atMost(Duration.ofSeconds(TIMEOUT_SECONDS)).until(() -> !tasks.isEmpty());

            assertThat(tasks).hasSize(1);
            tasks.get(0).run();
            assertThat(order).hasSize(100).isSorted();
        }
    }

    /**
     * A QoS 1 entry sent and acknowledged while it waits to be written: the publisher's callback runs without a
     * commit and nothing is written.
     */
    @Test
    void entryAcknowledgedWhileItWaitsIsNeverWrittenAndItsCallbackRunsWithoutACommit() {
        try (SqliteStore store = new SqliteStore(file(), false)) {
            store.load();
            applyAndWait(store, new Change.PutSession("sub", -1, 0, null));
            long commits = store.commits();
            CountDownLatch puback = new CountDownLatch(1);
            CountDownLatch gate = holdStoreThread(store);
            store.apply(List.of(new Change.EnqueueWithBody("sub", 1, message("t", "m"), 1, false, List.of())), null,
                    "publisher", puback::countDown);
            store.apply(List.of(new Change.MarkSent("sub", 1, 7)), null);
            store.apply(List.of(new Change.Dequeue("sub", 1)), null);

            gate.countDown();
            await(puback);

            assertThat(store.commits()).isEqualTo(commits);
            assertThat(store.earlyCallbacks()).isOne();
        }
        assertThat(count(file(), "queue")).isZero();
    }

    /** The packet identifier of an entry sent while it waited is in its row once written. */
    @Test
    void entrySentWhileItWaitsIsWrittenWithItsPacketIdentifier() {
        try (SqliteStore store = new SqliteStore(file(), false)) {
            store.load();
            applyAndWait(store, new Change.PutSession("sub", -1, 0, null));
            CountDownLatch gate = holdStoreThread(store);
            store.apply(List.of(new Change.EnqueueWithBody("sub", 1, message("t", "m"), 1, false, List.of())), null);
            store.apply(List.of(new Change.MarkSent("sub", 1, 7)), null);
            gate.countDown();
        }
        assertThat(reopen(file()).sessions().get(0).entries()).singleElement()
                .satisfies(e -> assertThat(e.packetId()).isEqualTo(7));
    }

    /**
     * A batch that only queues messages may wait for its subscriber; one whose callback waits for something no
     * acknowledgement can undo (a retained message, a SUBACK) is written at once, with everything submitted before it.
     */
    @Test
    void callbackThatNoAcknowledgementCanSpareMakesEverythingBeforeItDueAtOnce() {
        try (SqliteStore store = new SqliteStore(file(), false)) {
            store.load();
            applyAndWait(store, new Change.PutSession("sub", -1, 0, null));
            List<Long> queueRowsSeen = Collections.synchronizedList(new ArrayList<>());
            CountDownLatch retained = new CountDownLatch(1);
            store.apply(List.of(new Change.EnqueueWithBody("sub", 1, message("t", "m"), 1, false, List.of())), null);
            store.apply(List.of(new Change.PutRetained(message("r", "m"))), () -> {
                queueRowsSeen.add(count(file(), "queue"));
                retained.countDown();
            });

            await(retained);

            assertThat(queueRowsSeen).containsExactly(1L);
        }
    }

    /** Entries still waiting for their subscriber when the broker stops are written before the file closes. */
    @Test
    void closeWritesWhatIsStillWaiting() {
        try (SqliteStore store = new SqliteStore(file(), false)) {
            store.load();
            applyAndWait(store, new Change.PutSession("sub", -1, 0, null));
            for (int i = 1; i <= 100; i++) {
                store.apply(List.of(new Change.EnqueueWithBody("sub", i, message("t", "m" + i), 1, false, List.of())),
                        null);
            }
        }
        assertThat(reopen(file()).sessions().get(0).entries()).hasSize(100);
    }

    /** With nothing else to write, an entry nobody waits for is written once its delay has passed. */
    @Test
    void entryNobodyAcknowledgesIsWrittenAfterItsDelay() {
        try (SqliteStore store = new SqliteStore(file(), false)) {
            store.load();
            applyAndWait(store, new Change.PutSession("sub", -1, 0, null));
            store.apply(List.of(new Change.EnqueueWithBody("sub", 1, message("t", "m"), 1, false, List.of())), null);

            await().atMost(Duration.ofSeconds(TIMEOUT_SECONDS)).until(() -> count(file(), "queue") == 1);
        }
    }

    /**
     * Submits {@code batch} with a callback and, behind it, an entry of a connected client nobody waits for, both
     * taken in at once; returns how many changes the commit that called the callback back held (counted on the store
     * thread, where the callback runs, so no later group interferes).
     */
    private static long changesCommittedWith(SqliteStore store, Change candidate) {
        applyAndWait(store, new Change.PutSession("other", -1, 0, null));
        long before = store.committedChanges();
        List<Long> committed = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch called = new CountDownLatch(1);
        CountDownLatch gate = holdStoreThread(store);
        store.apply(List.of(candidate), null, "publisher", () -> {
            committed.add(store.committedChanges() - before);
            called.countDown();
        });
        store.apply(List.of(new Change.EnqueueWithBody("other", 99, message("t", "m"), 1, false, List.of())), null);
        gate.countDown();
        await(called);
        return committed.getFirst();
    }

    /** A QoS 1 message for a connected client waits for its acknowledgement, and what follows it waits with it. */
    @Test
    void entryOfAConnectedClientWaits() {
        try (SqliteStore store = new SqliteStore(file(), false)) {
            store.load();
            applyAndWait(store, new Change.PutSession("online", -1, 0, null));

            assertThat(changesCommittedWith(store,
                    new Change.EnqueueWithBody("online", 1, message("t", "m"), 1, false, List.of()))).isEqualTo(2);
        }
    }

    /** A message queued for a client that is not connected cannot be acknowledged before it is written. */
    @Test
    void entryOfADisconnectedClientIsWrittenAtOnce() {
        try (SqliteStore store = new SqliteStore(file(), false)) {
            store.load();
            applyAndWait(store, new Change.PutSession("gone", -1, 0, null));
            applyAndWait(store, new Change.PutSession("gone", -1, 1_000, null));

            assertThat(changesCommittedWith(store,
                    new Change.EnqueueWithBody("gone", 1, message("t", "m"), 1, false, List.of()))).isOne();
        }
    }

    /** A QoS 2 message leaves for its subscriber only once its entry is committed: nothing can undo it before. */
    @Test
    void qos2EntryIsWrittenAtOnceEvenForAConnectedClient() {
        try (SqliteStore store = new SqliteStore(file(), false)) {
            store.load();
            applyAndWait(store, new Change.PutSession("online", -1, 0, null));

            assertThat(changesCommittedWith(store,
                    new Change.EnqueueWithBody("online", 1, message("t", "m"), 2, false, List.of()))).isOne();
        }
    }
}
