package io.tombo.client;

import io.tombo.codec.ConnAck;
import io.tombo.codec.Property;
import io.tombo.codec.QoS;

/**
 * What the server's CONNACK allows this connection (5.0 spec 3.2.2.3); 3.x servers announce nothing, so the
 * protocol's own limits apply.
 *
 * @param receiveMaximum    unacknowledged QoS 1/2 publishes the server accepts [MQTT-3.3.4-7]
 * @param maximumPacketSize the largest packet the server accepts, header included [MQTT-3.2.2-15]
 * @param keepAliveSeconds  the client's keep alive, or the server's Server Keep Alive [MQTT-3.2.2-21]
 */
record ServerLimits(int receiveMaximum, long maximumPacketSize, QoS maximumQos, boolean retainAvailable,
                    int keepAliveSeconds) {
    static final long PROTOCOL_MAXIMUM_PACKET = 268_435_455L + 5;

    static ServerLimits of(ConnAck ack, int keepAliveSeconds) {
        var p = ack.properties();
        Integer receive = p.integer(Property.RECEIVE_MAXIMUM);
        Long size = p.fourByte(Property.MAXIMUM_PACKET_SIZE);
        Integer qos = p.integer(Property.MAXIMUM_QOS);
        Integer retain = p.integer(Property.RETAIN_AVAILABLE);
        Integer serverKeepAlive = p.integer(Property.SERVER_KEEP_ALIVE);
        return new ServerLimits(
                receive == null ? 65_535 : receive,
                size == null ? PROTOCOL_MAXIMUM_PACKET : size,
                qos == null ? QoS.EXACTLY_ONCE : QoS.of(qos),
                retain == null || retain == 1,
                serverKeepAlive == null ? keepAliveSeconds : serverKeepAlive);
    }

    /** Before the first CONNACK: nothing is known, the protocol's limits apply. */
    static ServerLimits unknown(int keepAliveSeconds) {
        return new ServerLimits(65_535, PROTOCOL_MAXIMUM_PACKET, QoS.EXACTLY_ONCE, true, keepAliveSeconds);
    }
}
