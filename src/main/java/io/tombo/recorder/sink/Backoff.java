package io.tombo.recorder.sink;

import java.time.Duration;

/**
 * Waits between attempts at a remote that is down: {@code first}, then doubling up to {@code max}; back to
 * {@code first} after a success. Owned by one drain thread.
 */
final class Backoff {
    private final Duration first;
    private final Duration max;
    private Duration next;

    Backoff(Duration first, Duration max) {
        if (first.isNegative() || first.isZero() || max.compareTo(first) < 0) {
            throw new IllegalArgumentException("back-off from " + first + " to " + max);
        }
        this.first = first;
        this.max = max;
        this.next = first;
    }

    /** How long to wait after this failure. */
    Duration failed() {
        Duration wait = next;
        next = next.multipliedBy(2).compareTo(max) > 0 ? max : next.multipliedBy(2);
        return wait;
    }

    void succeeded() {
        next = first;
    }
}
