package io.tombo.codec;

import java.util.List;

/** SUBSCRIBE: at least one subscription [MQTT-3.8.3-3]. */
public record Subscribe(int packetId, List<Subscription> subscriptions, Properties properties) implements Packet {
    @Override
    public PacketType type() {
        return PacketType.SUBSCRIBE;
    }
}
