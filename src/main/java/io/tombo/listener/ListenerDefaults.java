package io.tombo.listener;

import io.tombo.config.ListenerConfig;

/** The listener a broker opens when its configuration names none: Mosquitto 2's local-only mode. */
final class ListenerDefaults {
    private ListenerDefaults() {
    }

    static ListenerConfig localOnly() {
        return new ListenerConfig("default", 1883, "127.0.0.1", null, null, "mqtt", -1, null, true, null, null, null,
                null, null, null, null, null, false, false, false, null, null, null, false);
    }
}
