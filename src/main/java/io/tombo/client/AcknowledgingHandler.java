package io.tombo.client;

import io.tombo.codec.Publish;

/**
 * Receives application messages and acknowledges each when it is done with it, possibly later and on another
 * thread: a recorder acknowledges only what it has committed, so a crash before the commit leaves the message with
 * the server. Called on the client's receive thread, in arrival order; it should hand the message on and return,
 * since the server stops sending once its window of unacknowledged messages is full.
 */
@FunctionalInterface
public interface AcknowledgingHandler {
    void onMessage(Publish message, Acknowledgement acknowledgement);
}
