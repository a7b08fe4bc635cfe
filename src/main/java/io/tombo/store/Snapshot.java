package io.tombo.store;

import java.util.List;

/**
 * Everything a store holds, read once at start-up.
 *
 * @param lastMessageId the highest message id in use, so new ids continue above it
 */
public record Snapshot(List<StoredMessage> retained, List<StoredSession> sessions, long lastMessageId) {
    public static final Snapshot EMPTY = new Snapshot(List.of(), List.of(), 0);
}
