package io.tombo.it.servers;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;

import static org.awaitility.Awaitility.await;

/**
 * A real InfluxDB 1.x (Debian's {@code influxdb} package) for one test class: {@code influxd} as a child process with
 * a generated configuration that keeps everything in a temporary directory and binds 127.0.0.1 on free ports; never
 * the system service. {@link #stop()} and {@link #start()} take it down and bring it back with the same data.
 */
public final class InfluxServer implements AutoCloseable {
    private static final String LOG = "influxd.log";

    private final ServerHome home;
    private final int port;
    private final HttpClient http = HttpClient.newHttpClient();
    private Process server;

    private InfluxServer(ServerHome home, int port) {
        this.home = home;
        this.port = port;
    }

    public static InfluxServer start(String name) {
        var home = ServerHome.create("tombo-influx-" + name + "-", null);
        var influx = new InfluxServer(home, ServerHome.freePort());
        try {
            String dir = home.dir().toString();
            Files.writeString(home.dir().resolve("influxdb.conf"), """
                    reporting-disabled = true
                    bind-address = "127.0.0.1:%d"
                    [meta]
                      dir = "%s/meta"
                    [data]
                      dir = "%s/data"
                      wal-dir = "%s/wal"
                      query-log-enabled = false
                    [monitor]
                      store-enabled = false
                    [http]
                      bind-address = "127.0.0.1:%d"
                      log-enabled = false
                    [continuous_queries]
                      enabled = false
                    """.formatted(ServerHome.freePort(), dir, dir, dir, influx.port));
            influx.start();
            home.stopOnExit(influx::stop);
            return influx;
        } catch (IOException e) {
            influx.close();
            throw new AssertionError(e);
        } catch (RuntimeException | Error e) {
            influx.close();
            throw e;
        }
    }

    /** (Re)starts influxd and waits until {@code /ping} answers. */
    public void start() {
        server = home.start(List.of("influxd", "run", "-config", home.dir().resolve("influxdb.conf").toString()), LOG);
        home.awaitPort(port, server, LOG);
        await().atMost(ServerHome.TIMEOUT).ignoreExceptions().until(() -> get("/ping").statusCode() == 204);
    }

    public void stop() {
        ServerHome.stop(server);
        server = null;
    }

    /** {@code http://127.0.0.1:PORT}. */
    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public void createDatabase(String name) {
        HttpResponse<String> response = post("/query?q=" + encode("CREATE DATABASE \"" + name + "\""));
        if (response.statusCode() != 200) {
            throw new AssertionError("CREATE DATABASE " + name + ": HTTP " + response.statusCode() + " "
                    + response.body());
        }
    }

    /** The JSON answer of InfluxQL {@code query} in database {@code db}. */
    public String query(String db, String query) {
        HttpResponse<String> response = get("/query?db=" + encode(db) + "&q=" + encode(query));
        if (response.statusCode() != 200) {
            throw new AssertionError(query + ": HTTP " + response.statusCode() + " " + response.body());
        }
        return response.body();
    }

    public String log() {
        return home.log(LOG);
    }

    @Override
    public void close() {
        try {
            stop();
        } finally {
            http.close();
            home.close();
        }
    }

    private HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(URI.create(url() + path)).GET());
    }

    private HttpResponse<String> post(String path) {
        return send(HttpRequest.newBuilder(URI.create(url() + path)).POST(HttpRequest.BodyPublishers.noBody()));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
