package io.tombo.codec;

/** PUBREC; in 3.x only the packet identifier reaches the wire. */
public record PubRec(int packetId, ReasonCode reason, Properties properties) implements Packet {
    public PubRec(int packetId) {
        this(packetId, ReasonCode.SUCCESS, Properties.EMPTY);
    }

    @Override
    public PacketType type() {
        return PacketType.PUBREC;
    }
}
