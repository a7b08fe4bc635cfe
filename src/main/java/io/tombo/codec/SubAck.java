package io.tombo.codec;

import java.util.List;

/** SUBACK: one reason per subscription; 3.x encodes any error as 0x80. */
public record SubAck(int packetId, List<ReasonCode> reasons, Properties properties) implements Packet {
    @Override
    public PacketType type() {
        return PacketType.SUBACK;
    }
}
