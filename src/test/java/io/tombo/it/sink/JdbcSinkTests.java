package io.tombo.it.sink;

import io.tombo.recorder.Reading;
import io.tombo.recorder.sink.OutboxSink;
import io.tombo.recorder.sink.Readings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The behaviour every table sink shares, run against a real server by {@link PostgresqlSinkIT} and
 * {@link MariadbSinkIT}: each test writes its own table, so one server serves the whole class.
 */
abstract class JdbcSinkTests {
    static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path buffers;

    /** The {@code sink} block, up to its URL and credentials, for a sink that writes {@code table}. */
    abstract String sinkConf(String table);

    abstract Connection connect() throws SQLException;

    /** {@code identifier} quoted for a query: the sink keeps the case of table and column names. */
    abstract String quote(String identifier);

    abstract void stopServer();

    abstract void startServer();

    /** The {@code information_schema} condition that selects the sink's schema ({@code table_schema = ...}). */
    abstract String schema();

    /** The column's type as {@code information_schema} spells it, lower case. */
    String columnType(String table, String column) throws SQLException {
        try (Connection db = connect(); PreparedStatement q = db.prepareStatement("SELECT data_type FROM "
                + "information_schema.columns WHERE " + schema() + " AND table_name = ? AND column_name = ?")) {
            q.setString(1, table);
            q.setString(2, column);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() ? rs.getString(1).toLowerCase() : null;
            }
        }
    }

    OutboxSink open(String table) {
        return SinkFixture.open(sinkConf(table) + "sink_retry_max_interval 1\n", buffers);
    }

    long count(String table) {
        try (Connection db = connect(); Statement s = db.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM " + quote(table))) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            return -1; // not created yet, or the server is restarting
        }
    }

    @Test
    void theTutorialTableIsCreatedWithTypedColumns() throws Exception {
        try (OutboxSink sink = open("Ambient")) {
            sink.accept(Readings.bme("bme", 0, 50));
            await().atMost(WAIT).until(() -> count("Ambient") == 50);
        }
        assertThat(columnType("Ambient", "temperature")).isIn("double precision", "double");
        try (Connection db = connect(); Statement s = db.createStatement();
             ResultSet rs = s.executeQuery("SELECT topic, temperature, humidity, pressure FROM "
                     + quote("Ambient") + " WHERE reading_key = 'bme-7'")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("raspi/bme");
            assertThat(rs.getDouble(2)).isEqualTo(20.7);
            assertThat(rs.getDouble(3)).isEqualTo(57.5);
            assertThat(rs.getDouble(4)).isEqualTo(997.8);
        }
    }

    @Test
    void eachValueTypeGetsItsColumnAndNewFieldsAddColumns() throws Exception {
        try (OutboxSink sink = open(null)) {
            sink.accept(List.of(reading("typed", "t-1", Map.of("count", 3L, "ok", true, "state", "idle"))));
            await().atMost(WAIT).until(() -> count("typed") == 1);
            sink.accept(List.of(reading("typed", "t-2", Map.of("count", 4.5, "volts", 3.3))));
            await().atMost(WAIT).until(() -> count("typed") == 2);
        }
        assertThat(columnType("typed", "ok")).isIn("boolean", "tinyint");
        assertThat(columnType("typed", "state")).isEqualTo("text");
        assertThat(columnType("typed", "count")).as("widened from bigint").isIn("double precision", "double");
        assertThat(columnType("typed", "volts")).isIn("double precision", "double");
    }

    @Test
    void aValueItsColumnCannotHoldIsDeadLetteredAndTheRestArrive() throws Exception {
        try (OutboxSink sink = open(null)) {
            sink.accept(List.of(reading("strict", "s-1", Map.of("level", 1.5)),
                    reading("strict", "s-2", Map.of("level", "high")),
                    reading("strict", "s-3", Map.of("level", 2.5))));
            await().atMost(WAIT).until(() -> sink.counters().buffered() == 0);
            assertThat(count("strict")).isEqualTo(2);
            assertThat(sink.counters().deadLettered()).isEqualTo(1);
        }
    }

    @Test
    void aReadingSentAgainIsNotStoredTwice() throws IOException {
        try (OutboxSink sink = open("again")) {
            sink.accept(Readings.bme("bme", 0, 20));
            await().atMost(WAIT).until(() -> sink.counters().buffered() == 0);
            sink.accept(Readings.bme("bme", 10, 30)); // a redelivery overlapping what was stored
            await().atMost(WAIT).until(() -> sink.counters().sent() == 40);
            assertThat(count("again")).isEqualTo(30);
        }
    }

    @Test
    void everyReadingArrivesOnceAcrossAnOutageMidStream() throws Exception {
        int total = 3000;
        try (OutboxSink sink = open("outage")) {
            SinkFixture.streamThroughOutage(sink, total, this::stopServer, this::startServer);
            await().atMost(WAIT).until(() -> count("outage") == total);
            await().atMost(WAIT).until(() -> sink.counters().buffered() == 0);
            assertThat(sink.counters().failures()).isPositive();
            assertThat(sink.counters().down()).isFalse();
            assertThat(sink.counters().deadLettered()).isZero();
        }
        try (Connection db = connect(); Statement s = db.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(DISTINCT reading_key), min(temperature), max(temperature) "
                     + "FROM outage")) {
            rs.next();
            assertThat(rs.getLong(1)).isEqualTo(total);
            assertThat(rs.getDouble(2)).isEqualTo(20.0);
            assertThat(rs.getDouble(3)).isEqualTo(20.0 + (total - 1) / 10.0);
        }
    }

    @Test
    void whatWasBufferedWhenTheSinkStoppedArrivesAfterARestart() throws IOException {
        stopServer();
        try {
            try (OutboxSink sink = open("restart")) {
                sink.accept(Readings.bme("bme", 0, 100));
                await().atMost(WAIT).until(() -> sink.counters().down());
            }
        } finally {
            startServer();
        }
        try (OutboxSink sink = open("restart")) {
            await().atMost(WAIT).until(() -> count("restart") == 100);
            await().atMost(WAIT).until(() -> sink.counters().buffered() == 0);
        }
    }

    static Reading reading(String rule, String key, Map<String, Object> fields) {
        Map<String, Object> ordered = new LinkedHashMap<>(new HashMap<>(fields));
        return new Reading(rule, "lab/" + rule, Instant.parse("2026-11-22T08:00:00Z"), ordered, key);
    }
}
