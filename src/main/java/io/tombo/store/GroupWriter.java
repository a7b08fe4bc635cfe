package io.tombo.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code tombo-store-writer} thread: writes and commits the groups {@link CommitLoop} hands it, one at a time, so
 * that the next group gathers (and answers what it can before its commit) while one is written. The only thread that
 * uses the connection, from its start until it closes it.
 *
 * <p>A commit that fails (disk full, I/O error) is rolled back, logged with its cause, counted and retried with
 * back-off from {@link #FIRST_RETRY} doubling to {@link #LAST_RETRY}; the group is done only once it committed.
 */
final class GroupWriter {
    static final Duration FIRST_RETRY = Duration.ofMillis(100);
    static final Duration LAST_RETRY = Duration.ofSeconds(5);

    private static final Logger LOG = LoggerFactory.getLogger(GroupWriter.class);
    private static final List<Change> CLOSE = List.of();

    private final Path file;
    private final Connection db;
    private ChangeWriter writer;
    /** The one group handed over; a SynchronousQueue since the loop hands one only once the last is done. */
    private final SynchronousQueue<List<Change>> groups = new SynchronousQueue<>();
    private final Thread loop;
    private final Thread thread;
    /** Groups committed (or found to have nothing to write); the loop compares it with what it handed over. */
    private volatile long done;
    /** Set when the writer gave up on a group (interrupted while retrying): nothing more is committed. */
    private volatile boolean gaveUp;
    final AtomicLong commits = new AtomicLong();
    final AtomicLong commitFailures = new AtomicLong();
    private volatile long maxPageCount;
    private long appliedMaxPageCount;

    /** Takes over {@code db} (in sqlite-jdbc's manual-commit mode) and starts the thread; {@code loop} is woken. */
    GroupWriter(Path file, Connection db, ChangeWriter writer, Thread loop) {
        this.file = file;
        this.db = db;
        this.writer = writer;
        this.loop = loop;
        this.thread = Thread.ofPlatform().name("tombo-store-writer").daemon().start(this::run);
    }

    /** Hands the net changes of the next group over; returns once the writer took them. Loop thread only. */
    void write(List<Change> changes) throws InterruptedException {
        groups.put(changes);
    }

    /** Groups done so far, in order: committed, or with nothing to write. */
    long done() {
        return done;
    }

    /** Whether the writer stopped before committing a group: interrupted while a commit kept failing. */
    boolean gaveUp() {
        return gaveUp;
    }

    /** Caps the database at {@code pages} pages from the next commit on (0: SQLite's default). */
    void maxPageCount(long pages) {
        maxPageCount = pages;
    }

    /**
     * After the last group: gives freed pages back, folds the WAL into the database, closes the connection and ends
     * the thread. An interrupted caller interrupts the writer (giving up on a commit that keeps failing) and waits on.
     */
    void close() {
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                if (!gaveUp && !groups.offer(CLOSE, 10, TimeUnit.MILLISECONDS)) {
                    continue;
                }
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
                thread.interrupt();
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Gives up on a group that keeps failing: the thread closes the connection and ends. */
    void interrupt() {
        thread.interrupt();
    }

    private void run() {
        try {
            while (true) {
                List<Change> changes = groups.take();
                if (changes == CLOSE) { // identity: an empty group is never handed over
                    break;
                }
                if (!commitWithRetry(changes)) {
                    gaveUp = true;
                    break;
                }
                done++; // this thread alone writes it
                LockSupport.unpark(loop);
            }
        } catch (InterruptedException e) {
            gaveUp = true;
        } finally {
            LockSupport.unpark(loop);
            shutDown();
        }
    }

    /** Returns false only when interrupted before the group could be committed. */
    private boolean commitWithRetry(List<Change> changes) {
        long backoffNanos = FIRST_RETRY.toNanos();
        while (true) {
            try {
                commit(changes);
                return true;
            } catch (SQLException | RuntimeException e) {
                commitFailures.incrementAndGet();
                rollback();
                prepareAgain();
                LOG.error("{}: commit of {} changes failed, retrying in {} ms; nothing is acknowledged meanwhile",
                        file, changes.size(), TimeUnit.NANOSECONDS.toMillis(backoffNanos), e);
            }
            LockSupport.parkNanos(backoffNanos);
            if (Thread.interrupted()) {
                LOG.error("{}: gave up retrying at close; {} changes not committed", file, changes.size());
                return false;
            }
            backoffNanos = Math.min(backoffNanos * 2, LAST_RETRY.toNanos());
        }
    }

    private void commit(List<Change> changes) throws SQLException {
        applyPageLimit();
        for (Change change : changes) {
            writer.write(change);
        }
        db.commit(); // sqlite-jdbc then begins the next transaction (deferred: no lock until the first write)
        commits.incrementAndGet();
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

    /** Gives freed pages back, folds the WAL into the database and closes the connection. */
    private void shutDown() {
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
