package io.tombo.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code tombo-store} thread of {@link SqliteStore}: the only thread that writes, from its start until it closes
 * the connection.
 *
 * <pre>
 *   submit() ──► queue ──► take all waiting (≤ MAX_BATCHES_PER_COMMIT) ──► NetChanges ──► write ──► COMMIT
 *                                                             │                              │ fails: ROLLBACK,
 *                 batches the group undid entirely ◄──────────┘                              ▼   wait, again
 *                 (unless their lane has one waiting)                the other batches' afterCommit
 *                                     └── afterCommit in submission order, one task per executor ──┘
 * </pre>
 *
 * Larger groups are cheaper per change (the pages at the end of each table are written to the WAL once per
 * commit, not once per batch, and more of a message's changes cancel out in {@link NetChanges}); the cap keeps one
 * transaction within the page cache. A group whose changes all cancel out writes and commits nothing. Under load
 * (the last group held {@link #BUSY_GROUP} batches or more) a group is taken once its first batch is
 * {@link #COMMIT_DELAY} old, so that more messages are acknowledged by their subscriber before they are written.
 *
 * <p>Callbacks bound for an executor (an event loop) leave in one task per executor per group, in submission order:
 * a task costs a queue node and perhaps a wake-up of the event loop, and a group holds hundreds of PUBACKs for the
 * same few loops.
 */
final class CommitLoop {
    static final int MAX_BATCHES_PER_COMMIT = 8192;
    /** A group of at least this many batches means load: the next group waits for {@link #COMMIT_DELAY}. */
    static final int BUSY_GROUP = 64;
    /**
     * Under load, how old the first batch of a group is before the group is written, so that subscribers acknowledge
     * more of its messages first and they cancel out instead of being written and deleted. Every millisecond is
     * added to the publishers' PUBACK latency under load; at 1 ms, closed-loop durable QoS 1 cancelled about 64 % of
     * its changes instead of 54 %, and used a sixth less CPU per message. On a quiet machine 0.25 and 0.5 ms
     * delivered a little more than 1 ms and 2 ms clearly less (BENCHMARKS.md, "Durable persistence", run f).
     */
    static final Duration COMMIT_DELAY = Duration.ofNanos(500_000);
    static final Duration FIRST_RETRY = Duration.ofMillis(100);
    static final Duration LAST_RETRY = Duration.ofSeconds(5);

    private static final Logger LOG = LoggerFactory.getLogger(CommitLoop.class);
    private static final Batch STOP = new Batch(List.of(), null, null, null, 0);

    /**
     * @param where           runs {@code afterCommit}; null: the store thread runs it
     * @param lane            callbacks of one lane run in submission order; null: after the commit, always
     * @param submittedNanos  {@link System#nanoTime()} at submission
     */
    private record Batch(List<Change> changes, Executor where, Object lane, Runnable afterCommit,
                         long submittedNanos) {
    }

    private final Path file;
    private final Connection db;
    private ChangeWriter writer;
    private final BlockingQueue<Batch> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    final AtomicLong commits = new AtomicLong();
    final AtomicLong committedBatches = new AtomicLong();
    final AtomicLong committedChanges = new AtomicLong();
    final AtomicLong cancelledChanges = new AtomicLong();
    final AtomicLong earlyCallbacks = new AtomicLong();
    final AtomicLong commitFailures = new AtomicLong();
    private volatile long maxPageCount;
    private long appliedMaxPageCount;

    /** Takes over {@code db}, which must be in sqlite-jdbc's manual-commit mode, and starts the thread. */
    CommitLoop(Path file, Connection db, ChangeWriter writer) {
        this.file = file;
        this.db = db;
        this.writer = writer;
        this.thread = Thread.ofPlatform().name("tombo-store").daemon().start(this::run);
    }

    void submit(List<Change> changes, Executor where, Object lane, Runnable afterCommit) {
        queue.add(new Batch(changes, where, lane, afterCommit, System.nanoTime()));
    }

    /**
     * Lets the thread commit what was submitted before, then close the connection; after {@code wait} it gives up
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
        maxPageCount = pages;
    }

    private void run() {
        List<Batch> group = new ArrayList<>();
        try {
            boolean stopping = false;
            while (!stopping) {
                boolean busy = group.size() >= BUSY_GROUP;
                group.clear();
                nextGroup(group, busy);
                int stop = indexOfStop(group);
                stopping = stop >= 0;
                if (stopping) {
                    group.subList(stop, group.size()).clear();
                }
                if (group.isEmpty()) {
                    continue;
                }
                NetChanges net = NetChanges.of(changesOf(group));
                List<Batch> late = runThoseNotWaiting(group, net);
                if (!commitWithRetry(group, net)) {
                    break; // interrupted while retrying: stop() gave up waiting
                }
                runCallbacks(late);
            }
        } catch (InterruptedException e) {
            LOG.error("{}: store thread interrupted; {} batches not committed", file, queue.size());
        } finally {
            shutDown();
        }
    }

    /**
     * Moves the next batches to commit into {@code group}, in submission order, waiting for the first. Under load
     * ({@code busy}) the group is taken once its first batch is {@link #COMMIT_DELAY} old: PostgreSQL's
     * {@code commit_delay}, which also waits only when other transactions are active. At a low rate groups are small
     * and nothing waits.
     */
    private void nextGroup(List<Batch> group, boolean busy) throws InterruptedException {
        Batch first = queue.take();
        group.add(first);
        if (busy && first != STOP) {
            long wait = first.submittedNanos() + COMMIT_DELAY.toNanos() - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
        }
        queue.drainTo(group, MAX_BATCHES_PER_COMMIT - 1);
    }

    private static List<List<Change>> changesOf(List<Batch> group) {
        List<List<Change>> changes = new ArrayList<>(group.size());
        for (Batch batch : group) {
            changes.add(batch.changes());
        }
        return changes;
    }

    private static int indexOfStop(List<Batch> group) {
        for (int i = 0; i < group.size(); i++) {
            if (group.get(i) == STOP) { // identity: a Batch's equals would compare whole change lists
                return i;
            }
        }
        return -1;
    }

    /** Returns false only when interrupted before the group could be committed. */
    private boolean commitWithRetry(List<Batch> group, NetChanges net) {
        long backoffNanos = FIRST_RETRY.toNanos();
        while (true) {
            try {
                commit(group, net);
                return true;
            } catch (SQLException | RuntimeException e) {
                commitFailures.incrementAndGet();
                rollback();
                prepareAgain();
                LOG.error("{}: commit of {} batches failed, retrying in {} ms; nothing is acknowledged meanwhile",
                        file, group.size(), TimeUnit.NANOSECONDS.toMillis(backoffNanos), e);
            }
            LockSupport.parkNanos(backoffNanos);
            if (Thread.interrupted()) {
                LOG.error("{}: gave up retrying at close; {} batches not committed", file, group.size());
                return false;
            }
            backoffNanos = Math.min(backoffNanos * 2, LAST_RETRY.toNanos());
        }
    }

    private void commit(List<Batch> group, NetChanges net) throws SQLException {
        int changes = 0;
        for (Batch batch : group) {
            changes += batch.changes().size();
        }
        List<Change> written = net.changes();
        if (!written.isEmpty()) {
            applyPageLimit();
            for (Change change : written) {
                writer.write(change);
            }
            db.commit(); // sqlite-jdbc then begins the next transaction (deferred: no lock until the first write)
            commits.incrementAndGet();
        }
        committedBatches.addAndGet(group.size());
        committedChanges.addAndGet(written.size());
        cancelledChanges.addAndGet(changes - written.size());
    }

    /**
     * Runs at once the callbacks of batches whose changes the group undid (a message delivered and acknowledged
     * within the group: its publisher's PUBACK) unless an earlier batch of the same lane waits for the commit; returns
     * the batches whose callbacks wait for it, in order. Such a callback depends on no write: the commit adds nothing
     * to what it acknowledges, and its lane's order (PUBACKs in PUBLISH order, after CONNACK) is kept. A batch without
     * changes waits: its callback may count on the batches submitted before it, as a CONNACK on a session's deletion.
     */
    private List<Batch> runThoseNotWaiting(List<Batch> group, NetChanges net) {
        List<Batch> now = new ArrayList<>();
        List<Batch> late = new ArrayList<>();
        Set<Object> waitingLanes = Collections.newSetFromMap(new IdentityHashMap<>());
        for (int i = 0; i < group.size(); i++) {
            Batch batch = group.get(i);
            if (batch.afterCommit() == null) {
                continue;
            }
            boolean undone = !batch.changes().isEmpty() && !net.writes(i); // an empty batch keeps the global order
            if (batch.lane() != null && undone && !waitingLanes.contains(batch.lane())) {
                now.add(batch);
            } else {
                late.add(batch);
                if (batch.lane() != null) {
                    waitingLanes.add(batch.lane());
                }
            }
        }
        earlyCallbacks.addAndGet(now.size());
        runCallbacks(now);
        return late;
    }

    private void applyPageLimit() throws SQLException {
        long pages = maxPageCount;
        if (pages != appliedMaxPageCount) {
            try (Statement s = db.createStatement()) {
                s.execute("PRAGMA max_page_count = " + pages);
            }
            appliedMaxPageCount = pages;
        }
    }

    /**
     * Rolls back and opens the next transaction by hand. SQLite may have rolled back already (it does on some
     * full-disk and I/O errors); sqlite-jdbc's rollback() would then fail before its BEGIN and leave the connection
     * committing statement by statement, which would break a group's atomicity.
     */
    private void rollback() {
        try (Statement s = db.createStatement()) {
            try {
                s.execute("ROLLBACK");
            } catch (SQLException e) {
                LOG.debug("{}: rollback: {}", file, e.getMessage());
            }
            s.execute("BEGIN");
        } catch (SQLException e) {
            LOG.error("{}: cannot begin a transaction", file, e);
        }
    }

    /** sqlite-jdbc finalizes a statement that failed with an I/O or full-disk error: prepare them all again. */
    private void prepareAgain() {
        writer.close();
        try {
            writer = new ChangeWriter(db);
        } catch (SQLException e) {
            LOG.error("{}: cannot prepare statements; the next attempt tries again", file, e);
        }
    }

    private void runCallbacks(List<Batch> group) {
        List<Executor> executors = new ArrayList<>(4);
        List<List<Runnable>> handedOver = new ArrayList<>(4);
        for (Batch batch : group) {
            if (batch.afterCommit() == null) {
                continue;
            }
            if (batch.where() == null) {
                run(batch.afterCommit());
                continue;
            }
            int i = executors.indexOf(batch.where()); // a handful of event loops: a list beats a map
            if (i < 0) {
                i = executors.size();
                executors.add(batch.where());
                handedOver.add(new ArrayList<>());
            }
            handedOver.get(i).add(batch.afterCommit());
        }
        for (int i = 0; i < executors.size(); i++) {
            List<Runnable> callbacks = handedOver.get(i);
            try {
                executors.get(i).execute(() -> callbacks.forEach(this::run));
            } catch (RuntimeException e) { // an event loop shut down: its connections are gone
                LOG.warn("{}: {} callbacks not handed over: {}", file, callbacks.size(), e.toString());
            }
        }
    }

    private void run(Runnable callback) {
        try {
            callback.run();
        } catch (RuntimeException e) {
            LOG.error("{}: afterCommit callback failed", file, e);
        }
    }

    /** Gives freed pages back, folds the WAL into the database and closes the connection. */
    private void shutDown() {
        LOG.info("{}: {} commits of {} batches: {} changes written, {} cancelled within their group, {} callbacks"
                        + " run before their group's commit", file, commits.get(), committedBatches.get(),
                committedChanges.get(), cancelledChanges.get(), earlyCallbacks.get());
        try (Statement s = db.createStatement()) {
            db.commit(); // nothing pending: every failed attempt was rolled back
            s.executeUpdate("PRAGMA incremental_vacuum"); // executeUpdate steps to the end; execute() frees a page
            db.setAutoCommit(true); // a checkpoint cannot run inside a transaction
            s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
        } catch (SQLException e) {
            LOG.warn("{}: final checkpoint failed; SQLite replays the WAL at the next start", file, e);
        }
        writer.close();
        try {
            db.close();
        } catch (SQLException e) {
            LOG.warn("{}: close failed", file, e);
        }
    }
}
