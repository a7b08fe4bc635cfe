package io.tombo.client;

import java.io.InputStream;
import java.io.OutputStream;

/**
 * A connected byte stream to the broker, whatever carries it: a TCP or TLS socket, a Unix socket channel or a
 * WebSocket. One thread reads {@link #in()} and one thread writes {@link #out()}; they may run at the same time.
 */
interface Link {
    /** Buffered: the packet reader asks for the fixed header a byte at a time. */
    InputStream in();

    /** Unbuffered as far as the caller knows: the packet writer batches and calls {@code flush()} once per batch. */
    OutputStream out();

    /** The peer's address for log lines. */
    String remote();

    /** Closes both directions and wakes a blocked reader; idempotent, never throws, returns within a bounded time. */
    void close();
}
