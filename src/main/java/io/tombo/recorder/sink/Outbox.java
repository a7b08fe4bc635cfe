package io.tombo.recorder.sink;

import io.tombo.recorder.Reading;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A remote sink's on-disk buffer: an SQLite database (WAL) holding the readings accepted but not yet delivered, in
 * arrival order, and the readings the remote refused for good ({@code dead_letter}, with the reason).
 *
 * <p>Two threads use it: the recorder thread {@link #append appends}, the sink's drain thread {@link #oldest reads}
 * and {@link #remove removes}. Every method is {@code synchronized} and is one short transaction on the one
 * connection; nothing slow (network) happens while the lock is held. Only the drain thread removes, so the rows it
 * read stay until it removes them.
 *
 * <p>A reading whose key is already buffered is not buffered twice. Commits use {@code synchronous = NORMAL}: what
 * {@link #append} returned survives a crash of the process, as the broker's {@code persistence_sync normal} does.
 */
final class Outbox implements AutoCloseable {
    private static final String SCHEMA = """
            CREATE TABLE IF NOT EXISTS outbox (
              id INTEGER PRIMARY KEY AUTOINCREMENT,
              key TEXT NOT NULL UNIQUE,
              rule TEXT NOT NULL,
              topic TEXT NOT NULL,
              seconds INTEGER NOT NULL,
              nanos INTEGER NOT NULL,
              fields BLOB NOT NULL);
            CREATE TABLE IF NOT EXISTS dead_letter (
              id INTEGER PRIMARY KEY AUTOINCREMENT,
              key TEXT NOT NULL,
              rule TEXT NOT NULL,
              topic TEXT NOT NULL,
              seconds INTEGER NOT NULL,
              nanos INTEGER NOT NULL,
              fields BLOB NOT NULL,
              reason TEXT NOT NULL,
              refused_at INTEGER NOT NULL)""";

    private final Path file;
    private final long limit;
    private final Connection db;
    /** Written under this object's lock; volatile so that metrics read it without waiting for a commit. */
    private volatile long size;

    /** A buffered reading and its row id, the order in which it must be delivered. */
    record Entry(long id, Reading reading) {
    }

    /** Thrown by {@link #append} when the buffer would grow past its limit; nothing of the batch was added. */
    static final class Full extends IOException {
        Full(String message) {
            super(message);
        }
    }

    private Outbox(Path file, long limit, Connection db) throws SQLException {
        this.file = file;
        this.limit = limit;
        this.db = db;
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM outbox")) {
            rs.next();
            size = rs.getLong(1);
        }
    }

    /** Opens or creates the buffer in {@code file}, keeping whatever a previous run left in it. */
    static Outbox open(Path file, long limit) throws IOException {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Connection db = DriverManager.getConnection("jdbc:sqlite:" + file);
            try (Statement s = db.createStatement()) {
                s.execute("PRAGMA journal_mode = WAL");
                s.execute("PRAGMA synchronous = NORMAL");
                s.execute("PRAGMA busy_timeout = 5000");
                for (String ddl : SCHEMA.split(";")) {
                    s.execute(ddl);
                }
                return new Outbox(file, limit, db);
            } catch (SQLException e) {
                db.close();
                throw e;
            }
        } catch (SQLException e) {
            throw new IOException("cannot open sink buffer " + file + ": " + e.getMessage(), e);
        }
    }

    Path file() {
        return file;
    }

    long limit() {
        return limit;
    }

    /** Readings buffered now; any thread, without waiting for a commit in progress. */
    long size() {
        return size;
    }

    /**
     * Buffers {@code readings} in one transaction, committed when this returns.
     *
     * @throws Full when they do not fit under the limit; nothing was added
     */
    synchronized void append(List<Reading> readings) throws IOException {
        if (size + readings.size() > limit) {
            throw new Full("buffer full: " + size + " readings waiting, limit " + limit);
        }
        try (PreparedStatement insert = db.prepareStatement(
                "INSERT OR IGNORE INTO outbox (key, rule, topic, seconds, nanos, fields) VALUES (?, ?, ?, ?, ?, ?)")) {
            db.setAutoCommit(false);
            for (Reading r : readings) {
                bind(insert, r);
                insert.addBatch();
            }
            int added = 0;
            for (int count : insert.executeBatch()) {
                added += Math.max(count, 0);
            }
            db.commit();
            size += added;
        } catch (SQLException e) {
            rollback();
            throw new IOException("cannot write sink buffer " + file + ": " + e.getMessage(), e);
        } finally {
            autoCommit();
        }
    }

    /** Up to {@code max} of the oldest buffered readings, oldest first. */
    synchronized List<Entry> oldest(int max) throws IOException {
        List<Entry> entries = new ArrayList<>();
        try (PreparedStatement select = db.prepareStatement(
                "SELECT id, key, rule, topic, seconds, nanos, fields FROM outbox ORDER BY id LIMIT ?")) {
            select.setInt(1, max);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    Instant time = Instant.ofEpochSecond(rs.getLong(5), rs.getInt(6));
                    var reading = new Reading(rs.getString(3), rs.getString(4), time,
                            FieldsBlob.decode(rs.getBytes(7)), rs.getString(2));
                    entries.add(new Entry(rs.getLong(1), reading));
                }
            }
        } catch (SQLException e) {
            throw new IOException("cannot read sink buffer " + file + ": " + e.getMessage(), e);
        }
        return entries;
    }

    /**
     * Removes every buffered reading up to and including row {@code lastId} (a batch read by {@link #oldest}), and
     * keeps the {@code rejected} ones of them in the dead-letter table, in one transaction.
     */
    synchronized void remove(long lastId, List<Remote.Rejection> rejected, Instant now) throws IOException {
        try (PreparedStatement delete = db.prepareStatement("DELETE FROM outbox WHERE id <= ?");
             PreparedStatement dead = db.prepareStatement("INSERT INTO dead_letter "
                     + "(key, rule, topic, seconds, nanos, fields, reason, refused_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            db.setAutoCommit(false);
            for (Remote.Rejection rejection : rejected) {
                bind(dead, rejection.reading());
                dead.setString(7, rejection.reason());
                dead.setLong(8, now.toEpochMilli());
                dead.addBatch();
            }
            if (!rejected.isEmpty()) {
                dead.executeBatch();
            }
            delete.setLong(1, lastId);
            int removed = delete.executeUpdate();
            db.commit();
            size -= removed;
        } catch (SQLException e) {
            rollback();
            throw new IOException("cannot update sink buffer " + file + ": " + e.getMessage(), e);
        } finally {
            autoCommit();
        }
    }

    /** Readings in the dead-letter table. */
    synchronized long deadLetters() throws IOException {
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM dead_letter")) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IOException("cannot read sink buffer " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void close() throws IOException {
        try {
            db.close();
        } catch (SQLException e) {
            throw new IOException("cannot close sink buffer " + file + ": " + e.getMessage(), e);
        }
    }

    private static void bind(PreparedStatement statement, Reading r) throws SQLException {
        statement.setString(1, r.key());
        statement.setString(2, r.rule());
        statement.setString(3, r.topic());
        statement.setLong(4, r.time().getEpochSecond());
        statement.setInt(5, r.time().getNano());
        statement.setBytes(6, FieldsBlob.encode(r.fields()));
    }

    private void rollback() {
        try {
            db.rollback();
        } catch (SQLException ignored) {
            // the transaction is gone with the failure that brought us here, which is what the caller reports
        }
    }

    private void autoCommit() {
        try {
            db.setAutoCommit(true);
        } catch (SQLException ignored) {
            // the next operation on the connection reports a broken connection
        }
    }
}
