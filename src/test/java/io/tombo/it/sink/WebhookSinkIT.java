package io.tombo.it.sink;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.tombo.recorder.sink.OutboxSink;
import io.tombo.recorder.sink.Readings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The webhook sink against the JDK's HTTP server: what it POSTs, and what it does with 2xx, 4xx and 5xx answers. The
 * receiver keeps the body of each Idempotency-Key, as a receiver that drops retried copies would.
 */
class WebhookSinkIT {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path buffers;

    private HttpServer server;
    private final Map<String, String> bodies = new ConcurrentHashMap<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final Map<String, String> headers = new ConcurrentHashMap<>();
    private final AtomicInteger failuresToGive = new AtomicInteger();

    @BeforeEach
    void startReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/readings", this::receive);
        server.start();
    }

    @AfterEach
    void stopReceiver() {
        server.stop(0);
    }

    private void receive(HttpExchange exchange) throws IOException {
        String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        requests.add(key);
        headers.put("Content-Type", String.valueOf(exchange.getRequestHeaders().getFirst("Content-Type")));
        headers.put("Authorization", String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
        int status;
        if (failuresToGive.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            status = 503;
        } else if (body.contains("\"humidity\":57.5") && key.endsWith("-13")) {
            status = 422; // the receiver refuses this one reading for good
        } else {
            bodies.putIfAbsent(key, body);
            status = 204;
        }
        exchange.sendResponseHeaders(status, -1);
        exchange.close();
    }

    private OutboxSink open() {
        return SinkFixture.open("sink hook webhook http://127.0.0.1:" + server.getAddress().getPort()
                + "/readings\nsink_token t0ken\nsink_retry_max_interval 1\n", buffers);
    }

    @Test
    void eachReadingIsPostedAsJsonWithItsKey() throws IOException {
        try (OutboxSink sink = open()) {
            sink.accept(Readings.bme("bme", 0, 10));
            await().atMost(WAIT).until(() -> bodies.size() == 10);
        }
        assertThat(bodies.get("bme-7")).isEqualTo("{\"rule\":\"bme\",\"topic\":\"raspi/bme\","
                + "\"time\":\"2026-11-22T08:00:07Z\",\"key\":\"bme-7\",\"fields\":{\"temperature\":20.7,"
                + "\"humidity\":57.5,\"pressure\":997.8}}");
        assertThat(headers).containsEntry("Content-Type", "application/json")
                .containsEntry("Authorization", "Bearer t0ken");
    }

    @Test
    void serverErrorsAreRetriedAndRefusalsDeadLettered() throws IOException {
        failuresToGive.set(3);
        try (OutboxSink sink = open()) {
            sink.accept(Readings.bme("bme", 0, 20));
            await().atMost(WAIT).until(() -> sink.counters().buffered() == 0);
            assertThat(bodies).hasSize(19).doesNotContainKey("bme-13");
            assertThat(sink.counters().deadLettered()).isEqualTo(1);
            assertThat(sink.counters().failures()).isEqualTo(3);
            assertThat(sink.counters().sent()).isEqualTo(19);
        }
        assertThat(requests).as("the first reading was retried through the 503s, the rest sent once")
                .filteredOn("bme-0"::equals).hasSize(4);
        assertThat(requests).filteredOn("bme-19"::equals).hasSize(1);
    }

    @Test
    void anUnreachableReceiverKeepsReadingsUntilItComesBack() throws IOException {
        int port = server.getAddress().getPort();
        server.stop(0);
        try (OutboxSink sink = open()) {
            sink.accept(Readings.bme("bme", 0, 5));
            await().atMost(WAIT).until(() -> sink.counters().down());
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
            server.createContext("/readings", this::receive);
            server.start();
            await().atMost(WAIT).until(() -> bodies.size() == 5);
            await().atMost(WAIT).until(() -> !sink.counters().down());
        }
    }
}
