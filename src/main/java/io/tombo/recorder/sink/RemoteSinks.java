package io.tombo.recorder.sink;

import io.tombo.config.SinkConfig;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the configuration's {@code sink} blocks into running sinks for the composition root: each gets its on-disk
 * buffer ({@code sink-NAME.db} in {@code sink_buffer_location}, or in the recorder's store directory) and its drain
 * thread. Nothing here connects to a remote: a database that is down at startup only means readings wait on disk.
 */
public final class RemoteSinks {
    private static final Duration FIRST_RETRY = Duration.ofSeconds(1);

    private RemoteSinks() {
    }

    /**
     * Opens every configured sink.
     *
     * @param defaultBufferLocation where buffers go when a sink has no {@code sink_buffer_location}
     * @return sink name to sink, in configuration order; the caller closes them
     * @throws IOException if a buffer cannot be opened (the sinks opened before it are closed again)
     */
    public static Map<String, OutboxSink> open(List<SinkConfig> configs, Path defaultBufferLocation)
            throws IOException {
        Map<String, OutboxSink> sinks = new LinkedHashMap<>();
        try {
            for (SinkConfig config : configs) {
                sinks.put(config.name(), open(config, defaultBufferLocation));
            }
        } catch (IOException | RuntimeException e) {
            for (OutboxSink sink : sinks.values()) {
                try {
                    sink.close();
                } catch (IOException closing) {
                    e.addSuppressed(closing);
                }
            }
            throw e;
        }
        return sinks;
    }

    /** Opens one sink. */
    public static OutboxSink open(SinkConfig config, Path defaultBufferLocation) throws IOException {
        Path dir = config.bufferLocation() != null ? config.bufferLocation() : defaultBufferLocation;
        Outbox outbox = Outbox.open(dir.resolve("sink-" + config.name() + ".db"), config.bufferLimit());
        Duration max = config.retryMaxInterval();
        var backoff = new Backoff(max.compareTo(FIRST_RETRY) < 0 ? max : FIRST_RETRY, max);
        return OutboxSink.start(config.name(), outbox, remote(config), backoff, InstantSource.system());
    }

    static Remote remote(SinkConfig config) {
        return switch (config.type()) {
            case POSTGRESQL -> new JdbcRemote(SqlDialect.POSTGRESQL, config.url(), config.user(), config.password(),
                    config.table());
            case MARIADB -> new JdbcRemote(SqlDialect.MARIADB, config.url(), config.user(), config.password(),
                    config.table());
            case INFLUXDB -> new InfluxRemote(config);
            case WEBHOOK -> new WebhookRemote(config);
        };
    }
}
