package io.tombo.recorder;

import java.util.concurrent.atomic.AtomicLong;

/**
 * What the recorder did, for logs, {@code /metrics} and the dashboard. Written by the recorder thread (and the
 * receive thread for {@link #received}), read by anyone.
 */
public final class RecorderCounters {
    final AtomicLong received = new AtomicLong();
    final AtomicLong readings = new AtomicLong();
    final AtomicLong fields = new AtomicLong();
    final AtomicLong deadLetters = new AtomicLong();
    final AtomicLong unmatched = new AtomicLong();
    final AtomicLong batches = new AtomicLong();
    final AtomicLong sinkFailures = new AtomicLong();

    /** Messages received on the rules' subscriptions. */
    public long received() {
        return received.get();
    }

    /** Readings handed to sinks and accepted. */
    public long readings() {
        return readings.get();
    }

    /** Fields of those readings (one point each in the series store). */
    public long fields() {
        return fields.get();
    }

    /** Messages kept as dead letters because a rule could not read them. */
    public long deadLetters() {
        return deadLetters.get();
    }

    /** Messages that matched no rule (a subscription left in the persistent session by an older configuration). */
    public long unmatched() {
        return unmatched.get();
    }

    /** Commits: each covers every message received since the previous one. */
    public long batches() {
        return batches.get();
    }

    /** Times a sink refused a batch, which was then retried. */
    public long sinkFailures() {
        return sinkFailures.get();
    }
}
