package io.tombo.store;

/**
 * How long the store thread sleeps between two looks at what arrived while batches wait: in proportion to the rate at
 * which changes arrive, between {@link #MIN_NANOS} and {@link #MAX_NANOS}. A look hands the callbacks it can run to
 * the event loops, one task (and perhaps a wake-up) per loop, and each of those tasks ends in one write per
 * connection; under load, fewer and fuller looks leave the event loops more time for the messages themselves: on two
 * cores, closed-loop durable QoS 1 delivered about a quarter more with looks 300 µs apart than 50 µs apart
 * (BENCHMARKS.md, "Durable persistence"). At a low rate the looks come as often as a sleep allows, so that an
 * acknowledgement is answered within about 50 µs.
 *
 * <p>Store thread only.
 */
final class LookInterval {
    static final long MIN_NANOS = 50_000;
    static final long MAX_NANOS = 300_000;
    /** Changes a second at which looks are {@link #MAX_NANOS} apart (about 300 changes a look). */
    static final double FULL_RATE = 1_000_000;
    /** Weight of the last look in the smoothed rate. */
    private static final double WEIGHT = 1.0 / 8;

    private double rate;
    private long lastNanos;

    /** The next sleep, after a look at {@code now} that took in {@code arrived} submissions. */
    long next(long arrived, long now) {
        long elapsed = now - lastNanos;
        lastNanos = now;
        if (elapsed > 0) {
            rate += (arrived * 1e9 / elapsed - rate) * WEIGHT;
        }
        return Math.clamp((long) (MAX_NANOS * rate / FULL_RATE), MIN_NANOS, MAX_NANOS);
    }
}
