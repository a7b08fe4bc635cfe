package io.tombo.broker;

/**
 * What a {@link Session} needs from the connection currently attached to it: sending, in the connection's own
 * protocol version, the packets of the outbound QoS flows.
 */
interface Outbound {

    /** Sends a PUBLISH for {@code delivery}; false when the client's maximum packet size forbids it. */
    boolean sendPublish(Delivery delivery, int packetId, boolean dup);

    void sendPubRel(int packetId);

    boolean isWritable();

    /** Another connection took the session: close this one, 5.0 with DISCONNECT 0x8E [MQTT-3.1.4-3]. */
    void takenOver();

    /** The client's Receive Maximum (65,535 for 3.x clients) [MQTT-3.3.4-9]. */
    int receiveMaximum();
}
