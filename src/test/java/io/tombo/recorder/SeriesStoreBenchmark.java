package io.tombo.recorder;

import io.tombo.config.RecordRule;
import io.tombo.config.RecorderConfig;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Ingest and query figures of the embedded series store for BENCHMARKS.md. Not a test: run it by hand.
 *
 * <pre>
 * mvn -o -q test-compile dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt
 * java -cp target/classes:target/test-classes:$(cat /tmp/cp.txt) io.tombo.recorder.SeriesStoreBenchmark \
 *      [messages=300000] [batch=1000] [query points=1000000]
 * </pre>
 *
 * Ingest: the tutorial's BME280 JSON (timestamp + 3 fields) read by {@link PayloadReader} and stored in batches
 * of {@code batch} messages, as the recorder loop does (one transaction each). Query: one series with
 * {@code query points} points over one day, aggregated into 1-minute buckets (from the rollups) and, for
 * comparison, into 30-second buckets (from raw points).
 */
public final class SeriesStoreBenchmark {
    private static final Instant DAY = Instant.parse("2024-05-01T00:00:00Z");

    private SeriesStoreBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int messages = args.length > 0 ? Integer.parseInt(args[0]) : 300_000;
        int batch = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        int queryPoints = args.length > 2 ? Integer.parseInt(args[2]) : 1_000_000;
        RecorderConfig.Retention forever = new RecorderConfig.Retention(Duration.ofDays(36500),
                Duration.ofDays(36500), Duration.ofDays(36500));
        ingest(Files.createTempDirectory("tombo-series-bench"), forever, messages, batch);
        query(Files.createTempDirectory("tombo-series-bench"), forever, queryPoints);
    }

    private static void ingest(Path dir, RecorderConfig.Retention retention, int messages, int batch)
            throws Exception {
        RecordRule rule = new RecordRule("raspi_bme", "raspi/bme", "bench", RecordRule.Format.JSON, List.of(),
                RecordRule.Time.DEFAULT, List.of("embedded"), 1, null);
        PayloadReader reader = new PayloadReader(rule);
        try (SeriesStore store = SeriesStore.open(dir, retention, List.of(rule), InstantSource.system())) {
            long start = System.nanoTime();
            List<Reading> pending = new ArrayList<>(batch);
            for (int i = 0; i < messages; i++) {
                String json = "{\"timestamp\": \"" + DAY.plusSeconds(i) + "\", \"temperature\": " + (20 + i % 100 / 10.0)
                        + ", \"humidity\": 57.5, \"pressure\": 997.8}";
                pending.add(reader.read("raspi/bme", json.getBytes(StandardCharsets.UTF_8), Instant.now()));
                if (pending.size() == batch) {
                    store.accept(pending);
                    pending = new ArrayList<>(batch);
                }
            }
            store.accept(pending);
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("ingest: %,d messages, %,d fields in %.2f s: %,.0f messages/s, %,.0f fields/s "
                    + "(batches of %d)%n", messages, messages * 3L, seconds, messages / seconds,
                    messages * 3 / seconds, batch);
        }
    }

    private static void query(Path dir, RecorderConfig.Retention retention, int points) throws Exception {
        try (SeriesStore store = SeriesStore.open(dir, retention, List.of(), InstantSource.system())) {
            long step = Duration.ofDays(1).toMillis() / points; // 86 ms for a million
            List<Reading> pending = new ArrayList<>(10_000);
            for (int i = 0; i < points; i++) {
                pending.add(new Reading("r", "raspi/bme", DAY.plusMillis(i * step),
                        java.util.Map.of("temperature", 20 + (i % 1000) / 100.0), Integer.toString(i)));
                if (pending.size() == 10_000) {
                    store.accept(pending);
                    pending = new ArrayList<>(10_000);
                }
            }
            store.accept(pending);
            Series s = store.series("raspi/bme", "temperature").getFirst();
            Instant end = DAY.plus(Duration.ofDays(1));
            report("1-minute buckets (rollups)", () -> store.aggregate(s, DAY, end, Duration.ofMinutes(1)).size());
            report("30-second buckets (raw)", () -> store.aggregate(s, DAY, end, Duration.ofSeconds(30)).size());
            report("latest", () -> store.latest(s) == null ? 0 : 1);
        }
    }

    @FunctionalInterface
    private interface Query {
        int run() throws Exception;
    }

    private static void report(String what, Query q) throws Exception {
        for (int i = 0; i < 3; i++) {
            q.run(); // warm up
        }
        long[] nanos = new long[15];
        int rows = 0;
        for (int i = 0; i < nanos.length; i++) {
            long start = System.nanoTime();
            rows = q.run();
            nanos[i] = System.nanoTime() - start;
        }
        Arrays.sort(nanos);
        System.out.printf("query over one day: %s: %d rows, median %.2f ms, max %.2f ms%n", what, rows,
                nanos[nanos.length / 2] / 1e6, nanos[nanos.length - 1] / 1e6);
    }
}
