package io.tombo.listener;

import io.tombo.config.ListenerConfig;

/** The listener a broker opens when its configuration names none: Mosquitto 2's local-only mode. */
final class ListenerDefaults {
    private ListenerDefaults() {
    }

    static ListenerConfig localOnly() {
        return ListenerConfig.loopback("default", 1883);
    }
}
