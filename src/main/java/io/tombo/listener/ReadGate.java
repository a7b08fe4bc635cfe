package io.tombo.listener;

import io.netty.channel.Channel;
import io.tombo.config.ListenerConfig;

import java.util.concurrent.TimeUnit;

/**
 * The one owner of a connection's auto-read flag. Reading stops while the client does not read what it is sent (its
 * answers would pile up in memory), while it is over its listener's inbound rate, and while the broker holds it back
 * because it keeps publishing to a congested subscriber, and while the connection moves to another event loop; it
 * resumes when no reason is left. Pausing reads, not dropping packets, is how a fast or hostile client is slowed: TCP pushes back on it. Runs
 * on the channel's event loop.
 */
final class ReadGate {
    enum Reason { UNWRITABLE, OVER_RATE, HELD_BACK, MOVING }

    private final Channel channel;
    private final InboundRate rate;
    /** One bit per {@link Reason} (a bit set rather than an EnumSet: one object less per connection). */
    private int holds;
    /** Decodes what arrived before the pause; set once the decoder exists. */
    private Runnable resumeDecoding = () -> { };

    ReadGate(Channel channel, ListenerConfig.InboundRate limits) {
        this.channel = channel;
        this.rate = limits.unlimited() ? null : new InboundRate(limits, System.nanoTime());
    }

    void resumeDecodingWith(Runnable decode) {
        this.resumeDecoding = decode;
    }

    /** Whether the client is over its rate: packets already read wait in the decoder too. */
    boolean overRate() {
        return (holds & bit(Reason.OVER_RATE)) != 0;
    }

    /** Whether reading is paused for any reason. */
    boolean holding() {
        return holds != 0;
    }

    private static int bit(Reason reason) {
        return 1 << reason.ordinal();
    }

    void hold(Reason reason) {
        if (holds == 0) {
            channel.config().setAutoRead(false);
        }
        holds |= bit(reason);
    }

    void release(Reason reason) {
        boolean wasOverRate = reason == Reason.OVER_RATE && (holds & bit(reason)) != 0;
        boolean held = holds != 0;
        holds &= ~bit(reason);
        if (held && holds == 0) {
            channel.config().setAutoRead(true);
        }
        if (wasOverRate && channel.isActive()) {
            resumeDecoding.run();
        }
    }

    /** Runs where the channel lives now: it may have moved to another loop while the pause ran. */
    private void releaseOverRate() {
        if (channel.eventLoop().inEventLoop()) {
            release(Reason.OVER_RATE);
        } else {
            channel.eventLoop().execute(this::releaseOverRate);
        }
    }

    /** Counts a packet the client sent against its rate; over it, reading pauses until the debt is paid. */
    void received(int packetBytes) {
        if (rate == null) {
            return;
        }
        long pause = rate.take(packetBytes, System.nanoTime());
        if (pause > 0 && !overRate()) {
            hold(Reason.OVER_RATE);
            channel.eventLoop().schedule(this::releaseOverRate, pause, TimeUnit.NANOSECONDS);
        }
    }
}
