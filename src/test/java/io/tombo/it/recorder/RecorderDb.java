package io.tombo.it.recorder;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** Looks into a recorder.db that another process writes (WAL lets it read meanwhile). */
final class RecorderDb {
    private final Path file;

    RecorderDb(Path dir) {
        this.file = dir.resolve("recorder.db");
    }

    long count(String sql) {
        if (!Files.exists(file)) {
            return -1;
        }
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement s = db.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getLong(1) : -1;
        } catch (SQLException e) {
            return -1; // not created yet, or busy: the caller polls
        }
    }

    long points() {
        return count("SELECT count(*) FROM points");
    }

    long distinctTimes(String field) {
        return count("SELECT count(DISTINCT t) FROM points JOIN series ON series.id = points.series WHERE field = '"
                + field + "'");
    }

    long deadLetters() {
        return count("SELECT count(*) FROM dead_letters");
    }

    long minuteCount(String field) {
        return count("SELECT sum(n) FROM minutes JOIN series ON series.id = minutes.series WHERE field = '"
                + field + "'");
    }
}
