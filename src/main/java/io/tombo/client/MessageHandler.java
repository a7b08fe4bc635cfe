package io.tombo.client;

import io.tombo.codec.Publish;

/**
 * Receives application messages. Called on the client's receive thread, in arrival order; a QoS 1/2 message is
 * acknowledged after the handler returns, so a slow handler slows the flow rather than losing messages. The
 * topic of {@code message} is always the full topic (topic aliases are resolved by the client).
 */
@FunctionalInterface
public interface MessageHandler {
    void onMessage(Publish message);
}
