package io.tombo.recorder.sink;

import io.tombo.config.SinkConfig;
import io.tombo.recorder.Reading;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * InfluxDB as a sink: readings as line protocol over HTTP, to the v1 {@code /write}, v2 {@code /api/v2/write} or v3
 * {@code /api/v3/write_lp} API, nanosecond precision. A batch the server refuses with a 4xx (a bad line makes InfluxDB
 * refuse the request) is sent again one reading at a time so that only the bad readings are refused. A 404 means the
 * database or bucket does not exist yet: that is kept and retried, like an unreachable server.
 *
 * <p>Used by its sink's drain thread only.
 */
final class InfluxRemote implements Remote {
    private static final int BATCH = 1000;
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final SinkConfig config;
    private final URI endpoint;
    private final String authorization;
    private final HttpClient http;

    InfluxRemote(SinkConfig config) {
        this.config = config;
        this.endpoint = URI.create(strip(config.url()) + path(config));
        this.authorization = authorization(config);
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    }

    private static String path(SinkConfig c) {
        return switch (c.influxApi()) {
            case V1 -> "/write?db=" + encode(c.database()) + "&precision=ns";
            case V2 -> "/api/v2/write?org=" + encode(c.org()) + "&bucket=" + encode(c.bucket()) + "&precision=ns";
            case V3 -> "/api/v3/write_lp?db=" + encode(c.database()) + "&precision=nanosecond";
        };
    }

    /** v1 takes HTTP basic authentication as well as u/p query parameters; the header keeps passwords out of URLs. */
    private static String authorization(SinkConfig c) {
        if (c.token() != null) {
            return (c.influxApi() == SinkConfig.InfluxApi.V3 ? "Bearer " : "Token ") + c.token();
        }
        if (c.user() != null) {
            return HttpVerdict.basic(c.user(), c.password());
        }
        return null;
    }

    @Override
    public int batchSize() {
        return BATCH;
    }

    @Override
    public String describe() {
        return "influxdb " + config.influxApi().name().toLowerCase() + " " + strip(config.url());
    }

    @Override
    public List<Rejection> write(List<Reading> readings) throws IOException {
        List<Rejection> rejected = new ArrayList<>();
        List<Reading> sendable = new ArrayList<>();
        var body = new StringBuilder();
        for (Reading r : readings) {
            try {
                body.append(LineProtocol.line(r, config.table() != null ? config.table() : r.rule())).append('\n');
                sendable.add(r);
            } catch (IllegalArgumentException | ArithmeticException e) {
                rejected.add(new Rejection(r, e.getMessage()));
            }
        }
        if (sendable.isEmpty()) {
            return rejected;
        }
        HttpResponse<String> response = post(body.toString());
        switch (HttpVerdict.of(response.statusCode())) {
            case DELIVERED -> {
            }
            case RETRY -> throw failure(response);
            case REFUSED -> {
                if (response.statusCode() == 404) {
                    throw failure(response);
                }
                if (sendable.size() == 1) {
                    rejected.add(new Rejection(sendable.getFirst(), HttpVerdict.answer(response)));
                } else {
                    for (Reading r : sendable) {
                        rejected.addAll(write(List.of(r)));
                    }
                }
            }
        }
        return rejected;
    }

    @Override
    public void close() {
        http.close();
    }

    private HttpResponse<String> post(String lines) throws IOException {
        var request = HttpRequest.newBuilder(endpoint).timeout(TIMEOUT)
                .header("Content-Type", "text/plain; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(lines, StandardCharsets.UTF_8));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private IOException failure(HttpResponse<String> response) {
        return new IOException(describe() + " answered " + HttpVerdict.answer(response));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String strip(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
