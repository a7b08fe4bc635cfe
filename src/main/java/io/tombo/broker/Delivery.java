package io.tombo.broker;

import io.tombo.codec.QoS;

import java.util.List;

/**
 * One message on its way to one session: the QoS it travels at (the lower of the publish and the granted
 * QoS [MQTT-3.8.4-8]), the RETAIN flag the receiver sees, and the identifiers of the subscriptions it matched
 * [MQTT-3.3.4-3]. {@code stored} says the publisher already wrote its queue entry to the durable store.
 */
public record Delivery(Message message, QoS qos, boolean retainFlag, List<Integer> subscriptionIds, boolean stored) {

    public Delivery(Message message, QoS qos, boolean retainFlag, List<Integer> subscriptionIds) {
        this(message, qos, retainFlag, subscriptionIds, false);
    }

    Delivery asStored() {
        return stored ? this : new Delivery(message, qos, retainFlag, subscriptionIds, true);
    }
}
