package io.tombo.listener;

import io.tombo.config.BrokerConfig;

import java.net.InetSocketAddress;
import java.util.List;

/** A running broker: its listeners bound and accepting. TODO(core). */
public final class MqttServer implements AutoCloseable {

    public static MqttServer start(BrokerConfig config) throws Exception {
        throw new UnsupportedOperationException("core");
    }

    /** The port of the first TCP listener (useful when it was configured as 0). */
    public int port() {
        throw new UnsupportedOperationException("core");
    }

    public List<InetSocketAddress> boundAddresses() {
        throw new UnsupportedOperationException("core");
    }

    @Override
    public void close() {
    }
}
