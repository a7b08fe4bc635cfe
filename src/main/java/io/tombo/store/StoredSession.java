package io.tombo.store;

import java.util.List;
import java.util.Set;

/**
 * A session as loaded at start-up, with everything it owns. {@code entries} are in queue order (message id);
 * {@code disconnectedAtMillis} is 0 when the broker stopped while the client was connected.
 */
public record StoredSession(String clientId, long expiryInterval, long disconnectedAtMillis, StoredWill will,
                            List<StoredSubscription> subscriptions, List<StoredEntry> entries,
                            Set<Integer> awaitingRelease) {
}
