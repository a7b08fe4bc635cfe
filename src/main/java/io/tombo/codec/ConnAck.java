package io.tombo.codec;

/** CONNACK; the encoder writes {@code reason} as a 3.x return code for older clients. */
public record ConnAck(boolean sessionPresent, ReasonCode reason, Properties properties) implements Packet {
    @Override
    public PacketType type() {
        return PacketType.CONNACK;
    }
}
