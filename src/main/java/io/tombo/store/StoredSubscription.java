package io.tombo.store;

/** One subscription of a stored session, with its 5.0 options and identifier (0 for none). */
public record StoredSubscription(String topicFilter, int qos, boolean noLocal, boolean retainAsPublished,
                                 int retainHandling, int subscriptionId) {
}
