package io.tombo.it.sink;

import io.tombo.it.servers.InfluxServer;
import io.tombo.it.servers.MariadbServer;
import io.tombo.it.servers.PostgresServer;
import io.tombo.it.servers.ServerHome;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * From sensor to the user's databases: python paho publishes the tutorial's BME280 JSON stream to {@code tombo broker},
 * whose internal recorder has one rule with the embedded store and three remote sinks, a real PostgreSQL, MariaDB
 * and InfluxDB 1.x started here. Mid-stream all three go down while publishing goes on; once they are back, every
 * message is in each of them exactly once.
 */
class RecorderSinksIT {
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final Pattern INFLUX_COUNT = Pattern.compile("\"values\":\\[\\[\"[^\"]+\",(\\d+)]]");
    private static final String PUBLISHER = """
            import json, sys, datetime
            import paho.mqtt.client as mqtt
            port, first, last = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
            start = datetime.datetime(2026, 11, 22, 8, 0, 0, tzinfo=datetime.timezone.utc)
            c = mqtt.Client(client_id="bme280", clean_session=True)
            c.connect("127.0.0.1", port)
            c.loop_start()
            sent = []
            for i in range(first, last):
                t = start + datetime.timedelta(seconds=i)
                sent.append(c.publish("raspi/bme", json.dumps({"timestamp": t.isoformat(),
                    "temperature": round(20 + i / 10, 1), "humidity": 57.5, "pressure": 997.8}), qos=1))
            for info in sent:
                info.wait_for_publish()
            c.loop_stop()
            c.disconnect()
            """;

    private static PostgresServer postgres;
    private static MariadbServer mariadb;
    private static InfluxServer influx;

    @TempDir
    Path dir;

    @BeforeAll
    static void startDatabases() {
        postgres = PostgresServer.start("e2e");
        mariadb = MariadbServer.start("e2e");
        influx = InfluxServer.start("e2e");
        influx.createDatabase("telemetry");
    }

    @AfterAll
    static void stopDatabases() {
        for (AutoCloseable server : new AutoCloseable[] {influx, mariadb, postgres}) {
            try {
                if (server != null) {
                    server.close();
                }
            } catch (Exception e) {
                // the others are still to be stopped
            }
        }
    }

    @Test
    void theBmeStreamReachesEverySinkOnceAcrossAnOutage() throws Exception {
        int port = ServerHome.freePort();
        int http = ServerHome.freePort();
        Path conf = Files.writeString(dir.resolve("tombo.conf"), """
                listener %d 127.0.0.1
                allow_anonymous true
                http_listener %d
                record_location %s
                sink pg postgresql %s
                sink_user %s
                sink_retry_max_interval 1
                sink maria mariadb %s
                sink_user %s
                sink_password %s
                sink_retry_max_interval 1
                sink influx influxdb %s
                sink_database telemetry
                sink_retry_max_interval 1
                record raspi/bme bme
                record_sink embedded pg maria influx
                """.formatted(port, http, dir, postgres.jdbcUrl(), PostgresServer.USER, mariadb.jdbcUrl(),
                MariadbServer.USER, MariadbServer.PASSWORD, influx.url()));
        Process broker = tombo(conf);
        try {
            await().atMost(WAIT).until(() -> log().contains("recording 1 rule(s)") || !broker.isAlive());
            assertThat(broker.isAlive()).as(log()).isTrue();

            publish(port, 0, 1000);
            awaitEverywhere(1000);

            postgres.stop();
            mariadb.stop();
            influx.stop();
            publish(port, 1000, 2000); // acknowledged by the recorder: the sinks buffer on disk
            await().atMost(WAIT).until(() -> {
                String log = log();
                return Stream.of("pg", "maria", "influx")
                        .allMatch(sink -> Pattern.compile("sink=" + sink + " .* is down").matcher(log).find());
            });
            postgres.start();
            mariadb.start();
            influx.start();
            publish(port, 2000, 3000);

            awaitEverywhere(3000);
            assertThat(distinct(postgres::connect)).isEqualTo(3000);
            assertThat(distinct(mariadb::connect)).isEqualTo(3000);
            // the outage is visible to a Prometheus scrape, per sink
            await().atMost(WAIT).untilAsserted(() -> assertThat(metrics(http))
                    .containsPattern("tombo_sink_sent_total\\{sink=\"pg\"} 3000")
                    .containsPattern("tombo_sink_failures_total\\{sink=\"maria\"} [1-9]")
                    .containsPattern("tombo_sink_buffered\\{sink=\"influx\"} 0")
                    .containsPattern("tombo_sink_down\\{sink=\"pg\"} 0"));
        } finally {
            broker.destroy();
            if (!broker.waitFor(20, TimeUnit.SECONDS)) {
                broker.destroyForcibly();
            }
        }
    }

    private static String metrics(int http) throws IOException, InterruptedException {
        try (HttpClient client = HttpClient.newHttpClient()) {
            return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        }
    }

    private void awaitEverywhere(long total) {
        await().atMost(WAIT).until(() -> count(postgres::connect) == total);
        await().atMost(WAIT).until(() -> count(mariadb::connect) == total);
        await().atMost(WAIT).until(() -> influxCount() == total);
    }

    private static long count(Callable<Connection> db) {
        return query(db, "SELECT count(*) FROM bme");
    }

    private static long distinct(Callable<Connection> db) {
        return query(db, "SELECT count(DISTINCT timestamp) FROM bme");
    }

    private static long query(Callable<Connection> db, String sql) {
        try (Connection c = db.call(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            return -1; // the table is not there yet
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static long influxCount() {
        Matcher m = INFLUX_COUNT.matcher(influx.query("telemetry", "SELECT count(temperature) FROM bme"));
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }

    private Process tombo(Path conf) throws IOException {
        String java = ProcessHandle.current().info().command().orElseThrow();
        String jar = System.getProperty("tombo.jar");
        assertThat(jar).as("system property tombo.jar (set by Failsafe)").isNotNull();
        assertThat(new File(jar)).as("the shaded jar; run mvn package first").isFile();
        return new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-jar", jar, "broker", "-c",
                conf.toString()).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("broker.log").toFile()).start();
    }

    private String log() throws IOException {
        return Files.readString(dir.resolve("broker.log"));
    }

    /** Publishes readings {@code first} to {@code last - 1} at QoS 1 and waits for every PUBACK. */
    private void publish(int port, int first, int last) throws IOException, InterruptedException {
        Path script = Files.writeString(dir.resolve("bme280.py"), PUBLISHER);
        Path out = dir.resolve("publisher-" + first + ".log");
        Process p = new ProcessBuilder(List.of("/usr/bin/python3", script.toString(), Integer.toString(port),
                Integer.toString(first), Integer.toString(last))).redirectErrorStream(true)
                .redirectOutput(out.toFile()).start();
        if (!p.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("publisher did not finish: " + Files.readString(out) + "\n" + log());
        }
        assertThat(p.exitValue()).as(Files.readString(out)).isZero();
    }
}
