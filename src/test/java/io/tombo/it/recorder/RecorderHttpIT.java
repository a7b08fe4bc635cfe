package io.tombo.it.recorder;

import io.tombo.it.process.Program;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The recorder's HTTP listener inside {@code tombo broker}: the query API over a recorded BME280 stream, the
 * Prometheus endpoint, the dashboard in headless Chromium (playwright-core), and Basic auth against the broker's
 * password file when anonymous access is off.
 */
class RecorderHttpIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    /** Ten minutes of readings ending a minute ago, so the dashboard's default 24 h range shows them. */
    private static final Instant START = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofMinutes(11));
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static Path dir;
    private static Program broker;
    private static String base;

    @BeforeAll
    static void recordTenMinutes() throws IOException {
        dir = Files.createTempDirectory("tombo-recorder-http");
        int port = freePort();
        int http = freePort();
        Path conf = Files.writeString(dir.resolve("tombo.conf"), "listener " + port + " 127.0.0.1\n"
                + "allow_anonymous true\nsys_interval 1\nrecord_location " + dir + "\nhttp_listener " + http + "\n"
                + "record raspi/bme\n");
        broker = Program.tombo(dir, "broker", "-c", conf.toString()).awaitStderr("HTTP API and dashboard on");
        base = "http://127.0.0.1:" + http;
        BmeStream.publish(dir, port, START, 0, 600);
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(get("/api/status").body())
                .contains("\"pointsStored\":1800"));
    }

    @AfterAll
    static void stop() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void queryApiReturnsRawPointsBucketsCsvAndLatest() throws Exception {
        assertThat(get("/api/series").body()).contains("{\"rule\":\"raspi_bme\",\"topic\":\"raspi/bme\","
                + "\"field\":\"temperature\",\"levels\":[\"raspi\",\"bme\"]}");
        String range = "&from=" + START + "&to=" + START.plus(Duration.ofHours(1));
        String raw = get("/api/query?topic=raspi/bme&field=temperature" + range).body();
        assertThat(raw.split("\\],\\[")).hasSize(600);
        assertThat(raw).contains("[" + START.toEpochMilli() + ",20.0]");
        String buckets = get("/api/query?topic=raspi/%2B&field=pressure&bucket=1m" + range).body();
        assertThat(buckets).contains("\"bucket\":60000").contains("[" + START.toEpochMilli() + ",60,997.8,997.8,");
        assertThat(buckets.split("\\],\\[")).hasSize(10);
        HttpResponse<String> csv = get("/api/query?topic=raspi/bme&field=humidity&format=csv" + range);
        assertThat(csv.headers().firstValue("Content-Type")).hasValue("text/csv; charset=utf-8");
        assertThat(csv.body().lines()).hasSize(601).first().isEqualTo("rule,topic,field,time,value");
        assertThat(csv.body().lines().skip(1).findFirst()).hasValue("raspi_bme,raspi/bme,humidity," + START + ",57.5");
        assertThat(get("/api/latest?topic=raspi/%23").body()).contains("\"field\":\"temperature\",\"levels\":"
                + "[\"raspi\",\"bme\"],\"time\":" + START.plusSeconds(599).toEpochMilli());
        assertThat(get("/api/query?from=yesterday").statusCode()).isEqualTo(400);
        HttpResponse<String> post = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/series"))
                .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(get("/../tombo.conf").statusCode()).isEqualTo(404);
    }

    @Test
    void metricsAndBrokerStatusFromSys() throws Exception {
        String metrics = get("/metrics").body();
        assertThat(metrics).contains("tombo_recorder_fields_total 1800.0").contains("tombo_recorder_dead_letters_total 0.0");
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(get("/api/status").body())
                .contains("\"clients/connected\":").contains("\"subscriptions/count\":"));
        assertThat(get("/api/topics").body()).contains("\"raspi/bme\":{\"payload\":\"{\\\"timestamp\\\"");
    }

    @Test
    void dashboardChartsTheRecordedSeriesInChromium() throws Exception {
        Path script = Path.of("src/test/browser/dashboard.mjs").toAbsolutePath();
        Path playwright = Path.of("src/test/browser/node_modules/playwright-core").toAbsolutePath();
        if (System.getenv("CI") != null) { // CI installs both: a skipped dashboard test there would hide a failure
            assertThat(playwright).as("playwright-core, installed by .ci/run (npm ci --prefix src/test/browser)").exists();
            assertThat(Path.of("/usr/bin/chromium")).as("Debian's chromium, installed by .ci/run").exists();
        }
        assumeTrue(Files.exists(playwright) && Files.exists(Path.of("/usr/bin/chromium")),
                "needs Debian's chromium and playwright-core: npm ci --prefix src/test/browser (.ci/run does)");
        Path screenshot = Path.of("target", "dashboard.png").toAbsolutePath();
        Files.deleteIfExists(screenshot);
        Program node = Program.start(dir, List.of("node", script.toString(), base + "/",
                screenshot.toString()));
        assertThat(node.awaitExit()).as(node.describe()).isZero();
        String report = node.stdoutText();
        assertThat(report).contains("\"series\":3").contains("\"errors\":[]").contains("raspi/bme · temperature")
                .doesNotContain("\"points\":0,").doesNotContain("\"canvases\":0");
        assertThat(screenshot).isRegularFile();
        assertThat(Files.size(screenshot)).isGreaterThan(10_000);
    }

    @Test
    void withoutAnonymousAccessTheApiWantsABrokerUser() throws Exception {
        Path authDir = Files.createDirectories(dir.resolve("auth"));
        Path passwords = authDir.resolve("passwd");
        Program passwd = Program.start(authDir, List.of("mosquitto_passwd", "-c", "-b", passwords.toString(),
                "grafana", "s3cret"));
        assertThat(passwd.awaitExit()).as(passwd.describe()).isZero();
        Program add = Program.start(authDir, List.of("mosquitto_passwd", "-b", passwords.toString(), "recorder",
                "r3corder"));
        assertThat(add.awaitExit()).as(add.describe()).isZero();
        int port = freePort();
        int http = freePort();
        Path conf = Files.writeString(authDir.resolve("tombo.conf"), "listener " + port + " 127.0.0.1\n"
                + "allow_anonymous false\npassword_file " + passwords + "\nrecord_location " + authDir
                + "\nrecord_username recorder\nrecord_password r3corder\nhttp_listener " + http + "\nrecord raspi/bme\n");
        try (Program secured = Program.tombo(authDir, "broker", "-c", conf.toString())
                .awaitStderr("HTTP API and dashboard on")) { // logged after the rules start
            String url = "http://127.0.0.1:" + http + "/api/series";
            assertThat(send(url, null).statusCode()).isEqualTo(401);
            assertThat(send(url, "grafana:wrong").statusCode()).isEqualTo(401);
            assertThat(send(url, "grafana:s3cret").statusCode()).isEqualTo(200);
            BmeStream.publish(authDir, port, START, 0, 5, "grafana", "s3cret");
            await().atMost(TIMEOUT).untilAsserted(() -> assertThat(send(url, "grafana:s3cret").body())
                    .contains("\"field\":\"pressure\""));
        }
    }

    private static HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send(base + path, null);
    }

    private static HttpResponse<String> send(String url, String login) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url));
        if (login != null) {
            request.header("Authorization", "Basic "
                    + Base64.getEncoder().encodeToString(login.getBytes(StandardCharsets.UTF_8)));
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
