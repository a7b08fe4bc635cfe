package io.tombo.recorder.sink;

import io.tombo.config.SinkConfig;
import io.tombo.it.servers.MariadbServer;
import io.tombo.it.servers.PostgresServer;
import io.tombo.recorder.Reading;

import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Ingest figures of the PostgreSQL and MariaDB sinks for BENCHMARKS.md. Not a test: run it by hand.
 *
 * <pre>
 * mvn -o -q test-compile dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt -Dmdep.includeScope=test
 * java --enable-native-access=ALL-UNNAMED -cp target/classes:target/test-classes:$(cat /tmp/cp.txt) \
 *      io.tombo.recorder.sink.SinkIngestBenchmark [readings=100000] [batch=1000]
 * </pre>
 *
 * Each database is a real server started in a temporary directory (Debian's packages, as the sink ITs do). The
 * recorder's thread hands readings to the sink in batches of {@code batch}: "accept" is how fast the outbox commits
 * them (what the recorder waits for before it acknowledges), "delivered" how fast the drain thread moves them into
 * the database, from the first accept until the last row is in.
 */
public final class SinkIngestBenchmark {

    private SinkIngestBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int readings = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int batch = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        try (PostgresServer postgres = PostgresServer.start("bench")) {
            run("postgresql", SinkConfig.Type.POSTGRESQL, postgres.jdbcUrl(), PostgresServer.USER, null, readings,
                    batch);
        }
        try (MariadbServer mariadb = MariadbServer.start("bench")) {
            run("mariadb", SinkConfig.Type.MARIADB, mariadb.jdbcUrl(), MariadbServer.USER, MariadbServer.PASSWORD,
                    readings, batch);
        }
    }

    private static void run(String name, SinkConfig.Type type, String url, String user, String password, int total,
                            int batch) throws Exception {
        Path buffer = Files.createTempDirectory("tombo-sink-bench");
        SinkConfig config = new SinkConfig("bench:1", name, type, url, user, password, null, null, null, null, null,
                null, 10_000_000, buffer, Duration.ofSeconds(1));
        try (OutboxSink sink = RemoteSinks.open(config, buffer)) {
            long start = System.nanoTime();
            for (int from = 0; from < total; from += batch) {
                List<Reading> readings = Readings.bme("bme", from, Math.min(total, from + batch));
                sink.accept(readings);
            }
            long accepted = System.nanoTime();
            await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(5))
                    .until(() -> sink.counters().sent() >= total);
            long delivered = System.nanoTime();
            double acceptSeconds = (accepted - start) / 1e9;
            double deliverSeconds = (delivered - start) / 1e9;
            System.out.printf("%s: %,d readings (%,d fields) in batches of %,d: accept %,.0f readings/s (%,.0f fields/s);"
                            + " delivered %,.0f readings/s (%,.0f fields/s); failures %d%n", name, total, total * 3,
                    batch, total / acceptSeconds, 3 * total / acceptSeconds, total / deliverSeconds,
                    3 * total / deliverSeconds, sink.counters().failures());
        }
    }
}
