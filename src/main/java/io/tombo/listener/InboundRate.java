package io.tombo.listener;

import io.tombo.config.ListenerConfig;

/**
 * Token buckets for one connection's {@code max_client_bytes_per_second} and {@code max_client_messages_per_second}:
 * each holds at most one second of its rate, refills continuously, and goes into debt when a packet takes more than
 * is left. The debt says how long reading must pause; the packet itself is always let through. Time is passed in,
 * so the arithmetic is tested without a clock.
 */
final class InboundRate {
    private static final long SECOND = 1_000_000_000L;

    private final long bytesPerSecond;
    private final long messagesPerSecond;
    private double bytes;
    private double messages;
    private long lastNanos;

    InboundRate(ListenerConfig.InboundRate limits, long nowNanos) {
        this.bytesPerSecond = limits.bytesPerSecond();
        this.messagesPerSecond = limits.messagesPerSecond();
        this.bytes = bytesPerSecond;
        this.messages = messagesPerSecond;
        this.lastNanos = nowNanos;
    }

    /** Takes one packet of {@code size} bytes; returns how many nanoseconds reading should pause, 0 for none. */
    long take(int size, long nowNanos) {
        double elapsed = (double) (nowNanos - lastNanos) / SECOND;
        lastNanos = nowNanos;
        long pause = 0;
        if (bytesPerSecond > 0) {
            bytes = Math.min(bytesPerSecond, bytes + elapsed * bytesPerSecond) - size;
            pause = Math.max(pause, debtNanos(bytes, bytesPerSecond));
        }
        if (messagesPerSecond > 0) {
            messages = Math.min(messagesPerSecond, messages + elapsed * messagesPerSecond) - 1;
            pause = Math.max(pause, debtNanos(messages, messagesPerSecond));
        }
        return pause;
    }

    private static long debtNanos(double tokens, long perSecond) {
        return tokens >= 0 ? 0 : (long) Math.ceil(-tokens * SECOND / perSecond);
    }
}
