package io.tombo.codec;

/**
 * CONNECT. {@code clientId} may be empty (the server assigns one); {@code username}, {@code password} and
 * {@code will} are null when their flags are clear.
 */
public record Connect(ProtocolVersion version, String clientId, boolean cleanStart, int keepAliveSeconds,
                      String username, byte[] password, Will will, Properties properties) implements Packet {
    @Override
    public PacketType type() {
        return PacketType.CONNECT;
    }
}
