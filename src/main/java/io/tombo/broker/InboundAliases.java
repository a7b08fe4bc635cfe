package io.tombo.broker;

import io.tombo.codec.Properties;
import io.tombo.codec.Property;
import io.tombo.codec.Publish;
import io.tombo.codec.ReasonCode;

/**
 * Topic aliases a 5.0 client set for its PUBLISHes on this connection (spec 3.3.2.3.4). Aliases live as long as
 * the network connection [MQTT-3.3.2-7]. Owned by the connection's home thread.
 */
final class InboundAliases {
    private final int maximum;
    /** Created when the client sets its first alias: most never do. */
    private String[] topics;

    InboundAliases(int maximum) {
        this.maximum = maximum;
    }

    /** The PUBLISH's topic after applying or resolving its alias. */
    String resolve(Publish publish) throws ProtocolViolation {
        Properties props = publish.properties();
        Integer alias = props.integer(Property.TOPIC_ALIAS);
        if (alias == null) {
            if (publish.topic().isEmpty()) {
                throw new ProtocolViolation(ReasonCode.PROTOCOL_ERROR, "empty topic without a topic alias");
            }
            return publish.topic();
        }
        if (alias == 0 || alias > maximum) {
            // [MQTT-3.3.2-9] [MQTT-3.3.2-10]
            throw new ProtocolViolation(ReasonCode.TOPIC_ALIAS_INVALID, "topic alias " + alias + " out of range 1.." + maximum);
        }
        if (!publish.topic().isEmpty()) {
            if (topics == null) {
                topics = new String[maximum + 1];
            }
            topics[alias] = publish.topic();
            return publish.topic();
        }
        String known = topics == null ? null : topics[alias];
        if (known == null) {
            throw new ProtocolViolation(ReasonCode.PROTOCOL_ERROR, "topic alias " + alias + " was never set");
        }
        return known;
    }
}
