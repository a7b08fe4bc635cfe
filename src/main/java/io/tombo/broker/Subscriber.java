package io.tombo.broker;

import io.tombo.codec.Subscription;

/**
 * A session's subscription as the index holds it: the filter options and the subscription identifier
 * (0 when the client gave none).
 */
public record Subscriber(Session session, Subscription options, int subscriptionId) {
}
