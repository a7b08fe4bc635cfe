package io.tombo.client;

import io.tombo.codec.Publish;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import java.util.function.IntFunction;

/**
 * Which handler gets a received message ({@link MessageHandler} or {@link AcknowledgingHandler}): every distinct handler whose subscription's filter matches the topic, in
 * subscription order, each once; the default handler when none matches. Read on the receive thread for every
 * message and changed only by (un)subscribe, hence copy-on-write and no lock.
 */
final class Routes {
    /** {@code handler} is a {@link MessageHandler} or an {@link AcknowledgingHandler}. */
    private record Route(String filter, Object handler) {
    }

    private final CopyOnWriteArrayList<Route> routes = new CopyOnWriteArrayList<>();
    private volatile Object defaultHandler;

    void defaultHandler(Object handler) {
        this.defaultHandler = handler;
    }

    /** Routes {@code filter} to {@code handler}, replacing an earlier route for the same filter (as the server does). */
    void add(String filter, Object handler) {
        routes.removeIf(r -> r.filter.equals(filter));
        if (handler != null) {
            routes.add(new Route(filter, handler));
        }
    }

    void remove(String filter) {
        routes.removeIf(r -> r.filter.equals(filter));
    }

    /** The handlers for {@code topic}: the matching ones, or the default handler, or none. */
    List<Object> handlersFor(String topic) {
        List<Object> found = new ArrayList<>(1);
        for (Route r : routes) {
            if (TopicFilter.matches(r.filter, topic) && !found.contains(r.handler)) {
                found.add(r.handler);
            }
        }
        Object fallback = defaultHandler;
        if (found.isEmpty() && fallback != null) {
            found.add(fallback);
        }
        return found;
    }

    /**
     * Delivers to every handler for the message's topic, and returns how many handlers saw it. A
     * {@link MessageHandler} acknowledges by returning (or failing); an {@link AcknowledgingHandler} when it says so.
     * {@code acknowledgement} makes the acknowledgement that waits for that many handlers.
     */
    int deliver(Publish message, IntFunction<Acknowledgement> acknowledgement,
                BiConsumer<Object, RuntimeException> onFailure) {
        List<Object> handlers = handlersFor(message.topic());
        Acknowledgement ack = acknowledgement.apply(handlers.size());
        for (Object h : handlers) {
            try {
                if (h instanceof AcknowledgingHandler a) {
                    a.onMessage(message, ack);
                } else {
                    try {
                        ((MessageHandler) h).onMessage(message);
                    } finally {
                        ack.acknowledge();
                    }
                }
            } catch (RuntimeException e) {
                onFailure.accept(h, e);
            }
        }
        return handlers.size();
    }
}
