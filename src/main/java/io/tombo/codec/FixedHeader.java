package io.tombo.codec;

/**
 * The fixed header of a packet: the first byte (type nibble and flags), the remaining length, and how many
 * bytes the header itself took (2 to 5). A listener reads it first so it can refuse an oversized packet before
 * allocating anything for its body.
 */
public record FixedHeader(int firstByte, int remainingLength, int headerLength) {

    public PacketType packetType() {
        return PacketType.of(firstByte >>> 4);
    }

    public int flags() {
        return firstByte & 0x0F;
    }

    /** Header plus body: what MQTT 5 Maximum Packet Size counts [MQTT-3.2.2-15]. */
    public int packetLength() {
        return headerLength + remainingLength;
    }
}
