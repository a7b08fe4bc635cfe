package io.tombo.listener;

import io.tombo.broker.Connection;

import java.util.concurrent.TimeUnit;

/**
 * How long a connection may wait for its client: first the connect deadline, which holds however slowly the client
 * trickles bytes, then, once CONNECT is accepted, 1.5 times the keep alive without a byte read. {@link ReadDeadlines}
 * checks it; a read only stores a timestamp. Runs on the channel's event loop; when the connection moves to another
 * loop it {@link #leave}s the old loop's list there and {@link #join}s the new one's there.
 */
final class ReadDeadline {
    private ReadDeadlines loop;
    private final Connection connection;
    /** Links in the loop's list of deadlines; null when not in it. */
    ReadDeadline previous;
    ReadDeadline next;
    /** Cancelled or expired: on no list, wherever the connection goes. */
    private boolean done;
    /** 0 while the connect deadline runs. */
    private long idleNanos;
    /** The connect deadline, then the time of the last read. */
    private long mark;

    ReadDeadline(ReadDeadlines loop, Connection connection, long connectTimeoutSeconds) {
        this.loop = loop;
        this.connection = connection;
        this.mark = System.nanoTime() + TimeUnit.SECONDS.toNanos(connectTimeoutSeconds);
        loop.add(this);
    }

    void onRead() {
        if (idleNanos > 0) {
            mark = System.nanoTime();
        }
    }

    /** CONNECT was accepted: the connect deadline gives way to at most {@code millis} without reading (0: none). */
    void keepAlive(long millis) {
        idleNanos = TimeUnit.MILLISECONDS.toNanos(millis);
        mark = System.nanoTime();
        if (idleNanos == 0) {
            cancel();
        }
    }

    void cancel() {
        done = true;
        loop.remove(this);
    }

    /** On the old loop, as the connection leaves it. */
    void leave() {
        loop.remove(this);
    }

    /** On the new loop, after {@link #leave}: the deadline keeps running there. */
    void join(ReadDeadlines other) {
        loop = other;
        if (!done) {
            other.add(this);
        }
    }

    boolean hasPassed(long now) {
        return now - (idleNanos > 0 ? mark + idleNanos : mark) >= 0;
    }

    /** Called by the loop, which has already taken it off its list. */
    void expire() {
        done = true;
        connection.onReadIdle();
    }
}
