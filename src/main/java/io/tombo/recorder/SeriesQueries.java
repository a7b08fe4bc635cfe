package io.tombo.recorder;

import io.tombo.client.TopicFilter;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Read queries over {@code recorder.db} on one read connection (WAL lets them run beside the writer). Aggregates
 * come from the coarsest rollup whose bucket divides the one asked for (1 hour, 1 minute), else from raw points.
 * Not thread-safe: {@link SeriesStore} lends each connection to one thread at a time.
 */
final class SeriesQueries {
    private final Connection db;

    SeriesQueries(Connection db) {
        this.db = db;
    }

    /** Every series whose topic matches {@code topicFilter} (a topic or an MQTT filter; null for all). */
    List<Series> series(String topicFilter, String field) throws SQLException {
        List<Series> result = new ArrayList<>();
        try (PreparedStatement q = db.prepareStatement("SELECT id, rule, topic, field FROM series ORDER BY topic, field, rule");
             ResultSet rs = q.executeQuery()) {
            while (rs.next()) {
                Series s = new Series(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4));
                if ((topicFilter == null || TopicFilter.matches(topicFilter, s.topic()))
                        && (field == null || field.equals(s.field()))) {
                    result.add(s);
                }
            }
        }
        return result;
    }

    /** Raw points in [from, to), oldest first, at most {@code limit}. */
    List<Point> points(long series, long from, long to, int limit) throws SQLException {
        List<Point> result = new ArrayList<>();
        try (PreparedStatement q = db.prepareStatement(
                "SELECT t, v, s FROM points WHERE series = ? AND t >= ? AND t < ? ORDER BY t LIMIT ?")) {
            q.setLong(1, series);
            q.setLong(2, from);
            q.setLong(3, to);
            q.setInt(4, limit);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    result.add(point(rs));
                }
            }
        }
        return result;
    }

    /** Numeric points in [from, to) aggregated per bucket of {@code bucket} ms (aligned to the epoch). */
    List<Bucket> aggregate(long series, long from, long to, long bucket) throws SQLException {
        Map<Long, Rollup> buckets = new TreeMap<>();
        if (bucket % SeriesWriter.MINUTE == 0) {
            String table = bucket % SeriesWriter.HOUR == 0 ? "hours" : "minutes";
            long unit = table.equals("hours") ? SeriesWriter.HOUR : SeriesWriter.MINUTE;
            try (PreparedStatement q = db.prepareStatement("SELECT t, n, sum, min, max, last_t, last FROM " + table
                    + " WHERE series = ? AND t >= ? AND t < ? ORDER BY t")) {
                q.setLong(1, series);
                q.setLong(2, from - Math.floorMod(from, unit));
                q.setLong(3, to);
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) {
                        long t = rs.getLong(1);
                        buckets.computeIfAbsent(t - Math.floorMod(t, bucket), k -> new Rollup()).add(rs.getLong(2),
                                rs.getDouble(3), rs.getDouble(4), rs.getDouble(5), rs.getLong(6), rs.getDouble(7));
                    }
                }
            }
        } else {
            try (PreparedStatement q = db.prepareStatement(
                    "SELECT t, v FROM points WHERE series = ? AND t >= ? AND t < ? AND v IS NOT NULL ORDER BY t")) {
                q.setLong(1, series);
                q.setLong(2, from);
                q.setLong(3, to);
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) {
                        long t = rs.getLong(1);
                        buckets.computeIfAbsent(t - Math.floorMod(t, bucket), k -> new Rollup()).add(t,
                                rs.getDouble(2));
                    }
                }
            }
        }
        List<Bucket> result = new ArrayList<>(buckets.size());
        buckets.forEach((start, r) -> result.add(r.toBucket(start)));
        return result;
    }

    /** The latest raw point of {@code series}, or null when it has none (all expired). */
    Point latest(long series) throws SQLException {
        try (PreparedStatement q = db.prepareStatement(
                "SELECT t, v, s FROM points WHERE series = ? ORDER BY t DESC LIMIT 1")) {
            q.setLong(1, series);
            try (ResultSet rs = q.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                return point(rs);
            }
        }
    }

    /** A row of (t, v, s); v is read as an object since sqlite-jdbc's wasNull() misreports a NULL REAL. */
    private static Point point(ResultSet rs) throws SQLException {
        Object v = rs.getObject(2);
        return new Point(rs.getLong(1), v == null ? null : ((Number) v).doubleValue(), rs.getString(3));
    }

    /** The newest dead letters first, at most {@code limit}. */
    List<DeadLetter> deadLetters(int limit) throws SQLException {
        List<DeadLetter> result = new ArrayList<>();
        try (PreparedStatement q = db.prepareStatement(
                "SELECT time, rule, topic, payload, reason FROM dead_letters ORDER BY id DESC LIMIT ?")) {
            q.setInt(1, limit);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    result.add(new DeadLetter(rs.getString(2), rs.getString(3), rs.getBytes(4), rs.getString(5),
                            java.time.Instant.ofEpochMilli(rs.getLong(1))));
                }
            }
        }
        return result;
    }
}
