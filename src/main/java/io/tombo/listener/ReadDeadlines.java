package io.tombo.listener;

/**
 * The read deadlines of one event loop's connections, checked together every {@value #TICK_MILLIS} ms: one timer
 * per loop ({@link NettyHomeThread} sweeps it) instead of a scheduled task per connection (64 bytes each, and a
 * priority-queue insert and removal on every connect). A deadline fires up to one tick late, never early. Owned by
 * its event loop: the list is an intrusive doubly linked list through {@link ReadDeadline}, touched only on that
 * loop.
 */
final class ReadDeadlines {
    static final long TICK_MILLIS = 250;

    private ReadDeadline head;

    void add(ReadDeadline d) {
        d.next = head;
        if (head != null) {
            head.previous = d;
        }
        head = d;
    }

    void remove(ReadDeadline d) {
        if (d.previous == null && head != d) {
            return; // not in the list
        }
        if (d.previous != null) {
            d.previous.next = d.next;
        } else {
            head = d.next;
        }
        if (d.next != null) {
            d.next.previous = d.previous;
        }
        d.previous = null;
        d.next = null;
    }

    void sweep(long now) {
        for (ReadDeadline d = head; d != null; ) {
            ReadDeadline next = d.next;
            if (d.hasPassed(now)) {
                remove(d);
                d.expire();
            }
            d = next;
        }
    }
}
