package io.tombo.client;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The acknowledgement of one received message, for an {@link AcknowledgingHandler} that decides when it goes out:
 * PUBACK (QoS 1) or PUBREC (QoS 2) is sent once every handler the message went to has called {@link #acknowledge()}.
 * Acknowledgements leave in the order the messages arrived [MQTT-4.6.0-2], so one that is still open holds back the
 * ones behind it. One that is never given is never sent: the server keeps the message and sends it again on the
 * next connection of a persistent session. Any thread may call it, once per handler it went to; calls beyond that
 * number, and calls after the connection is gone, do nothing.
 */
public final class Acknowledgement {
    /** For QoS 0 messages: nothing to send. */
    static final Acknowledgement NONE = new Acknowledgement(0, () -> { });

    private final AtomicInteger open;
    private final Runnable send;

    Acknowledgement(int handlers, Runnable send) {
        this.open = new AtomicInteger(handlers);
        this.send = send;
        if (handlers == 0) {
            send.run();
        }
    }

    /** This handler is done with the message; the last one sends the acknowledgement. */
    public void acknowledge() {
        if (open.get() > 0 && open.decrementAndGet() == 0) {
            send.run();
        }
    }
}
