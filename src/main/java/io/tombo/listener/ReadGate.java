package io.tombo.listener;

import io.netty.channel.Channel;
import io.tombo.config.ListenerConfig;

import java.util.EnumSet;
import java.util.concurrent.TimeUnit;

/**
 * The one owner of a connection's auto-read flag. Reading stops while the client does not read what it is sent (its
 * answers would pile up in memory) and while it is over its listener's inbound rate; it resumes when no reason is
 * left. Pausing reads, not dropping packets, is how a fast or hostile client is slowed: TCP pushes back on it. Runs
 * on the channel's event loop.
 */
final class ReadGate {
    enum Reason { UNWRITABLE, OVER_RATE }

    private final Channel channel;
    private final InboundRate rate;
    private final EnumSet<Reason> holds = EnumSet.noneOf(Reason.class);
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
        return holds.contains(Reason.OVER_RATE);
    }

    void hold(Reason reason) {
        holds.add(reason);
        channel.config().setAutoRead(false);
    }

    void release(Reason reason) {
        boolean wasOverRate = holds.remove(reason) && reason == Reason.OVER_RATE;
        if (holds.isEmpty()) {
            channel.config().setAutoRead(true);
        }
        if (wasOverRate && channel.isActive()) {
            resumeDecoding.run();
        }
    }

    /** Counts a packet the client sent against its rate; over it, reading pauses until the debt is paid. */
    void received(int packetBytes) {
        if (rate == null) {
            return;
        }
        long pause = rate.take(packetBytes, System.nanoTime());
        if (pause > 0 && !holds.contains(Reason.OVER_RATE)) {
            hold(Reason.OVER_RATE);
            channel.eventLoop().schedule(() -> release(Reason.OVER_RATE), pause, TimeUnit.NANOSECONDS);
        }
    }
}
