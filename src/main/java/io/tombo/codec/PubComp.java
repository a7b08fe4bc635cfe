package io.tombo.codec;

/** PUBCOMP; in 3.x only the packet identifier reaches the wire. */
public record PubComp(int packetId, ReasonCode reason, Properties properties) implements Packet {
    public PubComp(int packetId) {
        this(packetId, ReasonCode.SUCCESS, Properties.EMPTY);
    }

    @Override
    public PacketType type() {
        return PacketType.PUBCOMP;
    }
}
