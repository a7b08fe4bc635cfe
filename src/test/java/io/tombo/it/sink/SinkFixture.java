package io.tombo.it.sink;

import io.tombo.config.ConfigException;
import io.tombo.config.ConfigParser;
import io.tombo.config.SinkConfig;
import io.tombo.recorder.sink.OutboxSink;
import io.tombo.recorder.sink.RemoteSinks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

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
}
