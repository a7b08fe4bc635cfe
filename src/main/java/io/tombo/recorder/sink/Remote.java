package io.tombo.recorder.sink;

import io.tombo.recorder.Reading;

import java.io.IOException;
import java.util.List;

/**
 * A database or web service that readings are delivered to, called only by its {@link OutboxSink}'s drain thread.
 * Every implementation is idempotent by {@link Reading#key()}: the outbox sends a batch again after any failure, so
 * part of it may already be there.
 */
interface Remote extends AutoCloseable {

    /**
     * Delivers {@code readings}, or throws when the remote cannot take them now (unreachable, overloaded,
     * misconfigured credentials): the outbox then keeps them and tries again later.
     *
     * @return the readings the remote refused for good (a value its column cannot hold, a 4xx answer): they leave the
     *         outbox for its dead-letter table with the reason; every other reading of the batch is delivered
     */
    List<Rejection> write(List<Reading> readings) throws IOException;

    /** Readings per {@link #write} call. */
    int batchSize();

    /** Where it writes, for logs: never with a password. */
    String describe();

    @Override
    void close();

    /** A reading the remote will never accept, and why. */
    record Rejection(Reading reading, String reason) {
    }
}
