package io.tombo.recorder;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Writes into {@code recorder.db}: one transaction per batch of readings (new points, then their 1-minute and
 * 1-hour rollups), dead letters, and retention. A point already stored (same series and time: the same reading
 * again) is ignored and not counted twice in the rollups.
 *
 * <p><b>Threading.</b> Only the store's writer thread uses it; it owns the connection and the series id cache.
 */
final class SeriesWriter implements AutoCloseable {
    static final long MINUTE = 60_000;
    static final long HOUR = 3_600_000;

    private record SeriesKey(String rule, String topic, String field) {
    }

    private record BucketKey(long series, long start) {
    }

    private final Connection db;
    private final Map<SeriesKey, Long> ids = new HashMap<>();
    private final PreparedStatement insertPoint;
    private final PreparedStatement insertSeries;
    private final PreparedStatement findSeries;
    private final PreparedStatement upsertMinute;
    private final PreparedStatement upsertHour;
    private final PreparedStatement insertDead;

    SeriesWriter(Connection db) throws SQLException {
        this.db = db;
        db.setAutoCommit(false);
        insertPoint = db.prepareStatement("INSERT OR IGNORE INTO points (series, t, v, s) VALUES (?, ?, ?, ?)");
        insertSeries = db.prepareStatement("INSERT OR IGNORE INTO series (rule, topic, field) VALUES (?, ?, ?)");
        findSeries = db.prepareStatement("SELECT id FROM series WHERE topic = ? AND field = ? AND rule = ?");
        upsertMinute = db.prepareStatement(upsert("minutes"));
        upsertHour = db.prepareStatement(upsert("hours"));
        insertDead = db.prepareStatement(
                "INSERT INTO dead_letters (time, rule, topic, payload, reason) VALUES (?, ?, ?, ?, ?)");
    }

    private static String upsert(String table) {
        // SET expressions see the row's old values, so last and last_t are decided on the same comparison
        return "INSERT INTO " + table + " (series, t, n, sum, min, max, last_t, last) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
                + " ON CONFLICT (series, t) DO UPDATE SET n = n + excluded.n, sum = sum + excluded.sum,"
                + " min = min(min, excluded.min), max = max(max, excluded.max),"
                + " last = CASE WHEN excluded.last_t >= last_t THEN excluded.last ELSE last END,"
                + " last_t = max(last_t, excluded.last_t)";
    }

    /**
     * Stores the readings in one transaction. Points of any age are taken (a replay of old data is welcome);
     * retention prunes them on its next pass.
     *
     * @return how many points were new
     */
    int write(List<Reading> readings) throws SQLException {
        Map<BucketKey, Rollup> minutes = new HashMap<>();
        int added = 0;
        try {
            int pending = 0;
            long[] series = new long[count(readings)];
            double[] values = new double[series.length];
            long[] times = new long[series.length];
            boolean[] numeric = new boolean[series.length];
            for (Reading r : readings) {
                long t = r.time().toEpochMilli();
                for (Map.Entry<String, Object> f : r.fields().entrySet()) {
                    long id = seriesId(r.rule(), r.topic(), f.getKey());
                    Object v = f.getValue();
                    insertPoint.setLong(1, id);
                    insertPoint.setLong(2, t);
                    if (v instanceof String s) {
                        insertPoint.setNull(3, java.sql.Types.REAL);
                        insertPoint.setString(4, s);
                    } else {
                        double d = v instanceof Boolean b ? (b ? 1 : 0) : ((Number) v).doubleValue();
                        insertPoint.setDouble(3, d);
                        insertPoint.setNull(4, java.sql.Types.VARCHAR);
                        values[pending] = d;
                        numeric[pending] = true;
                    }
                    series[pending] = id;
                    times[pending] = t;
                    pending++;
                    insertPoint.addBatch();
                }
            }
            int[] changed = insertPoint.executeBatch();
            for (int i = 0; i < changed.length; i++) {
                if (changed[i] > 0) {
                    added++;
                    if (numeric[i]) {
                        minutes.computeIfAbsent(new BucketKey(series[i], times[i] - Math.floorMod(times[i], MINUTE)),
                                k -> new Rollup()).add(times[i], values[i]);
                    }
                }
            }
            Map<BucketKey, Rollup> hours = new HashMap<>();
            for (Map.Entry<BucketKey, Rollup> m : minutes.entrySet()) {
                long start = m.getKey().start;
                Rollup r = m.getValue();
                hours.computeIfAbsent(new BucketKey(m.getKey().series, start - Math.floorMod(start, HOUR)),
                        k -> new Rollup()).add(r.count, r.sum, r.min, r.max, r.lastTime, r.last);
            }
            upsert(upsertMinute, minutes);
            upsert(upsertHour, hours);
            db.commit();
            return added;
        } catch (SQLException | RuntimeException e) {
            rollback();
            throw e;
        }
    }

    void keep(List<DeadLetter> letters) throws SQLException {
        try {
            for (DeadLetter d : letters) {
                insertDead.setLong(1, d.arrival().toEpochMilli());
                insertDead.setString(2, d.rule());
                insertDead.setString(3, d.topic());
                insertDead.setBytes(4, d.payload());
                insertDead.setString(5, d.reason());
                insertDead.addBatch();
            }
            insertDead.executeBatch();
            db.commit();
        } catch (SQLException | RuntimeException e) {
            rollback();
            throw e;
        }
    }

    /**
     * Deletes raw points older than their rule's horizon, 1-minute buckets older than {@code minutes} and 1-hour
     * buckets older than {@code hours} (ages from {@code now}). Returns the number of rows deleted.
     */
    long expire(Instant now, Function<String, Duration> rawRetention, Duration minutes, Duration hours)
            throws SQLException {
        long deleted = 0;
        try (Statement s = db.createStatement();
             ResultSet rs = s.executeQuery("SELECT id, rule FROM series");
             PreparedStatement raw = db.prepareStatement("DELETE FROM points WHERE series = ? AND t < ?");
             PreparedStatement min = db.prepareStatement("DELETE FROM minutes WHERE series = ? AND t < ?");
             PreparedStatement hr = db.prepareStatement("DELETE FROM hours WHERE series = ? AND t < ?")) {
            while (rs.next()) {
                long id = rs.getLong(1);
                deleted += delete(raw, id, now.minus(rawRetention.apply(rs.getString(2))));
                deleted += delete(min, id, now.minus(minutes));
                deleted += delete(hr, id, now.minus(hours));
            }
            db.commit();
        } catch (SQLException | RuntimeException e) {
            rollback();
            throw e;
        }
        return deleted;
    }

    private static int delete(PreparedStatement delete, long series, Instant before) throws SQLException {
        delete.setLong(1, series);
        delete.setLong(2, before.toEpochMilli());
        return delete.executeUpdate();
    }

    private static void upsert(PreparedStatement upsert, Map<BucketKey, Rollup> buckets) throws SQLException {
        for (Map.Entry<BucketKey, Rollup> e : buckets.entrySet()) {
            Rollup r = e.getValue();
            upsert.setLong(1, e.getKey().series);
            upsert.setLong(2, e.getKey().start);
            upsert.setLong(3, r.count);
            upsert.setDouble(4, r.sum);
            upsert.setDouble(5, r.min);
            upsert.setDouble(6, r.max);
            upsert.setLong(7, r.lastTime);
            upsert.setDouble(8, r.last);
            upsert.addBatch();
        }
        upsert.executeBatch();
    }

    private long seriesId(String rule, String topic, String field) throws SQLException {
        SeriesKey key = new SeriesKey(rule, topic, field);
        Long id = ids.get(key);
        if (id != null) {
            return id;
        }
        insertSeries.setString(1, rule);
        insertSeries.setString(2, topic);
        insertSeries.setString(3, field);
        insertSeries.executeUpdate();
        findSeries.setString(1, topic);
        findSeries.setString(2, field);
        findSeries.setString(3, rule);
        try (ResultSet rs = findSeries.executeQuery()) {
            rs.next();
            id = rs.getLong(1);
        }
        ids.put(key, id);
        return id;
    }

    private static int count(List<Reading> readings) {
        int n = 0;
        for (Reading r : readings) {
            n += r.fields().size();
        }
        return n;
    }

    private void rollback() {
        try {
            db.rollback();
        } catch (SQLException ignored) {
            // the connection is broken; the caller reports the first failure
        }
        ids.clear(); // ids inserted in the rolled-back transaction are gone
    }

    @Override
    public void close() throws SQLException {
        db.close();
    }
}
