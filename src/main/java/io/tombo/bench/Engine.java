package io.tombo.bench;

import java.io.IOException;
import java.util.List;

/**
 * What drives a message scenario's connections once they are connected and subscribed. Two engines:
 * {@link SelectorEngine} (plain TCP: one or a few selector threads for every connection, the default) and
 * {@link ThreadEngine} (TLS, or {@code --io-threads 0}: a thread per reader and per publisher on blocking sockets).
 * Calls come from the coordinating thread, in this order: {@link #subscriber} and {@link #publisher} for each
 * connection, {@link #start}, {@link #awaitPublishers}, {@link #close}.
 */
interface Engine {

    /** Takes a receiving connection (subscribed already). */
    void subscriber(SubscriberReader reader) throws IOException;

    /** Takes a publishing connection, its schedule set ({@link Publisher#schedule}). */
    void publisher(Publisher publisher) throws IOException;

    /** Starts reading every connection, publishing and keeping the connections alive. */
    void start();

    /** Returns once every publisher has reached the end of its schedule (or lost its connection). */
    void awaitPublishers() throws InterruptedException;

    /** Sends DISCONNECT on every connection, closes it, ends its reader, and waits for the engine's threads. */
    void close() throws InterruptedException;

    /** What went wrong in the engine itself (not in a connection), if anything. */
    List<String> errors();
}
