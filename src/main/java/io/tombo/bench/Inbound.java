package io.tombo.bench;

/**
 * Receives the packets {@link FrameParser} finds, in place in the read buffer. Only what a benchmark needs is taken
 * apart: PUBLISH (QoS, packet identifier, where the payload is) and the four acknowledgements.
 */
interface Inbound {
    void publish(int qos, int packetId, byte[] buffer, int payloadAt, int payloadLength);

    /** PUBACK, PUBREC, PUBREL or PUBCOMP ({@code type} is the packet type code); {@code reason} 0 in 3.x. */
    void acknowledgement(int type, int packetId, int reason);

    /** Any other packet (PINGRESP, DISCONNECT ...), by type code. */
    void other(int type, byte[] buffer, int bodyAt, int bodyLength);
}
