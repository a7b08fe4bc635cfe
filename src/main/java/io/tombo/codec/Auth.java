package io.tombo.codec;

/** AUTH (MQTT 5 only): enhanced authentication exchange. */
public record Auth(ReasonCode reason, Properties properties) implements Packet {
    @Override
    public PacketType type() {
        return PacketType.AUTH;
    }
}
