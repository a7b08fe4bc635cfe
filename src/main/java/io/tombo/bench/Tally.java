package io.tombo.bench;

import org.HdrHistogram.Histogram;

import java.util.Arrays;

/**
 * What one receiving connection saw: messages, end-to-end latency and per-publisher sequence accounting. Owned by
 * that connection's reader thread; {@link #received()} may be read by any thread (published once per read batch by
 * {@link #publish()}), everything else after the reader has ended.
 *
 * <p>Latency is receive time minus the stamped intended send time, recorded only for messages meant to leave at or
 * after {@code recordFrom} (the end of the warm-up). A sequence number above the next expected one counts the
 * skipped numbers as gaps (lost, as far as this receiver can tell); one below counts as out of order (a duplicate or
 * a redelivery).
 */
public final class Tally {
    /** Highest latency tracked: one minute (slower messages are clamped to it); resolution 1 us, 3 digits. */
    static final long MAX_NANOS = 60_000_000_000L;

    private volatile long recordFrom;
    private final Histogram latency = new Histogram(1_000, MAX_NANOS, 3);
    private long[] nextSequence = new long[16];
    private long count;
    private long gaps;
    private long outOfOrder;
    private long unstamped;
    private volatile long published;

    public Tally(long recordFromNanos) {
        this.recordFrom = recordFromNanos;
        Arrays.fill(nextSequence, -1);
    }

    /** Records latency only for messages meant to leave at or after {@code nanos} (set before messages flow). */
    public void recordFrom(long nanos) {
        recordFrom = nanos;
    }

    /** One message stamped by publisher {@code publisher} (0-based) with {@code sequence}, received at {@code now}. */
    public void message(long sentNanos, int publisher, long sequence, long now) {
        count++;
        if (publisher < 0 || sequence < 0) {
            unstamped++;
            return;
        }
        if (sentNanos >= recordFrom) {
            latency.recordValue(Math.min(MAX_NANOS, Math.max(0, now - sentNanos)));
        }
        if (publisher >= nextSequence.length) {
            int old = nextSequence.length;
            nextSequence = Arrays.copyOf(nextSequence, Math.max(publisher + 1, old * 2));
            Arrays.fill(nextSequence, old, nextSequence.length, -1);
        }
        long expected = nextSequence[publisher];
        if (expected < 0) {
            expected = 0;
        }
        if (sequence >= expected) {
            gaps += sequence - expected;
            nextSequence[publisher] = sequence + 1;
        } else {
            outOfOrder++;
        }
    }

    /** A message too short to carry a stamp. */
    public void unstampedMessage() {
        count++;
        unstamped++;
    }

    /** Makes the count visible to other threads; the reader calls it once per read batch. */
    public void publish() {
        published = count;
    }

    public long received() {
        return published;
    }

    public long gaps() {
        return gaps;
    }

    public long outOfOrder() {
        return outOfOrder;
    }

    public long unstamped() {
        return unstamped;
    }

    public Histogram latency() {
        return latency;
    }

    /** Messages from {@code publisher} this receiver saw, counting gaps as seen: the next sequence number. */
    public long highestFrom(int publisher) {
        return publisher < nextSequence.length ? Math.max(0, nextSequence[publisher]) : 0;
    }
}
