package io.tombo.recorder;

import java.io.IOException;
import java.util.List;

/**
 * Where readings go: the embedded series store, or the durable outbox in front of a remote database or webhook.
 *
 * <p>{@link #accept} returns only once the readings are safe with this sink (committed to its database, or written
 * to its on-disk buffer), so the recorder acknowledges a message to the broker only after every sink of its rule
 * has accepted it. A sink is called from one recorder thread at a time and may block. Accepting a reading whose
 * {@link Reading#key() key} it already holds changes nothing: redeliveries and retries never duplicate a row.
 */
public interface Sink extends AutoCloseable {

    /** The name configuration refers to. */
    String name();

    /** Makes the readings durable with this sink, or throws without having acknowledged any of them. */
    void accept(List<Reading> readings) throws IOException;

    @Override
    void close() throws IOException;
}
