package io.tombo.codec;

/**
 * An MQTT control packet, one record per type. The same records serve 3.1, 3.1.1 and 5.0: fields a version
 * lacks (properties, reason codes on acknowledgements) hold {@link Properties#EMPTY} and
 * {@link ReasonCode#SUCCESS}, and the {@link PacketEncoder} leaves them off the wire for 3.x.
 */
public sealed interface Packet permits Connect, ConnAck, Publish, PubAck, PubRec, PubRel, PubComp, Subscribe,
        SubAck, Unsubscribe, UnsubAck, PingReq, PingResp, Disconnect, Auth {

    PacketType type();
}
