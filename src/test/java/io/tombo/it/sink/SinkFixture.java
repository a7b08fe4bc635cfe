package io.tombo.it.sink;

import io.tombo.config.ConfigException;
import io.tombo.config.ConfigParser;
import io.tombo.config.SinkConfig;
import io.tombo.recorder.sink.OutboxSink;
import io.tombo.recorder.sink.Readings;
import io.tombo.recorder.sink.RemoteSinks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;

import static org.awaitility.Awaitility.await;

/** Opens a sink from configuration text, as the broker would from mosquitto.conf. */
final class SinkFixture {
    private SinkFixture() {
    }

    static SinkConfig config(String conf) {
        try {
            return ConfigParser.parse(conf, "it.conf").recorder().sinks().getFirst();
        } catch (ConfigException e) {
            throw new AssertionError(e);
        }
    }

    static OutboxSink open(String conf, Path bufferDir) {
        try {
            return RemoteSinks.open(config(conf), bufferDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Hands {@code total} BME280 readings to {@code sink} in batches of 20; a third of the way through the remote is
     * stopped, and started again at two thirds once the sink has noticed (so some readings wait on disk).
     */
    static void streamThroughOutage(OutboxSink sink, int total, Runnable stop, Runnable start) throws IOException {
        for (int i = 0; i < total; i += 20) {
            sink.accept(Readings.bme("bme", i, Math.min(i + 20, total)));
            if (i / 20 == total / 60) {
                stop.run();
            }
            if (i / 20 == 2 * total / 60) {
                await().atMost(Duration.ofSeconds(60)).until(() -> sink.counters().down());
                start.run();
            }
        }
    }
}
