package io.tombo.broker;

import java.util.HashMap;
import java.util.Map;

/**
 * Topic aliases Tombo assigns on PUBLISHes to a 5.0 client that allowed them (its Topic Alias Maximum): the first
 * message on a topic carries topic and alias, later ones the alias alone, saving the topic's bytes
 * [MQTT-3.3.2-11]. Once the client's maximum is used up, new topics are sent in full. Home-thread owned.
 */
final class OutboundAliases {
    /** Aliases off (the default): shared by every connection, since it never changes. */
    static final OutboundAliases NONE = new OutboundAliases(0);

    private final int maximum;
    private final Map<String, Integer> byTopic = new HashMap<>();

    OutboundAliases(int maximum) {
        this.maximum = maximum;
    }

    boolean enabled() {
        return maximum > 0;
    }

    /** The alias for {@code topic}: positive when already known, negative when just assigned, 0 when none. */
    int aliasFor(String topic) {
        if (maximum == 0) {
            return 0;
        }
        Integer known = byTopic.get(topic);
        if (known != null) {
            return known;
        }
        if (byTopic.size() >= maximum) {
            return 0;
        }
        int assigned = byTopic.size() + 1;
        byTopic.put(topic, assigned);
        return -assigned;
    }
}
