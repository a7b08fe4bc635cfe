package io.tombo.codec;

/** PUBREL; in 3.x only the packet identifier reaches the wire. */
public record PubRel(int packetId, ReasonCode reason, Properties properties) implements Packet {
    public PubRel(int packetId) {
        this(packetId, ReasonCode.SUCCESS, Properties.EMPTY);
    }

    @Override
    public PacketType type() {
        return PacketType.PUBREL;
    }
}
