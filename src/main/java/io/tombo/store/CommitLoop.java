package io.tombo.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code tombo-store} thread of {@link SqliteStore}: keeps the batches submitted in {@link NetChanges} for a
 * moment, hands the oldest to the {@link GroupWriter} thread as one commit group, and hands callbacks out once they
 * may run.
 *
 * <pre>
 *   submit() ──► queue ──► NetChanges ──(oldest batches, due)──► GroupWriter: write, COMMIT (retried)
 *                            │ a batch undone entirely:                  │ committed
 *                            ▼ its callback at once, unless its lane waits ▼
 *             afterCommit, in submission order per lane, one task per executor each time some are ready
 * </pre>
 *
 * A batch that only queues messages (a QoS 0/1 PUBLISH to persistent sessions), or that nobody waits for (a record:
 * a packet identifier, a delivered message), waits up to {@link #COMMIT_DELAY} before it is written; any other
 * batch with a callback (SUBACK, CONNACK, PUBREC, a QoS 2 PUBLISH or PUBREL to a subscriber) makes everything
 * submitted up to it due at once. Meanwhile the thread looks at what arrived every so often ({@link LookInterval}; and when
 * the writer is done), and a batch undone entirely (a message stored, delivered and acknowledged by its subscriber)
 * gets its callback, its publisher's PUBACK, at once: it depends on no write. So a message a connected subscriber
 * takes costs its publisher the subscriber's round trip and the store no SQL; one its subscriber does not take within
 * the delay (offline, or behind) is written and acknowledged after the commit.
 *
 * <p>The due batches go to the writer once it is done with the last group, so the next group gathers while one is
 * written (pipelined group commit), and groups grow with the load: the pages at the end of each table are written to
 * the WAL once per commit, not once per batch. A group is capped at {@link #MAX_BATCHES_PER_COMMIT} batches, which
 * keeps one transaction within the page cache; one whose changes all cancel out writes and commits nothing.
 *
 * <p>Callbacks bound for an executor (an event loop) leave in one task per executor each time some are ready, in
 * submission order: a task costs a queue node and perhaps a wake-up of the event loop, and a group holds hundreds of
 * PUBACKs for the same few loops.
 */
final class CommitLoop {
    static final int MAX_BATCHES_PER_COMMIT = 8192;
    /**
     * How long a batch that a connected subscriber's acknowledgement could still undo waits before it is written: one
     * acknowledged within it costs no SQL, and its publisher's PUBACK does not wait for it. Only what its subscriber
     * did not acknowledge within it waits for it (and what follows on the same connection, as PUBACKs keep their
     * order). Closed-loop durable QoS 1 on two cores wrote less than half as many changes at 2 ms as at 1 ms and
     * delivered more in three rounds of four; 3 ms gained nothing clear (BENCHMARKS.md, "Durable persistence").
     */
    static final Duration COMMIT_DELAY = Duration.ofMillis(2);

    private static final Logger LOG = LoggerFactory.getLogger(CommitLoop.class);
    private static final Batch STOP = new Batch(List.of(), null, null, null);

    /** Batches numbered below {@code end} came in at {@code nanos}. */
    private record Arrival(long end, long nanos) {
    }

    /**
     * One {@link #submit} with a callback; {@code afterCommit} is cleared once it has been handed out. Changes nobody
     * waits for are submitted bare ({@link #record}).
     */
    private static final class Batch {
        final List<Change> changes;
        /** Runs {@code afterCommit}; null: the store thread runs it. */
        final Executor where;
        /** Callbacks of one lane run in submission order; null: after the commit, always. */
        final Object lane;
        Runnable afterCommit;
        /** Its number in {@link NetChanges}. */
        long number;
        /** Taken for a commit: from then on whether it was {@link #undone} is fixed. */
        boolean taken;
        boolean undone;
        boolean committed;

        Batch(List<Change> changes, Executor where, Object lane, Runnable afterCommit) {
            this.changes = changes;
            this.where = where;
            this.lane = lane;
            this.afterCommit = afterCommit;
        }

        /**
         * Whether its callback waits for nothing that a delay could save: something of it is written whatever
         * follows (anything but QoS 1 queue entries of connected clients, which they may acknowledge first; a QoS 2
         * message leaves only once its packet identifier is committed), or it has no changes (it waits for what was
         * submitted before it, as a CONNACK on a session's deletion).
         */
        boolean urgent(Set<String> connected) {
            for (Change c : changes) {
                boolean spared = switch (c) {
                    case Change.EnqueueWithBody e -> e.qos() == 1 && connected.contains(e.clientId());
                    case Change.Enqueue e -> e.qos() == 1 && connected.contains(e.clientId());
                    case Change.PutMessage m -> true;
                    default -> false;
                };
                if (!spared) {
                    return true;
                }
            }
            return changes.isEmpty();
        }

        /**
         * Whether its callback may run (once those before it in its lane did): it is committed, or its changes were
         * all undone, so that nothing of it is written. A batch without changes waits for its commit.
         */
        boolean ready(NetChanges net) {
            return committed || !changes.isEmpty() && (taken ? undone : !net.writes(number));
        }
    }

    private final Path file;
    private final Thread thread;
    private final GroupWriter writer;
    /** {@link Batch}es, and what nobody waits for: a {@link Change} or a {@code List<Change>}. */
    private final Submissions<Object> queue;
    final AtomicLong committedBatches = new AtomicLong();
    final AtomicLong committedChanges = new AtomicLong();
    final AtomicLong cancelledChanges = new AtomicLong();
    final AtomicLong earlyCallbacks = new AtomicLong();

    // Store thread only.
    private final NetChanges net = new NetChanges();
    /** The batches with a callback in {@link #net}, in order. */
    private final ArrayDeque<Batch> waiting = new ArrayDeque<>();
    /** What each look took in: a delay counts from there (stamped once per look, not per batch on an event loop). */
    private final ArrayDeque<Arrival> arrivals = new ArrayDeque<>();
    /**
     * Clients connected as far as the changes say (a session stored with no disconnection time): only what is queued
     * for them may be acknowledged before it is written, so only that waits.
     */
    private final Set<String> connected = new HashSet<>();
    /** The last batch that makes everything up to it due at once; -1 for none. */
    private long lastUrgent = -1;
    /** The batches with a callback of the group the writer has. */
    private final List<Batch> writing = new ArrayList<>();
    private long handedOver;
    /** A group was handed to the writer and its callbacks have not run yet. */
    private boolean writingGroup;
    /** Per lane, the batches whose callbacks have not run, in submission order. */
    private final Map<Object, ArrayDeque<Batch>> lanes = new IdentityHashMap<>();
    private final Callbacks callbacks = new Callbacks();
    private boolean stopping;
    private final LookInterval looks = new LookInterval();
    private long lookInterval = LookInterval.MIN_NANOS;

    /** Takes over {@code db}, which must be in sqlite-jdbc's manual-commit mode, and starts the threads. */
    CommitLoop(Path file, Connection db, ChangeWriter changeWriter) {
        this.file = file;
        this.thread = Thread.ofPlatform().name("tombo-store").daemon().unstarted(this::run);
        this.queue = new Submissions<>(thread);
        this.writer = new GroupWriter(file, db, changeWriter, thread);
        thread.start();
    }

    void submit(List<Change> changes, Executor where, Object lane, Runnable afterCommit) {
        queue.add(new Batch(changes, where, lane, afterCommit));
    }

    /** Submits changes nobody waits for: no callback, no lane. */
    void record(List<Change> changes) {
        if (!changes.isEmpty()) {
            queue.add(changes.size() == 1 ? changes.getFirst() : changes);
        }
    }

    /**
     * Lets the threads commit what was submitted before, then close the connection; after {@code wait} they give up
     * on a commit that keeps failing. Returns once the thread has ended (or a second {@code wait} ran out).
     */
    void stop(Duration wait) {
        queue.add(STOP);
        if (Thread.currentThread() == thread) {
            return; // called from a callback: the loop ends after this group
        }
        try {
            thread.join(wait);
            if (thread.isAlive()) {
                LOG.error("{}: store thread did not finish within {}; dropping batches not committed", file, wait);
                thread.interrupt();
                thread.join(wait);
            }
        } catch (InterruptedException e) {
            thread.interrupt();
            Thread.currentThread().interrupt();
        }
    }

    /** Caps the database at {@code pages} pages from the next commit on (0: SQLite's default). */
    void maxPageCount(long pages) {
        writer.maxPageCount(pages);
    }

    long commits() {
        return writer.commits.get();
    }

    long commitFailures() {
        return writer.commitFailures.get();
    }

    private void run() {
        try {
            while (true) {
                boolean writerBusy = writer.done() != handedOver;
                if (!writerBusy && writingGroup) {
                    committed();
                }
                if (!writerBusy && isEmpty() && !stopping) {
                    queue.awaitNonEmpty(); // nothing under way: wait for work
                }
                gather();
                if (writer.gaveUp()) {
                    break;
                }
                if (!writerBusy && !writingGroup && !isEmpty()) {
                    long end = dueEnd(System.nanoTime());
                    if (end > net.firstBatch()) {
                        handOver(end);
                        continue;
                    }
                }
                if (stopping && !writingGroup && isEmpty()) {
                    break;
                }
                LockSupport.parkNanos(lookInterval); // the writer wakes it when done
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
            }
        } catch (InterruptedException e) {
            LOG.error("{}: store thread interrupted; {} batches and those queued behind them not committed", file,
                    net.nextBatch() - net.firstBatch() + writing.size());
            writer.interrupt();
        } finally {
            LOG.info("{}: {} commits of {} batches: {} changes written, {} cancelled within their group, {} callbacks"
                            + " run before their group's commit", file, commits(), committedBatches.get(),
                    committedChanges.get(), cancelledChanges.get(), earlyCallbacks.get());
            writer.close();
        }
    }

    /** Whether no batch waits. */
    private boolean isEmpty() {
        return net.firstBatch() == net.nextBatch();
    }

    /**
     * The number after the last batch due for a commit: everything when stopping, else up to the last urgent batch
     * or the last one that came in {@link #COMMIT_DELAY} ago, whichever is later; at most a full group.
     */
    private long dueEnd(long now) {
        long first = net.firstBatch();
        long end = stopping ? net.nextBatch() : Math.max(first, lastUrgent + 1);
        for (Arrival a : arrivals) {
            if (now - a.nanos() < COMMIT_DELAY.toNanos()) {
                break;
            }
            end = Math.max(end, a.end());
        }
        if (net.nextBatch() - first >= MAX_BATCHES_PER_COMMIT) {
            end = net.nextBatch(); // too many wait: a full group leaves
        }
        return Math.min(end, first + MAX_BATCHES_PER_COMMIT);
    }

    /** Adds what is waiting, then hands out the callbacks that no longer wait for a commit. */
    private void gather() {
        long before = net.nextBatch();
        queue.drainTo(this::add);
        long now = System.nanoTime();
        if (net.nextBatch() != before) {
            arrivals.add(new Arrival(net.nextBatch(), now));
        }
        lookInterval = looks.next(net.nextBatch() - before, now);
        net.drainUndone(this::undone);
        callbacks.handOver();
    }

    private void add(Object item) {
        if (stopping) {
            return; // submitted after close: dropped
        }
        switch (item) {
            case Batch batch when batch == STOP -> stopping = true; // identity
            case Batch batch -> {
                batch.number = net.add(batch.changes, batch);
                waiting.add(batch);
                batch.changes.forEach(this::noteConnection);
                if (batch.urgent(connected)) {
                    lastUrgent = batch.number;
                }
                if (batch.lane != null) {
                    lanes.computeIfAbsent(batch.lane, k -> new ArrayDeque<>()).add(batch);
                }
            }
            case Change change -> {
                net.add(change);
                noteConnection(change);
            }
            default -> {
                @SuppressWarnings("unchecked") // record() queues nothing else
                List<Change> changes = (List<Change>) item;
                net.add(changes, null);
                changes.forEach(this::noteConnection);
            }
        }
    }

    private void noteConnection(Change change) {
        switch (change) {
            case Change.PutSession c when c.disconnectedAtMillis() == 0 -> connected.add(c.clientId());
            case Change.PutSession c -> connected.remove(c.clientId());
            case Change.DeleteSession c -> connected.remove(c.clientId());
            default -> { }
        }
    }

    /**
     * Batch {@code number} was undone entirely: its callback, and those of its lane behind it that may run too, run
     * now, unless an earlier callback of the lane waits for a commit. Such a callback depends on no write: a commit
     * adds nothing to what it acknowledges, and its lane's order (PUBACKs in PUBLISH order, after CONNACK) is kept.
     */
    private void undone(long number) {
        Batch batch = (Batch) net.tag(number);
        if (batch.afterCommit != null && batch.lane != null) {
            release(batch.lane);
        }
    }

    /** Hands out the callbacks of {@code lane} that may run, in order, up to the first that waits. */
    private void release(Object lane) {
        ArrayDeque<Batch> queued = lanes.get(lane);
        while (!queued.isEmpty() && queued.peekFirst().ready(net)) {
            Batch batch = queued.pollFirst();
            if (!batch.committed) {
                earlyCallbacks.incrementAndGet(); // counted before it runs: it may run here
            }
            callbacks.add(batch);
        }
        if (queued.isEmpty()) {
            lanes.remove(lane);
        }
    }

    /** Hands the batches numbered below {@code end} to the writer as one group. */
    private void handOver(long end) throws InterruptedException {
        while (!waiting.isEmpty() && waiting.peekFirst().number < end) {
            Batch batch = waiting.pollFirst();
            batch.taken = true;
            batch.undone = !batch.changes.isEmpty() && !net.writes(batch.number);
            writing.add(batch);
        }
        while (!arrivals.isEmpty() && arrivals.peekFirst().end() <= end) {
            arrivals.pollFirst();
        }
        long batches = end - net.firstBatch();
        long changes = net.firstChange();
        List<Change> written = net.take(end);
        changes = net.firstChange() - changes;
        committedBatches.addAndGet(batches);
        committedChanges.addAndGet(written.size());
        cancelledChanges.addAndGet(changes - written.size());
        writingGroup = true;
        if (written.isEmpty()) {
            committed(); // nothing to write, and the group before it is committed
            return;
        }
        handedOver++;
        writer.write(written);
    }

    /** The group the writer had is committed: every callback of it not run yet runs, in submission order. */
    private void committed() {
        for (Batch batch : writing) {
            batch.committed = true;
        }
        for (Batch batch : writing) {
            if (batch.afterCommit == null) {
                continue;
            }
            if (batch.lane == null) {
                callbacks.add(batch);
            } else {
                release(batch.lane);
            }
        }
        callbacks.handOver();
        writing.clear();
        writingGroup = false;
    }

    private void run(Runnable callback) {
        try {
            callback.run();
        } catch (RuntimeException e) {
            LOG.error("{}: afterCommit callback failed", file, e);
        }
    }

    /**
     * Callbacks ready to run: those for the store thread run at once, the others are collected per executor and
     * leave in one task per executor at {@link #handOver()}.
     */
    private final class Callbacks {
        private final List<Executor> executors = new ArrayList<>(4);
        private final List<List<Runnable>> ready = new ArrayList<>(4);

        void add(Batch batch) {
            Runnable callback = batch.afterCommit;
            batch.afterCommit = null;
            if (batch.where == null) {
                run(callback);
                return;
            }
            int i = executors.indexOf(batch.where); // a handful of event loops: a list beats a map
            if (i < 0) {
                i = executors.size();
                executors.add(batch.where);
                ready.add(new ArrayList<>());
            }
            ready.get(i).add(callback);
        }

        void handOver() {
            for (int i = 0; i < executors.size(); i++) {
                List<Runnable> tasks = ready.get(i);
                try {
                    executors.get(i).execute(() -> tasks.forEach(CommitLoop.this::run));
                } catch (RuntimeException e) { // an event loop shut down: its connections are gone
                    LOG.warn("{}: {} callbacks not handed over: {}", file, tasks.size(), e.toString());
                }
            }
            executors.clear();
            ready.clear();
        }
    }
}
