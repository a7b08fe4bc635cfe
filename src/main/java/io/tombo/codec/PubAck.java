package io.tombo.codec;

/** PUBACK; in 3.x only the packet identifier reaches the wire. */
public record PubAck(int packetId, ReasonCode reason, Properties properties) implements Packet {
    public PubAck(int packetId) {
        this(packetId, ReasonCode.SUCCESS, Properties.EMPTY);
    }

    @Override
    public PacketType type() {
        return PacketType.PUBACK;
    }
}
