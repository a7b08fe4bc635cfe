package io.tombo.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;

/**
 * Mosquitto's {@code persistence true}, done so that what the broker acknowledged is on disk: an embedded SQLite
 * database in WAL mode (tables in {@link Schema}), written with group commit ({@link CommitLoop}).
 *
 * <p><b>Threading.</b> The constructor and {@link #load()} use the connection on the caller's thread, before the
 * first {@link #apply}; from then on only the {@code tombo-store-writer} thread touches it (the queue hand-offs order
 * the two). {@code apply} only adds the batch to an unbounded queue and never waits for the disk. The
 * {@code tombo-store} thread takes the batches in, leaves out the changes that later ones undo (a message its
 * subscriber acknowledged soon after it was queued: {@link NetChanges}), hands what is due to the writer thread as one
 * transaction, in submission order, and runs the {@code afterCommit} callbacks (on itself, or handed to their
 * executor) once their batch is committed, or at once when nothing of it needs writing.
 *
 * <p><b>Durability.</b> {@code fullSync false} is {@code synchronous=NORMAL}: a committed batch is in the WAL, which
 * survives {@code kill -9} but maybe not a power loss; {@code fullSync true} is {@code synchronous=FULL}: the WAL is
 * fsynced at every commit.
 *
 * <p><b>Failure.</b> A commit that fails (disk full, I/O error) is rolled back, logged with its cause, counted
 * ({@link #commitFailures()}) and retried with back-off from 100 ms doubling to 5 s. No callback whose batch needs a
 * write runs until that batch is committed, and later batches wait behind it: the broker stops acknowledging what
 * needs the disk instead of pretending.
 *
 * <p><b>Bounded disk.</b> A message goes with its last queue row; a retained message replaces its topic's row; freed
 * pages are reused, and given back to the file system at {@link #close()} ({@code auto_vacuum=INCREMENTAL}). The WAL
 * is checkpointed every {@link Schema#WAL_CHECKPOINT_PAGES} pages and then reused from its start.
 */
public final class SqliteStore implements Store {
    /** How long {@link #close()} waits for the queued batches to be committed. */
    static final Duration CLOSE_WAIT = Duration.ofSeconds(5);
    private static final int BUSY_TIMEOUT_MILLIS = 5000;
    private static final Logger LOG = LoggerFactory.getLogger(SqliteStore.class);

    private final Path file;
    private final InstantSource clock;
    private final Connection db;
    private final CommitLoop loop;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicLong droppedAfterClose = new AtomicLong();
    private volatile Duration closeWait = CLOSE_WAIT;

    /**
     * Opens or creates the database {@code file} (the broker's {@code persistence_location}/{@code
     * persistence_file}); its directory must exist.
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
        ChangeWriter writer;
        try {
            writer = new ChangeWriter(db);
            // In auto-commit mode sqlite-jdbc probes with BEGIN and COMMIT after every statement; in manual mode
            // it keeps a transaction open and begins the next one at each commit().
            db.setAutoCommit(false);
        } catch (SQLException e) {
            closeQuietly(db);
            throw new IllegalStateException("Cannot prepare " + file + ": " + e.getMessage(), e);
        }
        this.loop = new CommitLoop(file, db, writer);
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
            closeQuietly(db);
            throw e instanceof IllegalStateException refusal ? refusal
                    : new IllegalStateException("Cannot open " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public boolean durable() {
        return true;
    }

    /**
     * Queues the batch for the store thread. Once the store is closed the batch is dropped and its callback never
     * runs: what an event loop still describes during shutdown is not acknowledged, and the loop is not thrown at.
     */
    @Override
    public void apply(List<Change> changes, Runnable afterCommit) {
        apply(changes, null, null, afterCommit);
    }

    /**
     * As {@link #apply(List, Runnable)}; the callbacks of one commit group for {@code where} leave in one task, and a
     * callback whose batch leaves nothing to write runs before the commit unless an earlier one of its lane waits.
     */
    @Override
    public void apply(List<Change> changes, Executor where, Object lane, Runnable afterCommit) {
        Objects.requireNonNull(changes, "changes");
        if (closed.get()) {
            if (droppedAfterClose.getAndIncrement() == 0) {
                LOG.warn("{}: store closed; dropping changes submitted after close (not acknowledged)", file);
            }
            return;
        }
        if (afterCommit == null) {
            loop.record(changes);
        } else {
            loop.submit(changes, where, lane, afterCommit);
        }
    }

    /**
     * Reads the whole database. First drops what nothing can reach any more: retained messages past their
     * expiry, rows of sessions that were never stored, messages no queue row refers to.
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
            s.executeUpdate("DELETE FROM messages WHERE id NOT IN (SELECT message_id FROM queue WHERE topic IS NULL)");
        }
        db.commit();
    }

    /**
     * Commits what is queued (waiting at most {@link #CLOSE_WAIT}), stops the store thread and closes the database.
     * Batches not committed by then are dropped without their callbacks: they were never acknowledged. Idempotent.
     */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            loop.stop(closeWait);
        }
    }

    /** Transactions committed so far. */
    public long commits() {
        return loop.commits();
    }

    /** Batches ({@link #apply} calls) committed so far. */
    public long committedBatches() {
        return loop.committedBatches.get();
    }

    /** Changes written so far (those cancelled within their group are not). */
    public long committedChanges() {
        return loop.committedChanges.get();
    }

    /** Changes left out of their commit because a later change of the same group undid them ({@link NetChanges}). */
    public long cancelledChanges() {
        return loop.cancelledChanges.get();
    }

    /** Callbacks run before their group's commit: their batches left nothing to write. */
    public long earlyCallbacks() {
        return loop.earlyCallbacks.get();
    }

    /** Failed commit attempts, each failed retry counted again. */
    public long commitFailures() {
        return loop.commitFailures();
    }

    /** Caps the database at {@code pages} pages from the next commit on: a full disk, for tests. */
    void maxPageCount(long pages) {
        loop.maxPageCount(pages);
    }

    /** How long {@link #close()} waits instead of {@link #CLOSE_WAIT}, for tests. */
    void closeWait(Duration wait) {
        closeWait = wait;
    }

    private static void closeQuietly(Connection db) {
        try {
            db.close();
        } catch (SQLException e) {
            LOG.warn("close failed", e);
        }
    }
}
