package io.tombo.recorder;

import io.tombo.config.RecordRule;
import io.tombo.config.RecorderConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class SeriesStoreTest {
    private static final Instant T0 = Instant.parse("2024-05-01T12:00:00Z");
    private static final RecorderConfig.Retention RETENTION = new RecorderConfig.Retention(Duration.ofDays(30),
            Duration.ofDays(365), Duration.ofDays(1825));

    @TempDir
    Path dir;
    private final AtomicReference<Instant> now = new AtomicReference<>(T0.plus(Duration.ofDays(1)));
    private final InstantSource clock = () -> now.get();
    private SeriesStore store;

    @BeforeEach
    void open() {
        store = SeriesStore.open(dir, RETENTION, List.of(), clock);
    }

    @AfterEach
    void close() {
        store.close();
    }

    static Reading bme(Instant time, double temperature) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("temperature", temperature);
        fields.put("humidity", 57.5);
        fields.put("pressure", 997.8);
        return new Reading("raspi_bme", "raspi/bme", time, fields, "k" + time.toEpochMilli());
    }

    private Series series(String field) throws IOException {
        return store.series("raspi/bme", field).getFirst();
    }

    @Test
    void readingsBecomeOneSeriesPerFieldWithTheirPoints() throws IOException {
        store.accept(List.of(bme(T0, 26.7), bme(T0.plusSeconds(10), 26.9)));
        assertThat(store.series(null, null)).extracting(Series::field)
                .containsExactly("humidity", "pressure", "temperature");
        assertThat(store.series("raspi/+", "temperature")).hasSize(1);
        assertThat(store.series("other/#", null)).isEmpty();
        Series t = series("temperature");
        assertThat(t.levels()).containsExactly("raspi", "bme");
        assertThat(store.points(t, T0, T0.plusSeconds(60), 100)).containsExactly(
                new Point(T0.toEpochMilli(), 26.7, null), new Point(T0.plusSeconds(10).toEpochMilli(), 26.9, null));
        assertThat(store.latest(t)).isEqualTo(new Point(T0.plusSeconds(10).toEpochMilli(), 26.9, null));
        assertThat(store.pointsStored()).isEqualTo(6);
    }

    @Test
    void aRedeliveredReadingIsStoredOnceAndCountedOnce() throws IOException {
        store.accept(List.of(bme(T0, 26.7)));
        store.accept(List.of(bme(T0, 26.7), bme(T0.plusSeconds(1), 27.0)));
        Series t = series("temperature");
        assertThat(store.points(t, T0, T0.plusSeconds(60), 100)).hasSize(2);
        assertThat(store.aggregate(t, T0, T0.plusSeconds(60), Duration.ofMinutes(1)))
                .containsExactly(new Bucket(T0.toEpochMilli(), 2, 26.7, 27.0, 26.85, 27.0));
        assertThat(store.duplicatesIgnored()).isEqualTo(3);
    }

    @Test
    void rollupsAgreeWithRawAggregation() throws IOException {
        List<Reading> batch = new ArrayList<>();
        for (int i = 0; i < 3600; i++) {
            batch.add(bme(T0.plusSeconds(i), 20 + (i % 97) / 10.0));
        }
        // out of order and in several batches: rollups must not depend on either
        store.accept(batch.subList(1800, 3600));
        store.accept(batch.subList(0, 1800));
        Series t = series("temperature");
        Instant end = T0.plusSeconds(3600);
        List<Bucket> fromMinutes = store.aggregate(t, T0, end, Duration.ofMinutes(5));
        List<Bucket> fromRaw = store.aggregate(t, T0, end, Duration.ofSeconds(300).plusMillis(0));
        assertThat(fromMinutes).hasSize(12);
        List<Bucket> fromRawSeconds = store.aggregate(t, T0, end, Duration.ofSeconds(150));
        assertThat(fromRawSeconds).hasSize(24);
        for (int i = 0; i < 12; i++) {
            Bucket m = fromMinutes.get(i);
            Bucket a = fromRawSeconds.get(2 * i);
            Bucket b = fromRawSeconds.get(2 * i + 1);
            assertThat(m.count()).isEqualTo(a.count() + b.count()).isEqualTo(300);
            assertThat(m.min()).isEqualTo(Math.min(a.min(), b.min()));
            assertThat(m.max()).isEqualTo(Math.max(a.max(), b.max()));
            assertThat(m.mean()).isCloseTo((a.mean() + b.mean()) / 2, within(1e-9));
            assertThat(m.last()).isEqualTo(b.last());
        }
        assertThat(fromRaw).isEqualTo(fromMinutes);
        List<Bucket> hour = store.aggregate(t, T0, end, Duration.ofHours(1));
        assertThat(hour).singleElement().satisfies(h -> assertThat(h.count()).isEqualTo(3600));
    }

    @Test
    void retentionDeletesRawPointsButKeepsBuckets() throws IOException {
        store.accept(List.of(bme(T0, 26.7), bme(T0.plus(Duration.ofDays(20)), 25.0)));
        now.set(T0.plus(Duration.ofDays(31)));
        assertThat(store.expire()).isEqualTo(3);
        Series t = series("temperature");
        Instant far = T0.plus(Duration.ofDays(40));
        assertThat(store.points(t, T0.minusSeconds(1), far, 10)).extracting(Point::value).containsExactly(25.0);
        assertThat(store.aggregate(t, T0, far, Duration.ofMinutes(1))).extracting(Bucket::last)
                .containsExactly(26.7, 25.0);
        now.set(T0.plus(Duration.ofDays(366)));
        store.expire();
        assertThat(store.aggregate(t, T0, far, Duration.ofMinutes(1))).extracting(Bucket::last)
                .containsExactly(25.0);
        assertThat(store.aggregate(t, T0, far, Duration.ofHours(1))).extracting(Bucket::last)
                .containsExactly(26.7, 25.0);
    }

    @Test
    void oldPointsAreTakenAndPrunedByTheNextRetentionPass() throws IOException {
        store.accept(List.of(bme(now.get().minus(Duration.ofDays(31)), 1)));
        assertThat(store.pointsStored()).isEqualTo(3);
        assertThat(store.expire()).isEqualTo(3);
    }

    @Test
    void perRuleRetention() throws IOException {
        store.close();
        RecordRule shortLived = new RecordRule("raspi_bme", "raspi/bme", "t:1", RecordRule.Format.JSON, List.of(),
                RecordRule.Time.DEFAULT, List.of("embedded"), 1, Duration.ofHours(1));
        store = SeriesStore.open(dir, RETENTION, List.of(shortLived), clock);
        store.accept(List.of(bme(now.get().minus(Duration.ofHours(2)), 1), bme(now.get(), 2)));
        assertThat(store.expire()).isEqualTo(3);
        assertThat(store.points(series("temperature"), Instant.EPOCH, now.get().plusSeconds(1), 10))
                .extracting(Point::value).containsExactly(2.0);
    }

    @Test
    void deadLettersAreKeptWithTheirReason() throws IOException {
        byte[] payload = "warm".getBytes(StandardCharsets.UTF_8);
        store.keep(List.of(new DeadLetter("r", "a/b", payload, "not a number: 'warm'", T0)));
        assertThat(store.deadLetters(10)).singleElement().satisfies(d -> {
            assertThat(d.reason()).isEqualTo("not a number: 'warm'");
            assertThat(d.payload()).isEqualTo(payload);
            assertThat(d.topic()).isEqualTo("a/b");
            assertThat(d.arrival()).isEqualTo(T0);
        });
    }

    @Test
    void textAndBooleanValues() throws IOException {
        store.accept(List.of(new Reading("r", "door", T0, Map.of("state", "open", "locked", false), "k")));
        assertThat(store.latest(store.series("door", "state").getFirst())).isEqualTo(
                new Point(T0.toEpochMilli(), null, "open"));
        assertThat(store.latest(store.series("door", "locked").getFirst()).value()).isEqualTo(0.0);
    }

    @Test
    void survivesReopening() throws IOException {
        store.accept(List.of(bme(T0, 26.7)));
        store.close();
        store = SeriesStore.open(dir, RETENTION, List.of(), clock);
        store.accept(List.of(bme(T0.plusSeconds(1), 26.8)));
        assertThat(store.points(series("temperature"), T0, T0.plusSeconds(5), 10)).hasSize(2);
    }

    @Test
    void refusesANewerSchemaAndForeignFiles() throws Exception {
        store.close();
        try (var db = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(SeriesStore.FILE_NAME))) {
            db.createStatement().execute("PRAGMA user_version = 2");
        }
        assertThatThrownBy(() -> SeriesStore.open(dir, RETENTION, List.of(), clock))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("was written by a newer Tombo (recorder schema 2); this one knows schema 1");
        Path other = Files.createDirectory(dir.resolve("other"));
        try (var db = DriverManager.getConnection("jdbc:sqlite:" + other.resolve(SeriesStore.FILE_NAME))) {
            db.createStatement().execute("CREATE TABLE foo (x)");
        }
        assertThatThrownBy(() -> SeriesStore.open(other, RETENTION, List.of(), clock))
                .hasMessageContaining("is not a Tombo recorder database");
        store = SeriesStore.open(Files.createDirectory(dir.resolve("fresh")), RETENTION, List.of(), clock);
    }

    @Test
    void missingDirectoryIsReported() {
        assertThatThrownBy(() -> SeriesStore.open(dir.resolve("nope"), RETENTION, List.of(), clock))
                .hasMessageContaining("does not exist");
    }

}
