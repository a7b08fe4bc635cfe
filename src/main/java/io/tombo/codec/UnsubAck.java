package io.tombo.codec;

import java.util.List;

/** UNSUBACK: in 3.x only the packet identifier reaches the wire, so {@code reasons} is ignored there. */
public record UnsubAck(int packetId, List<ReasonCode> reasons, Properties properties) implements Packet {
    @Override
    public PacketType type() {
        return PacketType.UNSUBACK;
    }
}
