package io.tombo.codec;

import java.util.List;

/** UNSUBSCRIBE: at least one topic filter [MQTT-3.10.3-2]. */
public record Unsubscribe(int packetId, List<String> topicFilters, Properties properties) implements Packet {
    @Override
    public PacketType type() {
        return PacketType.UNSUBSCRIBE;
    }
}
