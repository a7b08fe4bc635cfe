package io.tombo.codec;

/** DISCONNECT; both directions in MQTT 5, client to server only in 3.x. */
public record Disconnect(ReasonCode reason, Properties properties) implements Packet {
    public static final Disconnect NORMAL = new Disconnect(ReasonCode.SUCCESS, Properties.EMPTY);

    @Override
    public PacketType type() {
        return PacketType.DISCONNECT;
    }
}
