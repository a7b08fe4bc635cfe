package io.tombo.bench;

import org.HdrHistogram.Histogram;

import java.util.List;
import java.util.function.IntFunction;

/**
 * The idle connections of {@code bench conn}: opened at a rate with a bound on handshakes in progress, kept alive
 * with PINGREQ while held, then closed with DISCONNECT. Two engines: {@link SelectorFleet} (plain TCP, one thread)
 * and {@link ThreadFleet} (TLS, a virtual thread per connection).
 */
interface Fleet extends AutoCloseable {

    /** What opening {@code count} connections gave: each connect time is measured from its intended start. */
    record Opened(long connected, Histogram connectNanos, long elapsedNanos, List<String> failures) {
    }

    /** Opens the connections and returns once every handshake has ended; they stay open until {@link #close()}. */
    Opened open(int count, IntFunction<String> clientId) throws InterruptedException;

    /** Connections the broker closed while they were held. */
    long dropped();

    /** Sends DISCONNECT on every open connection, closes it, and waits for the engine's threads to end. */
    @Override
    void close() throws InterruptedException;
}
