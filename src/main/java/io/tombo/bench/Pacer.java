package io.tombo.bench;

/**
 * When each message of one publisher is meant to leave: message {@code k} at {@code start + k / rate}. A publisher
 * that falls behind sends every due message at once, stamped with its intended time, so the receiver's latency
 * includes the wait (no coordinated omission). Rate 0 is closed loop: everything is always due.
 */
public final class Pacer {
    private final long start;
    private final double nanosPerMessage;

    public Pacer(long startNanos, double messagesPerSecond) {
        if (messagesPerSecond < 0) {
            throw new IllegalArgumentException("rate " + messagesPerSecond);
        }
        this.start = startNanos;
        this.nanosPerMessage = messagesPerSecond == 0 ? 0 : 1e9 / messagesPerSecond;
    }

    public boolean closedLoop() {
        return nanosPerMessage == 0;
    }

    /** How many messages beyond the first {@code sent} are due at {@code now}. */
    public long due(long now, long sent) {
        if (closedLoop()) {
            return Long.MAX_VALUE;
        }
        if (now < start) {
            return 0;
        }
        long dueTotal = (long) ((now - start) / nanosPerMessage) + 1;
        return Math.max(0, dueTotal - sent);
    }

    /** The intended send time of message {@code k} (0-based); {@code start} in closed loop. */
    public long intended(long k) {
        return start + (long) (k * nanosPerMessage);
    }
}
