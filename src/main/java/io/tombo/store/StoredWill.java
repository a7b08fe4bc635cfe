package io.tombo.store;

/**
 * A will as the store keeps it.
 *
 * @param delaySeconds the 5.0 Will Delay Interval (0 for 3.x)
 */
public record StoredWill(StoredMessage message, boolean retain, long delaySeconds) {
}
