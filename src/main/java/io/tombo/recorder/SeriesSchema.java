package io.tombo.recorder;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.nio.file.Path;

/**
 * The tables of {@code recorder.db} and the check that keeps the recorder out of files that are not its own.
 *
 * <p>The file carries {@code PRAGMA application_id} {@link #APPLICATION_ID} and {@code PRAGMA user_version}
 * {@link #VERSION}; an unknown application id, tables without a version, or a newer version is refused before
 * anything is written.
 *
 * <pre>
 *   series        id ← (rule, topic, field)
 *   points        (series, t) → v REAL (numbers; booleans as 0/1) or s TEXT; raw, kept record_retention RAW
 *   minutes/hours (series, bucket start) → n, sum, min, max, last_t, last: rolled up on ingest from new numeric
 *                 points, so an aggregate query reads one row per bucket instead of every point
 *   dead_letters  messages a rule could not read, with the reason
 * </pre>
 * Times are milliseconds since the epoch, UTC.
 */
final class SeriesSchema {
    /** "TmbR" in ASCII. */
    static final int APPLICATION_ID = 0x546D_6252;
    static final int VERSION = 1;

    private static final String ROLLUP = """
            (series INTEGER NOT NULL, t INTEGER NOT NULL, n INTEGER NOT NULL, sum REAL NOT NULL, min REAL NOT NULL,
             max REAL NOT NULL, last_t INTEGER NOT NULL, last REAL NOT NULL, PRIMARY KEY (series, t)) WITHOUT ROWID""";

    private static final List<String> TABLES = List.of(
            """
            CREATE TABLE series (
              id    INTEGER PRIMARY KEY,
              rule  TEXT NOT NULL,
              topic TEXT NOT NULL,
              field TEXT NOT NULL,
              UNIQUE (topic, field, rule))""",
            """
            CREATE TABLE points (
              series INTEGER NOT NULL,
              t      INTEGER NOT NULL,
              v      REAL,
              s      TEXT,
              PRIMARY KEY (series, t)) WITHOUT ROWID""",
            "CREATE TABLE minutes " + ROLLUP,
            "CREATE TABLE hours " + ROLLUP,
            """
            CREATE TABLE dead_letters (
              id      INTEGER PRIMARY KEY,
              time    INTEGER NOT NULL,
              rule    TEXT NOT NULL,
              topic   TEXT NOT NULL,
              payload BLOB NOT NULL,
              reason  TEXT NOT NULL)""");

    private static final Set<String> TABLE_NAMES = Set.of("series", "points", "minutes", "hours", "dead_letters");

    private SeriesSchema() {
    }

    /** Checks the file behind {@code db} and creates the tables of a new one; refuses a foreign or newer file. */
    static void prepare(Connection db, Path file) throws SQLException {
        int version;
        int applicationId;
        Set<String> tables;
        try (Statement s = db.createStatement()) {
            version = intPragma(s, "user_version");
            applicationId = intPragma(s, "application_id");
            tables = tables(s);
        } catch (SQLException e) {
            throw new IllegalStateException(file + " is not a Tombo recorder database: " + e.getMessage()
                    + "; Tombo leaves it untouched: move it away or set record_location elsewhere", e);
        }
        boolean fresh = version == 0 && applicationId == 0 && tables.isEmpty();
        if (!fresh) {
            check(file, version, applicationId, tables);
        }
        try (Statement s = db.createStatement()) {
            s.execute("PRAGMA journal_mode = WAL");
            s.execute("PRAGMA synchronous = NORMAL");
            s.execute("PRAGMA cache_size = -32768");
            s.execute("PRAGMA temp_store = MEMORY");
            if (fresh) {
                db.setAutoCommit(false);
                for (String table : TABLES) {
                    s.execute(table);
                }
                s.execute("PRAGMA application_id = " + APPLICATION_ID);
                s.execute("PRAGMA user_version = " + VERSION);
                db.commit();
                db.setAutoCommit(true);
            }
        }
    }

    private static void check(Path file, int version, int applicationId, Set<String> tables) {
        if (applicationId != APPLICATION_ID || version == 0) {
            throw new IllegalStateException(file + " is not a Tombo recorder database (application id 0x"
                    + Integer.toHexString(applicationId) + ", schema " + version + ", tables " + tables
                    + "); Tombo leaves it untouched: move it away or set record_location elsewhere");
        }
        if (version > VERSION) {
            throw new IllegalStateException(file + " was written by a newer Tombo (recorder schema " + version
                    + "); this one knows schema " + VERSION + ". Run the newer Tombo, or set record_location to "
                    + "another directory");
        }
        if (!tables.containsAll(TABLE_NAMES)) {
            Set<String> missing = new TreeSet<>(TABLE_NAMES);
            missing.removeAll(tables);
            throw new IllegalStateException(file + " is a damaged recorder database: tables " + missing
                    + " are missing; Tombo leaves it untouched");
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
}
