package io.tombo.recorder;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.tombo.config.RecorderConfig;
import io.tombo.recorder.sink.OutboxSink;
import io.tombo.recorder.sink.SinkCounters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The read-only HTTP listener ({@code http_listener}): the query API, {@code /metrics} and the dashboard, on the
 * JDK's HTTP server (the recorder does not see Netty). Every request needs a broker user's login when
 * {@code credentials} is given (allow_anonymous false). Only GET and HEAD are answered.
 *
 * <pre>
 *   GET /api/series?topic=FILTER&amp;field=F              the recorded series
 *   GET /api/query?topic=&amp;field=&amp;from=&amp;to=&amp;bucket=&amp;limit=&amp;format=json|csv
 *                                                     raw points, or per bucket count/min/max/mean/last
 *   GET /api/latest?topic=FILTER                      the latest value of every series
 *   GET /api/topics                                   the live topic tree: last payload per topic
 *   GET /api/status                                   broker ($SYS) and recorder status
 *   GET /api/dead-letters?limit=N                     unreadable messages, newest first
 *   GET /metrics                                      Prometheus text format
 *   GET /                                             the dashboard
 * </pre>
 *
 * <p><b>Threading.</b> Requests run on a small pool of virtual threads; they only read (the store's read
 * connections, concurrent maps, counters).
 */
public final class HttpApi implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HttpApi.class);
    private static final JsonFactory JSON = new JsonFactory();
    private static final String DASHBOARD = "/io/tombo/recorder/dashboard/";
    private static final int MAX_POINTS = 1_000_000;

    private final HttpServer server;
    private final ExecutorService threads;
    private final SeriesStore store;
    private final LiveTopics live;
    private final RecorderCounters counters;
    private final List<OutboxSink> remotes;
    private final HttpCredentials credentials;
    private final RecorderMetrics metrics;
    private final InstantSource clock;

    private HttpApi(HttpServer server, SeriesStore store, LiveTopics live, RecorderCounters counters,
                    List<OutboxSink> remotes, HttpCredentials credentials, InstantSource clock) {
        this.server = server;
        this.store = store;
        this.live = live;
        this.counters = counters;
        this.remotes = List.copyOf(remotes);
        this.credentials = credentials;
        this.clock = clock;
        this.metrics = new RecorderMetrics(counters, this.remotes, store, live);
        this.threads = Executors.newVirtualThreadPerTaskExecutor();
        server.setExecutor(threads);
        server.createContext("/", this::handle);
    }

    /**
     * Binds and serves.
     *
     * @param live        the topic tree and $SYS watcher; null for none
     * @param counters    the recorder's counters; null when nothing is recorded
     * @param remotes     the remote sinks, whose outboxes /metrics and /api/status report
     * @param credentials checks Basic logins; null lets anyone read
     * @throws IOException when the port cannot be bound
     */
    public static HttpApi start(RecorderConfig.HttpListener config, SeriesStore store, LiveTopics live,
                                RecorderCounters counters, List<OutboxSink> remotes, HttpCredentials credentials,
                                InstantSource clock)
            throws IOException {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(config.address(), config.port()), 64);
        } catch (IOException e) {
            throw new IOException(config.source() + ": http_listener cannot listen on " + config.address() + ":"
                    + config.port() + ": " + e.getMessage(), e);
        }
        HttpApi api = new HttpApi(server, store, live, counters, remotes, credentials, clock);
        server.start();
        log.info("recorder: HTTP API and dashboard on http://{}:{}/", config.address(), api.port());
        return api;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }

    private void handle(HttpExchange ex) throws IOException {
        try {
            String method = ex.getRequestMethod();
            if (!method.equals("GET") && !method.equals("HEAD")) {
                ex.getResponseHeaders().set("Allow", "GET, HEAD");
                send(ex, 405, "text/plain", bytes("read-only: GET and HEAD only\n"));
                return;
            }
            if (credentials != null && !authorized(ex)) {
                ex.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"tombo\", charset=\"UTF-8\"");
                send(ex, 401, "text/plain", bytes("log in as a broker user\n"));
                return;
            }
            route(ex);
        } catch (IllegalArgumentException e) {
            send(ex, 400, "text/plain", bytes(e.getMessage() + "\n"));
        } catch (IOException | RuntimeException e) {
            log.warn("recorder: HTTP {} failed: {}", ex.getRequestURI(), e.toString());
            send(ex, 500, "text/plain", bytes("internal error: " + e.getMessage() + "\n"));
        } finally {
            ex.close(); // after the catch blocks: an error answer needs the exchange open
        }
    }

    private void route(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        QueryParameters q = new QueryParameters(ex.getRequestURI());
        switch (path) {
            case "/api/series" -> json(ex, g -> writeSeries(g, store.series(q.text("topic"), q.text("field"))));
            case "/api/query" -> query(ex, q);
            case "/api/latest" -> json(ex, g -> writeLatest(g, q.text("topic")));
            case "/api/topics" -> json(ex, this::writeTopics);
            case "/api/status" -> json(ex, this::writeStatus);
            case "/api/dead-letters" -> json(ex, g -> writeDeadLetters(g, q.integer("limit", 100, 10_000)));
            case "/metrics" -> {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                metrics.write(out);
                send(ex, 200, metrics.contentType(), out.toByteArray());
            }
            case "/" -> resource(ex, "index.html");
            default -> resource(ex, path.substring(1));
        }
    }

    private void query(HttpExchange ex, QueryParameters q) throws IOException {
        Instant now = clock.instant();
        Instant to = q.time("to", now, now);
        Instant from = q.time("from", now, to.minus(Duration.ofDays(1)));
        Duration bucket = q.duration("bucket", null);
        int limit = q.integer("limit", MAX_POINTS, MAX_POINTS);
        List<Series> series = store.series(q.text("topic"), q.text("field"));
        if ("csv".equals(q.text("format"))) {
            StringBuilder csv = new StringBuilder(bucket == null ? "rule,topic,field,time,value\n"
                    : "rule,topic,field,time,count,min,max,mean,last\n");
            for (Series s : series) {
                String prefix = csvCell(s.rule()) + "," + csvCell(s.topic()) + "," + csvCell(s.field()) + ",";
                if (bucket == null) {
                    for (Point p : store.points(s, from, to, limit)) {
                        csv.append(prefix).append(Instant.ofEpochMilli(p.time())).append(',')
                                .append(p.value() != null ? p.value().toString() : csvCell(p.text())).append('\n');
                    }
                } else {
                    for (Bucket b : store.aggregate(s, from, to, bucket)) {
                        csv.append(prefix).append(Instant.ofEpochMilli(b.start())).append(',').append(b.count())
                                .append(',').append(b.min()).append(',').append(b.max()).append(',')
                                .append(b.mean()).append(',').append(b.last()).append('\n');
                    }
                }
            }
            send(ex, 200, "text/csv; charset=utf-8", bytes(csv.toString()));
            return;
        }
        json(ex, g -> {
            g.writeStartObject();
            g.writeNumberField("from", from.toEpochMilli());
            g.writeNumberField("to", to.toEpochMilli());
            if (bucket != null) {
                g.writeNumberField("bucket", bucket.toMillis());
            }
            g.writeArrayFieldStart("series");
            for (Series s : series) {
                g.writeStartObject();
                writeSeriesFields(g, s);
                if (bucket == null) {
                    g.writeArrayFieldStart("points");
                    for (Point p : store.points(s, from, to, limit)) {
                        g.writeStartArray();
                        g.writeNumber(p.time());
                        if (p.value() != null) {
                            g.writeNumber(p.value());
                        } else {
                            g.writeString(p.text());
                        }
                        g.writeEndArray();
                    }
                } else {
                    g.writeArrayFieldStart("buckets");
                    for (Bucket b : store.aggregate(s, from, to, bucket)) {
                        g.writeStartArray();
                        g.writeNumber(b.start());
                        g.writeNumber(b.count());
                        g.writeNumber(b.min());
                        g.writeNumber(b.max());
                        g.writeNumber(b.mean());
                        g.writeNumber(b.last());
                        g.writeEndArray();
                    }
                }
                g.writeEndArray();
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        });
    }

    private void writeSeries(JsonGenerator g, List<Series> series) throws IOException {
        g.writeStartArray();
        for (Series s : series) {
            g.writeStartObject();
            writeSeriesFields(g, s);
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    private static void writeSeriesFields(JsonGenerator g, Series s) throws IOException {
        g.writeStringField("rule", s.rule());
        g.writeStringField("topic", s.topic());
        g.writeStringField("field", s.field());
        g.writeArrayFieldStart("levels");
        for (String level : s.levels()) {
            g.writeString(level);
        }
        g.writeEndArray();
    }

    private void writeLatest(JsonGenerator g, String topic) throws IOException {
        g.writeStartArray();
        for (Series s : store.series(topic, null)) {
            Point p = store.latest(s);
            if (p == null) {
                continue;
            }
            g.writeStartObject();
            writeSeriesFields(g, s);
            g.writeNumberField("time", p.time());
            if (p.value() != null) {
                g.writeNumberField("value", p.value());
            } else {
                g.writeStringField("value", p.text());
            }
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    private void writeTopics(JsonGenerator g) throws IOException {
        g.writeStartObject();
        g.writeBooleanField("connected", live != null && live.connected());
        g.writeObjectFieldStart("topics");
        if (live != null) {
            for (Map.Entry<String, LiveTopics.Last> e : live.snapshot().entrySet()) {
                LiveTopics.Last l = e.getValue();
                g.writeObjectFieldStart(e.getKey());
                g.writeStringField("payload", l.payload());
                g.writeNumberField("time", l.time());
                g.writeNumberField("count", l.count());
                g.writeBooleanField("retained", l.retained());
                g.writeEndObject();
            }
        }
        g.writeEndObject();
        g.writeNumberField("notKept", live == null ? 0 : live.topicsNotKept());
        g.writeEndObject();
    }

    private void writeStatus(JsonGenerator g) throws IOException {
        g.writeStartObject();
        g.writeObjectFieldStart("broker");
        if (live != null) {
            for (String name : List.of("clients/connected", "clients/total", "subscriptions/count",
                    "load/messages/received/1min", "load/messages/sent/1min", "publish/messages/dropped",
                    "messages/received", "messages/sent")) {
                Double v = live.sys(name);
                if (v != null) {
                    g.writeNumberField(name, v);
                }
            }
        }
        g.writeEndObject();
        g.writeObjectFieldStart("recorder");
        if (counters != null) {
            g.writeNumberField("received", counters.received());
            g.writeNumberField("readings", counters.readings());
            g.writeNumberField("fields", counters.fields());
            g.writeNumberField("deadLetters", counters.deadLetters());
            g.writeNumberField("unmatched", counters.unmatched());
            g.writeNumberField("sinkFailures", counters.sinkFailures());
        }
        g.writeNumberField("pointsStored", store.pointsStored());
        g.writeNumberField("duplicatesIgnored", store.duplicatesIgnored());
        g.writeEndObject();
        g.writeObjectFieldStart("sinks");
        for (OutboxSink remote : remotes) {
            SinkCounters c = remote.counters();
            g.writeObjectFieldStart(remote.name());
            g.writeNumberField("buffered", c.buffered());
            g.writeNumberField("sent", c.sent());
            g.writeNumberField("refused", c.refused());
            g.writeNumberField("failures", c.failures());
            g.writeNumberField("deadLettered", c.deadLettered());
            g.writeBooleanField("down", c.down());
            g.writeEndObject();
        }
        g.writeEndObject();
        g.writeNumberField("time", clock.millis());
        g.writeEndObject();
    }

    private void writeDeadLetters(JsonGenerator g, int limit) throws IOException {
        g.writeStartArray();
        for (DeadLetter d : store.deadLetters(limit)) {
            g.writeStartObject();
            g.writeNumberField("time", d.arrival().toEpochMilli());
            g.writeStringField("rule", d.rule());
            g.writeStringField("topic", d.topic());
            g.writeStringField("reason", d.reason());
            g.writeStringField("payload", new String(d.payload(), StandardCharsets.UTF_8));
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    private boolean authorized(HttpExchange ex) {
        String header = ex.getRequestHeaders().getFirst("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return false;
        }
        try {
            String decoded = new String(Base64.getDecoder().decode(header.substring(6).strip()),
                    StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            return colon > 0 && credentials.check(decoded.substring(0, colon),
                    decoded.substring(colon + 1).getBytes(StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** A dashboard file from the jar; names are checked against a fixed pattern so nothing else is served. */
    private void resource(HttpExchange ex, String name) throws IOException {
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]*") || name.contains("..")) {
            send(ex, 404, "text/plain", bytes("not found\n"));
            return;
        }
        try (InputStream in = HttpApi.class.getResourceAsStream(DASHBOARD + name)) {
            if (in == null) {
                send(ex, 404, "text/plain", bytes("not found\n"));
                return;
            }
            send(ex, 200, contentType(name), in.readAllBytes());
        }
    }

    private static String contentType(String name) {
        if (name.endsWith(".html")) {
            return "text/html; charset=utf-8";
        } else if (name.endsWith(".js")) {
            return "text/javascript; charset=utf-8";
        } else if (name.endsWith(".css")) {
            return "text/css; charset=utf-8";
        }
        return "text/plain; charset=utf-8";
    }

    @FunctionalInterface
    private interface JsonBody {
        void write(JsonGenerator g) throws IOException;
    }

    private static void json(HttpExchange ex, JsonBody body) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = JSON.createGenerator(out)) {
            body.write(g);
        }
        send(ex, 200, "application/json", out.toByteArray());
    }

    private static void send(HttpExchange ex, int status, String type, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", type);
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        boolean head = ex.getRequestMethod().equals("HEAD");
        ex.sendResponseHeaders(status, head ? -1 : body.length == 0 ? -1 : body.length);
        if (!head && body.length > 0) {
            try (OutputStream os = ex.getResponseBody()) {
                os.write(body);
            }
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String csvCell(String s) {
        if (s == null) {
            return "";
        }
        return s.contains(",") || s.contains("\"") || s.contains("\n") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }
}
