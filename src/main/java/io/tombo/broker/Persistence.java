package io.tombo.broker;

import io.tombo.codec.Subscription;
import io.tombo.store.Change;
import io.tombo.store.Store;
import io.tombo.store.StoredSubscription;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The broker core's side of the {@link Store}: it describes changes, numbers stored messages, and runs what must
 * wait for a commit (acknowledgements) back on the right home thread. With a store that is not durable nothing is
 * described and every continuation runs at once, so the in-memory broker pays nothing for it.
 */
final class Persistence {
    private final Store store;
    private final AtomicLong messageIds;

    Persistence(Store store, long lastMessageId) {
        this.store = store;
        this.messageIds = new AtomicLong(lastMessageId);
    }

    boolean durable() {
        return store.durable();
    }

    /** The message's store id, numbering it on first use (ids grow with arrival: queue order on restore). */
    long idOf(Message m) {
        return m.storeId(messageIds::incrementAndGet);
    }

    /**
     * Applies {@code changes}, then runs {@code then} on {@code home} once they are durable — at once, on the
     * caller's thread, when the store is not durable. Continuations of one {@code lane} (a connection's channel, a
     * session) run in submission order; those ready together reach {@code home} in one task. A continuation whose
     * changes later changes undid before they were written (a message delivered and acknowledged) may run without
     * waiting for a commit.
     */
    void apply(List<Change> changes, HomeThread home, Object lane, Runnable then) {
        if (!store.durable()) {
            then.run();
            return;
        }
        store.apply(changes, home, lane, then);
    }

    /** A change nobody waits for: a queue entry that is done with, or state that only shortens a resend. */
    void record(Change change) {
        if (store.durable()) {
            store.apply(List.of(change), null);
        }
    }


    static StoredSubscription stored(Subscriber s) {
        Subscription o = s.options();
        return new StoredSubscription(o.topicFilter(), o.maximumQos().value(), o.noLocal(), o.retainAsPublished(),
                o.retainHandling().value(), s.subscriptionId());
    }
}
