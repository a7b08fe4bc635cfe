package io.tombo.config;

import java.nio.file.Path;

/** Reads mosquitto.conf into a {@link BrokerConfig}. TODO(config helper). */
public final class ConfigParser {
    private ConfigParser() {
    }

    /** Parses {@code file} (and what it includes); errors name FILE:LINE. */
    public static BrokerConfig parse(Path file) throws ConfigException {
        throw new UnsupportedOperationException("config");
    }

    /** The configuration of a broker started with no {@code -c}: Mosquitto 2's local-only defaults. */
    public static BrokerConfig defaults() {
        throw new UnsupportedOperationException("config");
    }
}
