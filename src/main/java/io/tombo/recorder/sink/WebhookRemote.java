package io.tombo.recorder.sink;

import io.tombo.config.SinkConfig;
import io.tombo.recorder.Reading;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * An HTTP endpoint as a sink: each reading is POSTed as JSON ({@link JsonReading}) with an {@code Idempotency-Key}
 * header holding the reading's key, so that a receiver can drop the copy a retry sends. 2xx is delivered; a 4xx other
 * than 401, 403, 408 and 429 refuses that reading for good (dead-letter table, with the answer); anything else, or
 * no answer, keeps the batch for a later attempt, which sends again what this one had already delivered.
 *
 * <p>Used by its sink's drain thread only.
 */
final class WebhookRemote implements Remote {
    private static final int BATCH = 50;
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final URI uri;
    private final String authorization;
    private final HttpClient http;

    WebhookRemote(SinkConfig config) {
        this.uri = URI.create(config.url());
        if (config.token() != null) {
            authorization = "Bearer " + config.token();
        } else if (config.user() != null) {
            authorization = HttpVerdict.basic(config.user(), config.password());
        } else {
            authorization = null;
        }
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    }

    @Override
    public int batchSize() {
        return BATCH;
    }

    @Override
    public String describe() {
        return "webhook " + uri.getScheme() + "://" + uri.getAuthority() + uri.getPath();
    }

    @Override
    public List<Rejection> write(List<Reading> readings) throws IOException {
        List<Rejection> rejected = new ArrayList<>();
        for (Reading r : readings) {
            var request = HttpRequest.newBuilder(uri).timeout(TIMEOUT)
                    .header("Content-Type", "application/json")
                    .header("Idempotency-Key", r.key())
                    .POST(HttpRequest.BodyPublishers.ofString(JsonReading.of(r), StandardCharsets.UTF_8));
            if (authorization != null) {
                request.header("Authorization", authorization);
            }
            HttpResponse<String> response;
            try {
                response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
            switch (HttpVerdict.of(response.statusCode())) {
                case DELIVERED -> {
                }
                case RETRY -> throw new IOException(describe() + " answered " + HttpVerdict.answer(response));
                case REFUSED -> rejected.add(new Rejection(r, HttpVerdict.answer(response)));
            }
        }
        return rejected;
    }

    @Override
    public void close() {
        http.close();
    }
}
