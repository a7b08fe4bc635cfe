package io.tombo.client;

import io.tombo.codec.Publish;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Which handler gets a received message: every distinct handler whose subscription's filter matches the topic, in
 * subscription order, each once; the default handler when none matches. Read on the receive thread for every
 * message and changed only by (un)subscribe, hence copy-on-write and no lock.
 */
final class Routes {
    private record Route(String filter, MessageHandler handler) {
    }

    private final CopyOnWriteArrayList<Route> routes = new CopyOnWriteArrayList<>();
    private volatile MessageHandler defaultHandler;

    void defaultHandler(MessageHandler handler) {
        this.defaultHandler = handler;
    }

    /** Routes {@code filter} to {@code handler}, replacing an earlier route for the same filter (as the server does). */
    void add(String filter, MessageHandler handler) {
        routes.removeIf(r -> r.filter.equals(filter));
        if (handler != null) {
            routes.add(new Route(filter, handler));
        }
    }

    void remove(String filter) {
        routes.removeIf(r -> r.filter.equals(filter));
    }

    /** The handlers for {@code topic}: the matching ones, or the default handler, or none. */
    List<MessageHandler> handlersFor(String topic) {
        List<MessageHandler> found = new ArrayList<>(1);
        for (Route r : routes) {
            if (TopicFilter.matches(r.filter, topic) && !found.contains(r.handler)) {
                found.add(r.handler);
            }
        }
        MessageHandler fallback = defaultHandler;
        if (found.isEmpty() && fallback != null) {
            found.add(fallback);
        }
        return found;
    }

    /** Delivers to every handler for the message's topic; returns how many handlers saw it. */
    int deliver(Publish message, java.util.function.BiConsumer<MessageHandler, RuntimeException> onFailure) {
        List<MessageHandler> handlers = handlersFor(message.topic());
        for (MessageHandler h : handlers) {
            try {
                h.onMessage(message);
            } catch (RuntimeException e) {
                onFailure.accept(h, e);
            }
        }
        return handlers.size();
    }
}
