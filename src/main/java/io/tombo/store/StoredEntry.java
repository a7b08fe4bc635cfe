package io.tombo.store;

import java.util.List;

/**
 * A queued or in-flight message of a stored session.
 *
 * @param packetId 0 while queued; the packet id once sent
 * @param released PUBREC received, PUBREL sent
 */
public record StoredEntry(long messageId, StoredMessage message, int qos, boolean retainFlag,
                          List<Integer> subscriptionIds, int packetId, boolean released) {
}
