package io.tombo.it.sink;

import io.tombo.it.servers.InfluxServer;
import io.tombo.recorder.Reading;
import io.tombo.recorder.sink.OutboxSink;
import io.tombo.recorder.sink.Readings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The InfluxDB sink (v1 API) against a real InfluxDB 1.x started for this class; each test has its own database. */
class InfluxdbSinkIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Pattern COUNT = Pattern.compile("\"values\":\\[\\[\"[^\"]+\",(\\d+)]]");
    private static InfluxServer influx;

    @TempDir
    Path buffers;

    @BeforeAll
    static void startInflux() {
        influx = InfluxServer.start("sink");
    }

    @AfterAll
    static void stopInflux() {
        if (influx != null) {
            influx.close();
        }
    }

    private OutboxSink open(String database) {
        influx.createDatabase(database);
        return SinkFixture.open("sink influx influxdb " + influx.url() + "\nsink_database " + database
                + "\nsink_retry_max_interval 1\n", buffers);
    }

    /** Points of {@code measurement} in {@code database}, -1 while the server does not answer. */
    private static long count(String database, String query) {
        try {
            Matcher m = COUNT.matcher(influx.query(database, query));
            return m.find() ? Long.parseLong(m.group(1)) : 0;
        } catch (RuntimeException e) {
            return -1;
        }
    }

    @Test
    void pointsArriveTaggedWithTopicAndLevels() throws IOException {
        try (OutboxSink sink = open("points")) {
            sink.accept(Readings.bme("bme", 0, 100));
            await().atMost(WAIT).until(() -> count("points", "SELECT count(temperature) FROM bme") == 100);
        }
        assertThat(count("points", "SELECT count(pressure) FROM bme WHERE level1 = 'raspi' AND level2 = 'bme' "
                + "AND topic = 'raspi/bme'")).isEqualTo(100);
        assertThat(influx.query("points", "SELECT temperature FROM bme WHERE time = '2026-11-22T08:00:07Z'"))
                .contains("20.7");
    }

    @Test
    void integersBooleansAndStringsKeepTheirTypes() throws IOException {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("count", 3L);
        fields.put("ok", true);
        fields.put("state", "say \"hi\", ok");
        try (OutboxSink sink = open("types")) {
            sink.accept(List.of(new Reading("lab", "lab/a b", Instant.parse("2026-11-22T08:00:00Z"), fields, "k")));
            await().atMost(WAIT).until(() -> count("types", "SELECT count(state) FROM lab") == 1);
        }
        assertThat(influx.query("types", "SHOW FIELD KEYS FROM lab"))
                .contains("[\"count\",\"integer\"]", "[\"ok\",\"boolean\"]", "[\"state\",\"string\"]");
        assertThat(influx.query("types", "SELECT * FROM lab")).contains("say \\\"hi\\\", ok", "lab/a b");
    }

    @Test
    void everyReadingArrivesOnceAcrossAnOutageMidStream() throws IOException {
        int total = 3000;
        try (OutboxSink sink = open("outage")) {
            SinkFixture.streamThroughOutage(sink, total, influx::stop, influx::start);
            await().atMost(WAIT).until(() -> count("outage", "SELECT count(temperature) FROM bme") == total);
            await().atMost(WAIT).until(() -> sink.counters().buffered() == 0);
            assertThat(sink.counters().failures()).isPositive();
            assertThat(sink.counters().deadLettered()).isZero();
        }
    }

    @Test
    void aMissingDatabaseIsRetriedUntilItExists() throws IOException {
        try (OutboxSink sink = SinkFixture.open("sink influx influxdb " + influx.url() + "\nsink_database later\n"
                + "sink_retry_max_interval 1\n", buffers)) {
            sink.accept(Readings.bme("bme", 0, 10));
            await().atMost(WAIT).until(() -> sink.counters().down());
            influx.createDatabase("later");
            await().atMost(WAIT).until(() -> count("later", "SELECT count(temperature) FROM bme") == 10);
        }
    }
}
