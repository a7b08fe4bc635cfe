package io.tombo.store;

import java.util.List;

/**
 * One change to the durable state, as the broker core describes it. Changes are applied in the order they are
 * submitted; a batch ({@link Store#apply}) commits as a whole. Queue entries are keyed by client id and message
 * id: message ids grow with arrival, so ordering a session's entries by message id restores its queue order. A
 * store may leave out changes that later changes of the same commit undo, as long as what it commits is the same.
 */
public sealed interface Change {

    /** A message body that queue entries refer to; written once however many sessions queue it. */
    record PutMessage(long messageId, StoredMessage message) implements Change {
    }

    /** The retained message of its topic, replacing the previous one. */
    record PutRetained(StoredMessage message) implements Change {
    }

    record DeleteRetained(String topic) implements Change {
    }

    /**
     * A session that outlives its connection, created or updated.
     *
     * @param expiryInterval       seconds the session outlives its connection, -1 for never
     * @param disconnectedAtMillis when its last connection closed; 0 while connected
     * @param will                 the will to publish if the connection ends without DISCONNECT, or the will
     *                             waiting out its delay; null for none
     */
    record PutSession(String clientId, long expiryInterval, long disconnectedAtMillis, StoredWill will)
            implements Change {
    }

    /** The session and everything it owns: subscriptions, queue entries, inbound QoS 2 identifiers. */
    record DeleteSession(String clientId) implements Change {
    }

    record PutSubscription(String clientId, StoredSubscription subscription) implements Change {
    }

    record DeleteSubscription(String clientId, String topicFilter) implements Change {
    }

    /**
     * A message queued for a session at {@code qos} (1 or 2), with its RETAIN flag and subscription ids; its body is
     * the {@link PutMessage} of {@code messageId}, which several sessions may share.
     */
    record Enqueue(String clientId, long messageId, int qos, boolean retainFlag, List<Integer> subscriptionIds)
            implements Change {
    }

    /**
     * As {@link Enqueue}, for a message no other session queues: the body goes into the queue entry itself, so the
     * message costs one row, written once and deleted once, and needs no {@link PutMessage}.
     *
     * @param packetId 0: queued; otherwise the entry's {@link MarkSent} of the same commit, folded in by the store
     */
    record EnqueueWithBody(String clientId, long messageId, StoredMessage message, int qos, boolean retainFlag,
                           List<Integer> subscriptionIds, int packetId) implements Change {

        /** A queued entry, not sent yet. */
        public EnqueueWithBody(String clientId, long messageId, StoredMessage message, int qos, boolean retainFlag,
                               List<Integer> subscriptionIds) {
            this(clientId, messageId, message, qos, retainFlag, subscriptionIds, 0);
        }

        EnqueueWithBody sentAs(int id) {
            return new EnqueueWithBody(clientId, messageId, message, qos, retainFlag, subscriptionIds, id);
        }
    }

    /** The queued message went out under {@code packetId} and awaits PUBACK or PUBREC. */
    record MarkSent(String clientId, long messageId, int packetId) implements Change {
    }

    /** PUBREC arrived and PUBREL went out: only PUBCOMP is awaited. */
    record MarkReleased(String clientId, long messageId) implements Change {
    }

    /**
     * Acknowledged, refused, expired or dropped: the entry goes, with its body, and a shared message if no other entry
     * needs it.
     */
    record Dequeue(String clientId, long messageId) implements Change {
    }

    /** An inbound QoS 2 packet id whose PUBREC went out, awaiting PUBREL [MQTT-4.3.3-10] (5.0). */
    record PutAwaitingRelease(String clientId, int packetId) implements Change {
    }

    record DeleteAwaitingRelease(String clientId, int packetId) implements Change {
    }
}
