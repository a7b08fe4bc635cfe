package io.tombo.codec;

/** One topic filter of a SUBSCRIBE with its options (spec 3.8.3.1); 3.x clients send only the QoS. */
public record Subscription(String topicFilter, QoS maximumQos, boolean noLocal, boolean retainAsPublished,
                           RetainHandling retainHandling) {
    public Subscription(String topicFilter, QoS maximumQos) {
        this(topicFilter, maximumQos, false, false, RetainHandling.SEND_ON_SUBSCRIBE);
    }
}
