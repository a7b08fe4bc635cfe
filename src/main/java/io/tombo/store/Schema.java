package io.tombo.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tables of {@link SqliteStore} and the checks that keep Tombo from writing into a file that is not its own.
 *
 * <p>A Tombo database carries {@code PRAGMA application_id} {@link #APPLICATION_ID} and {@code PRAGMA user_version}
 * {@link #VERSION}. A file is refused, untouched, when it is not SQLite at all (Mosquitto's {@code mosquitto.db},
 * random bytes), when SQLite finds it corrupt, when it belongs to another program (other application id, or
 * tables and no Tombo version) or when a newer Tombo wrote it. Nothing is written before these checks pass: even
 * switching to WAL rewrites the header, so {@link #open} decides first and configures after.
 *
 * <p>A message queued for one session only (the common case: a point-to-point message, a retained message sent on
 * subscribe) keeps its body in its queue row, in the columns after {@code released}: one row written, one row
 * deleted. A message several sessions queue is written once in {@code messages} and referred to by their queue rows,
 * whose body columns are null; it goes when its last queue row does. Retained messages and wills are stored whole in
 * their own rows since nothing else shares them.
 *
 * <p>An older schema is brought up to date when the file is opened, in one transaction ({@link #FROM_VERSION_1});
 * the Tombo that wrote it then refuses the file as written by a newer Tombo.
 */
final class Schema {
    /** "Tomb" in ASCII, as SQLite's file(1) magic suggests for application ids. */
    static final int APPLICATION_ID = 0x546F_6D62;
    /** 2: a message only one session queues keeps its body in its queue row (1: always in {@code messages}). */
    static final int VERSION = 2;
    /** WAL pages that trigger a checkpoint (of 4 KiB: about 40 MiB). */
    static final int WAL_CHECKPOINT_PAGES = 10_000;

    private static final Logger LOG = LoggerFactory.getLogger(Schema.class);
    private static final byte[] SQLITE_HEADER = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);

    /** Only the entries that share a body in messages: the others never need finding by message id. */
    private static final String QUEUE_BY_MESSAGE =
            "CREATE INDEX queue_by_message ON queue (message_id) WHERE topic IS NULL";

    private static final List<String> TABLES = List.of(
            """
            CREATE TABLE messages (
              id         INTEGER PRIMARY KEY,
              topic      TEXT    NOT NULL,
              qos        INTEGER NOT NULL,
              payload    BLOB    NOT NULL,
              properties BLOB,
              expires_at INTEGER NOT NULL,
              origin     TEXT)""",
            """
            CREATE TABLE retained (
              topic      TEXT    PRIMARY KEY,
              qos        INTEGER NOT NULL,
              payload    BLOB    NOT NULL,
              properties BLOB,
              expires_at INTEGER NOT NULL,
              origin     TEXT) WITHOUT ROWID""",
            """
            CREATE TABLE sessions (
              client_id        TEXT    PRIMARY KEY,
              expiry_interval  INTEGER NOT NULL,
              disconnected_at  INTEGER NOT NULL,
              will_topic       TEXT,
              will_qos         INTEGER,
              will_payload     BLOB,
              will_properties  BLOB,
              will_expires_at  INTEGER,
              will_origin      TEXT,
              will_retain      INTEGER,
              will_delay       INTEGER) WITHOUT ROWID""",
            """
            CREATE TABLE subscriptions (
              client_id TEXT    NOT NULL,
              filter    TEXT    NOT NULL,
              qos       INTEGER NOT NULL,
              no_local  INTEGER NOT NULL,
              rap       INTEGER NOT NULL,
              rh        INTEGER NOT NULL,
              sub_id    INTEGER NOT NULL,
              PRIMARY KEY (client_id, filter)) WITHOUT ROWID""",
            """
            CREATE TABLE queue (
              client_id   TEXT    NOT NULL,
              message_id  INTEGER NOT NULL,
              qos         INTEGER NOT NULL,
              retain_flag INTEGER NOT NULL,
              sub_ids     TEXT,
              packet_id   INTEGER NOT NULL,
              released    INTEGER NOT NULL,
              topic       TEXT,
              msg_qos     INTEGER,
              payload     BLOB,
              properties  BLOB,
              expires_at  INTEGER,
              origin      TEXT,
              PRIMARY KEY (client_id, message_id)) WITHOUT ROWID""",
            QUEUE_BY_MESSAGE,
            """
            CREATE TABLE awaiting_release (
              client_id TEXT    NOT NULL,
              packet_id INTEGER NOT NULL,
              PRIMARY KEY (client_id, packet_id)) WITHOUT ROWID""");

    /** From schema 1: the queue's body columns, and its index narrowed to entries that share a body. */
    private static final List<String> FROM_VERSION_1 = List.of(
            "ALTER TABLE queue ADD COLUMN topic TEXT",
            "ALTER TABLE queue ADD COLUMN msg_qos INTEGER",
            "ALTER TABLE queue ADD COLUMN payload BLOB",
            "ALTER TABLE queue ADD COLUMN properties BLOB",
            "ALTER TABLE queue ADD COLUMN expires_at INTEGER",
            "ALTER TABLE queue ADD COLUMN origin TEXT",
            "DROP INDEX queue_by_message",
            QUEUE_BY_MESSAGE);

    private static final Set<String> TABLE_NAMES =
            Set.of("messages", "retained", "sessions", "subscriptions", "queue", "awaiting_release");

    private Schema() {
    }

    /**
     * Refuses a file that is not SQLite before SQLite opens it; an empty or missing file is a new database.
     *
     * @throws IllegalStateException naming the file and what is wrong with it
     */
    static void checkHeader(Path file) {
        if (!Files.exists(file)) {
            Path dir = file.toAbsolutePath().getParent();
            if (dir != null && !Files.isDirectory(dir)) {
                throw new IllegalStateException("Cannot create " + file + ": directory " + dir + " does not exist");
            }
            return;
        }
        byte[] header;
        try (InputStream in = Files.newInputStream(file)) {
            header = in.readNBytes(SQLITE_HEADER.length);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read " + file + ": " + e.getMessage(), e);
        }
        if (header.length > 0 && !Arrays.equals(header, SQLITE_HEADER)) {
            throw notSqlite(file, "it does not start with the SQLite header");
        }
    }

    /**
     * Checks what the open connection found in the file and creates the tables of a new database.
     *
     * @throws IllegalStateException when the file is corrupt, another program's, or from a newer Tombo
     */
    static void prepare(Connection db, Path file, boolean fullSync) throws SQLException {
        int version;
        int applicationId;
        Set<String> tables;
        try (Statement s = db.createStatement()) {
            version = intPragma(s, "user_version");
            applicationId = intPragma(s, "application_id");
            tables = tables(s);
        } catch (SQLException e) {
            throw notSqlite(file, e.getMessage());
        }
        boolean fresh = version == 0 && applicationId == 0 && tables.isEmpty();
        if (!fresh) {
            checkOwnership(file, version, applicationId, tables);
            checkIntegrity(db, file);
        }
        try (Statement s = db.createStatement()) {
            if (fresh) {
                // Must precede the first table; lets a drained backlog give its pages back (incremental_vacuum).
                s.execute("PRAGMA auto_vacuum = INCREMENTAL");
            }
            s.execute("PRAGMA journal_mode = WAL");
            s.execute("PRAGMA synchronous = " + (fullSync ? "FULL" : "NORMAL"));
            s.execute("PRAGMA temp_store = MEMORY");
            s.execute("PRAGMA cache_size = -16384");
            // After a checkpoint the WAL is reused from its start; this trims what one large group left behind.
            s.execute("PRAGMA journal_size_limit = " + (16 << 20));
            // A checkpoint copies each page once however often the WAL holds it, and fsyncs twice; the queue's few
            // hot pages are rewritten by every commit, so a longer interval costs little more per checkpoint and
            // checkpoints far less often. With SQLite's 1,000 pages, durable QoS 1 ran 3.5 times slower
            // (BENCHMARKS.md, "Durable persistence"). The WAL stays below about 40 MiB.
            s.execute("PRAGMA wal_autocheckpoint = " + WAL_CHECKPOINT_PAGES);
            if (fresh) {
                create(db, s);
            } else if (version < VERSION) {
                migrate(db, s, file, version);
            }
        }
    }

    private static void migrate(Connection db, Statement s, Path file, int from) throws SQLException {
        boolean autoCommit = db.getAutoCommit();
        db.setAutoCommit(false);
        try {
            for (String step : FROM_VERSION_1) {
                s.execute(step);
            }
            s.execute("PRAGMA user_version = " + VERSION);
            db.commit();
        } catch (SQLException e) {
            db.rollback();
            throw new IllegalStateException("Cannot bring " + file + " from schema " + from + " to " + VERSION + ": "
                    + e.getMessage() + "; the file is unchanged", e);
        } finally {
            db.setAutoCommit(autoCommit);
        }
        LOG.info("{}: schema {} brought to {}", file, from, VERSION);
    }

    private static void create(Connection db, Statement s) throws SQLException {
        boolean autoCommit = db.getAutoCommit();
        db.setAutoCommit(false);
        for (String table : TABLES) {
            s.execute(table);
        }
        s.execute("PRAGMA application_id = " + APPLICATION_ID);
        s.execute("PRAGMA user_version = " + VERSION);
        db.commit();
        db.setAutoCommit(autoCommit);
    }

    private static void checkOwnership(Path file, int version, int applicationId, Set<String> tables) {
        if (applicationId != APPLICATION_ID || version == 0) {
            throw new IllegalStateException(file + " is not a Tombo database (application id 0x"
                    + Integer.toHexString(applicationId) + ", schema " + version + ", tables " + tables
                    + "); Tombo leaves it untouched: set persistence_file to a new name");
        }
        if (version > VERSION) {
            throw new IllegalStateException(file + " was written by a newer Tombo (schema " + version
                    + "); this one knows " + VERSION + ". Run the newer Tombo, or move the file away to start empty");
        }
        if (!tables.containsAll(TABLE_NAMES)) {
            Set<String> missing = new TreeSet<>(TABLE_NAMES);
            missing.removeAll(tables);
            throw new IllegalStateException(file + " is a damaged Tombo database: tables " + missing
                    + " are missing; Tombo leaves it untouched");
        }
    }

    /** {@code quick_check} reads every page once: a damaged file is refused at start, not at the first commit. */
    private static void checkIntegrity(Connection db, Path file) {
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery("PRAGMA quick_check(5)")) {
            StringBuilder problems = new StringBuilder();
            while (rs.next()) {
                String line = rs.getString(1);
                if (!"ok".equals(line)) {
                    problems.append(problems.isEmpty() ? "" : "; ").append(line);
                }
            }
            if (!problems.isEmpty()) {
                throw corrupt(file, problems.toString());
            }
        } catch (SQLException e) {
            throw corrupt(file, e.getMessage());
        }
    }

    private static int intPragma(Statement s, String pragma) throws SQLException {
        try (ResultSet rs = s.executeQuery("PRAGMA " + pragma)) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }

    private static Set<String> tables(Statement s) throws SQLException {
        Set<String> names = new TreeSet<>();
        try (ResultSet rs = s.executeQuery("SELECT name FROM sqlite_schema WHERE type = 'table'")) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        return names;
    }

    private static IllegalStateException notSqlite(Path file, String why) {
        return new IllegalStateException(file + " is not a Tombo database: " + why
                + " (corrupt, or another program's file such as Mosquitto's mosquitto.db);"
                + " Tombo leaves it untouched: move it away or set persistence_file to a new name");
    }

    private static IllegalStateException corrupt(Path file, String why) {
        return new IllegalStateException(file + " is a corrupt database: " + why
                + "; Tombo leaves it untouched: restore a backup or move it away to start empty");
    }
}
