package io.tombo.broker;

import io.tombo.codec.QoS;

import java.util.List;

/**
 * One message on its way to one session: the QoS it travels at (the lower of the publish and the granted
 * QoS [MQTT-3.8.4-8]), the RETAIN flag the receiver sees, and the identifiers of the subscriptions it matched
 * [MQTT-3.3.4-3].
 */
public record Delivery(Message message, QoS qos, boolean retainFlag, List<Integer> subscriptionIds) {
}
