package io.tombo.codec;

/**
 * PUBLISH. {@code packetId} is 0 at QoS 0. In MQTT 5 the topic may be empty when a topic alias stands for it
 * [MQTT-3.3.2-7]; resolving the alias is the connection's job, not the codec's.
 */
public record Publish(String topic, QoS qos, boolean retain, boolean dup, int packetId, Properties properties,
                      byte[] payload) implements Packet {
    @Override
    public PacketType type() {
        return PacketType.PUBLISH;
    }

    public Publish withPacketId(int id, boolean dupFlag) {
        return new Publish(topic, qos, retain, dupFlag, id, properties, payload);
    }
}
