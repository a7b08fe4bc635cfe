package io.tombo.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;

/**
 * Mosquitto's {@code persistence true}, done so that what the broker acknowledged is on disk: an embedded SQLite
 * database in WAL mode, written by one thread with group commit.
 *
 * <p><b>Threading.</b> The constructor and {@link #load()} use the connection on the caller's thread, before the
 * first {@link #apply}; from then on only the {@code tombo-store} thread touches it (the queue hand-off orders the
 * two). {@code apply} only offers the batch to an unbounded queue. The store thread takes every batch waiting (up
 * to {@link #MAX_BATCHES_PER_COMMIT}), writes them in submission order in one transaction, commits, then runs their
 * {@code afterCommit} callbacks in submission order.
 *
 * <p><b>Durability.</b> {@code fullSync false} is {@code synchronous=NORMAL}: a commit is in the WAL when its
 * callbacks run, which survives {@code kill -9} but maybe not a power loss; {@code fullSync true} is
 * {@code synchronous=FULL}, which fsyncs the WAL on every commit.
 *
 * <p><b>Failure.</b> A commit that fails (disk full, I/O error) is rolled back, logged, counted
 * ({@link #commitFailures()}) and retried with back-off from {@link #FIRST_RETRY} doubling to {@link #LAST_RETRY};
 * no callback runs until its batch is committed, so the broker stops acknowledging instead of pretending. Later
 * batches wait behind it.
 */
public final class SqliteStore implements Store {
    static final int MAX_BATCHES_PER_COMMIT = 8192;
    static final Duration FIRST_RETRY = Duration.ofMillis(100);
    static final Duration LAST_RETRY = Duration.ofSeconds(5);
    static final Duration CLOSE_WAIT = Duration.ofSeconds(5);
    private static final int BUSY_TIMEOUT_MILLIS = 5000;

    private static final Logger LOG = LoggerFactory.getLogger(SqliteStore.class);
    private static final Batch STOP = new Batch(List.of(), null);

    private record Batch(List<Change> changes, Runnable afterCommit) {
    }

    private final Path file;
    private final InstantSource clock;
    private final Connection db;
    private ChangeWriter writer;
    private final BlockingQueue<Batch> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicLong commits = new AtomicLong();
    private final AtomicLong committedBatches = new AtomicLong();
    private final AtomicLong committedChanges = new AtomicLong();
    private final AtomicLong commitFailures = new AtomicLong();
    private volatile long maxPageCount;
    private long appliedMaxPageCount;
    private volatile Duration closeWait = CLOSE_WAIT;

    /**
     * Opens or creates the database {@code file}.
     *
     * @param fullSync {@code persistence_sync full}: survive a power loss, not only a process crash
     * @throws IllegalStateException naming the file when it is not a Tombo database, is corrupt, comes from a newer
     *                               Tombo or cannot be opened; such a file is left as it is
     */
    public SqliteStore(Path file, boolean fullSync) {
        this(file, fullSync, InstantSource.system());
    }

    /** @param clock what "now" is when {@link #load()} drops expired retained messages */
    SqliteStore(Path file, boolean fullSync, InstantSource clock) {
        this.file = Objects.requireNonNull(file, "file");
        this.clock = clock;
        Schema.checkHeader(file);
        this.db = open(file, fullSync);
        try {
            this.writer = new ChangeWriter(db);
            // sqlite-jdbc in auto-commit mode runs BEGIN and COMMIT probes after every statement; off, it keeps
            // a transaction open and begins the next one at each commit().
            db.setAutoCommit(false);
        } catch (SQLException e) {
            closeQuietly();
            throw new IllegalStateException("Cannot prepare " + file + ": " + e.getMessage(), e);
        }
        this.thread = Thread.ofPlatform().name("tombo-store").daemon().unstarted(this::run);
        thread.start();
    }

    private static Connection open(Path file, boolean fullSync) {
        SQLiteConfig config = new SQLiteConfig();
        config.setBusyTimeout(BUSY_TIMEOUT_MILLIS);
        config.setGetGeneratedKeys(false);
        Connection db;
        try {
            db = config.createConnection("jdbc:sqlite:" + file.toAbsolutePath());
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot open " + file + ": " + e.getMessage(), e);
        }
        try {
            Schema.prepare(db, file, fullSync);
            return db;
        } catch (SQLException | RuntimeException e) {
            try {
                db.close();
            } catch (SQLException ignored) {
                // the refusal below says what matters
            }
            throw e instanceof IllegalStateException ise ? ise
                    : new IllegalStateException("Cannot open " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public boolean durable() {
        return true;
    }

    /** @throws IllegalStateException once the store is closed */
    @Override
    public void apply(List<Change> changes, Runnable afterCommit) {
        Objects.requireNonNull(changes, "changes");
        if (closed.get()) {
            throw new IllegalStateException("store " + file + " is closed");
        }
        queue.add(new Batch(changes, afterCommit));
    }

    /**
     * Reads the whole database. Before reading, drops what nothing can reach any more: retained messages past
     * their expiry, rows of sessions that were never stored, messages no queue row refers to.
     */
    @Override
    public Snapshot load() {
        try {
            collectGarbage();
            return new SnapshotReader(db, clock.millis()).read();
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private void collectGarbage() throws SQLException {
        try (Statement s = db.createStatement()) {
            s.executeUpdate("DELETE FROM retained WHERE expires_at <> 0 AND expires_at <= " + clock.millis());
            for (String table : List.of("subscriptions", "queue", "awaiting_release")) {
                int orphans = s.executeUpdate("DELETE FROM " + table
                        + " WHERE client_id NOT IN (SELECT client_id FROM sessions)");
                if (orphans > 0) {
                    LOG.warn("{}: dropped {} {} rows of sessions that were never stored", file, orphans, table);
                }
            }
            s.executeUpdate("DELETE FROM messages WHERE id NOT IN (SELECT message_id FROM queue)");
        }
        db.commit();
    }

    /**
     * Commits what is queued (waiting at most {@link #CLOSE_WAIT}), stops the store thread and closes the database.
     * Batches still not committed then are dropped without their callbacks: they were never acknowledged.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        queue.add(STOP);
        try {
            thread.join(closeWait);
            if (thread.isAlive()) {
                LOG.error("{}: store thread did not finish within {}; dropping batches not committed",
                        file, closeWait);
                thread.interrupt();
                thread.join(CLOSE_WAIT);
            }
        } catch (InterruptedException e) {
            thread.interrupt();
            Thread.currentThread().interrupt();
        }
    }

    /** Transactions committed so far. */
    public long commits() {
        return commits.get();
    }

    /** Batches ({@link #apply} calls) committed so far. */
    public long committedBatches() {
        return committedBatches.get();
    }

    /** Changes committed so far. */
    public long committedChanges() {
        return committedChanges.get();
    }

    /** Failed commit attempts (each retry that fails counts again). */
    public long commitFailures() {
        return commitFailures.get();
    }

    /** Caps the database at {@code pages} pages from the next commit on: a full disk, for tests. */
    void maxPageCount(long pages) {
        maxPageCount = pages;
    }

    /** How long {@link #close()} waits for the queue to be committed ({@link #CLOSE_WAIT} unless a test says). */
    void closeWait(Duration wait) {
        closeWait = wait;
    }

    private void run() {
        List<Batch> group = new ArrayList<>();
        try {
            boolean stopping = false;
            while (!stopping) {
                group.clear();
                group.add(queue.take());
                queue.drainTo(group, MAX_BATCHES_PER_COMMIT - 1);
                int stop = indexOfStop(group);
                if (stop >= 0) {
                    stopping = true;
                    group.subList(stop, group.size()).clear();
                }
                if (!group.isEmpty() && commitWithRetry(group)) {
                    runCallbacks(group);
                } else if (!group.isEmpty()) {
                    break; // interrupted while retrying: close gave up waiting
                }
            }
        } catch (InterruptedException e) {
            LOG.error("{}: store thread interrupted; {} batches not committed", file, group.size() + queue.size());
        } finally {
            shutDown();
        }
    }

    private static int indexOfStop(List<Batch> group) {
        for (int i = 0; i < group.size(); i++) {
            if (group.get(i) == STOP) {
                return i;
            }
        }
        return -1;
    }

    /** Returns false only when interrupted before the group could be committed. */
    private boolean commitWithRetry(List<Batch> group) {
        long backoffNanos = FIRST_RETRY.toNanos();
        while (true) {
            try {
                commit(group);
                return true;
            } catch (SQLException | RuntimeException e) {
                commitFailures.incrementAndGet();
                rollback();
                reprepare();
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

    private void commit(List<Batch> group) throws SQLException {
        applyPageLimit();
        int changes = 0;
        for (Batch batch : group) {
            for (Change change : batch.changes()) {
                writer.write(change);
            }
            changes += batch.changes().size();
        }
        db.commit();
        commits.incrementAndGet();
        committedBatches.addAndGet(group.size());
        committedChanges.addAndGet(changes);
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
     * Rolls back and opens the next transaction. SQLite may have rolled back already (it does on some full-disk and
     * I/O errors), and sqlite-jdbc's own rollback() then fails before its BEGIN, which would leave the connection
     * committing statement by statement: so both are done here by hand.
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
    private void reprepare() {
        writer.close();
        try {
            writer = new ChangeWriter(db);
        } catch (SQLException e) {
            LOG.error("{}: cannot prepare statements", file, e);
        }
    }

    private void runCallbacks(List<Batch> group) {
        for (Batch batch : group) {
            if (batch.afterCommit() != null) {
                try {
                    batch.afterCommit().run();
                } catch (RuntimeException e) {
                    LOG.error("{}: afterCommit callback failed", file, e);
                }
            }
        }
    }

    /** Gives freed pages back, folds the WAL into the database and closes; on the store thread. */
    private void shutDown() {
        try (Statement s = db.createStatement()) {
            db.commit(); // a failed load() may have left its transaction open
            s.executeUpdate("PRAGMA incremental_vacuum"); // steps to the end: execute() would free one page
            db.setAutoCommit(true); // commits; a checkpoint cannot run inside a transaction
            s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
        } catch (SQLException e) {
            LOG.warn("{}: final checkpoint failed; the WAL is replayed at the next start", file, e);
        }
        closeQuietly();
    }

    private void closeQuietly() {
        if (writer != null) {
            writer.close();
        }
        try {
            db.close();
        } catch (SQLException e) {
            LOG.warn("{}: close failed", file, e);
        }
    }
}
