package io.tombo.broker;

import java.util.ArrayList;
import java.util.List;

/**
 * Deliveries one home thread hands to sessions that live on other home threads, posted as one task per
 * destination thread per pass instead of one task per message: a task costs a queue node, a possible wake-up of
 * the destination thread and a poll, which at hundreds of thousands of messages a second was a visible share of
 * the profile. The batch leaves in a task queued behind the current pass, like the listener's flush.
 *
 * <p>Threading: one instance per home thread ({@link #of}), used only by that thread. Order is kept: batches from
 * one thread reach a destination in the order they were filled, and a batch is run in order.
 */
final class Handover {
    private static final ThreadLocal<Handover> OF_THREAD = new ThreadLocal<>();

    private final HomeThread self;
    private final List<Batch> batches = new ArrayList<>(2);
    private boolean postQueued;
    private final Runnable postTask = this::post;

    private Handover(HomeThread self) {
        this.self = self;
    }

    /** The handover of the calling thread, which must be {@code self}. */
    static Handover of(HomeThread self) {
        if (!self.inThread()) {
            throw new IllegalStateException("a handover belongs to its own thread");
        }
        Handover h = OF_THREAD.get();
        if (h == null || !h.self.equals(self)) { // a thread is one home in the broker; tests reuse theirs
            h = new Handover(self);
            OF_THREAD.set(h);
        }
        return h;
    }

    /** Queues {@code d} for {@code session}, whose home is {@code to}; it leaves at the end of this pass. */
    void add(HomeThread to, Session session, Delivery d) {
        batchFor(to).add(session, d);
        if (!postQueued) {
            postQueued = true;
            self.execute(postTask);
        }
    }

    private Batch batchFor(HomeThread to) {
        for (int i = 0; i < batches.size(); i++) {
            Batch b = batches.get(i);
            if (b.to.equals(to)) {
                return b;
            }
        }
        Batch b = new Batch(to);
        batches.add(b);
        return b;
    }

    private void post() {
        postQueued = false;
        for (int i = 0; i < batches.size(); i++) {
            batches.get(i).post();
        }
    }

    /** What goes to one destination thread: sessions and deliveries, alternating. */
    private static final class Batch {
        final HomeThread to;
        private Object[] items = new Object[32];
        private int size;

        Batch(HomeThread to) {
            this.to = to;
        }

        void add(Session s, Delivery d) {
            if (size + 2 > items.length) {
                items = java.util.Arrays.copyOf(items, items.length * 2);
            }
            items[size++] = s;
            items[size++] = d;
        }

        void post() {
            if (size == 0) {
                return;
            }
            Object[] posted = items;
            int n = size;
            items = new Object[Math.max(32, Integer.highestOneBit(n) * 2)];
            size = 0;
            to.execute(() -> {
                for (int i = 0; i < n; i += 2) {
                    ((Session) posted[i]).takeHandedOver((Delivery) posted[i + 1]);
                }
            });
        }
    }
}
