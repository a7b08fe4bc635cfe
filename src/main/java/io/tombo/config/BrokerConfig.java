package io.tombo.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * The broker's settings after reading mosquitto.conf, with Mosquitto's defaults for everything not set.
 * Durations are in seconds; 0 means "no limit" where Mosquitto says so.
 *
 * @param listeners                 empty when the file configures none: the broker then runs Mosquitto 2's
 *                                  local-only mode (127.0.0.1:1883, anonymous allowed)
 * @param maxPacketSize             0 = the protocol's 268,435,455-byte limit
 * @param messageSizeLimit          largest PUBLISH payload accepted, 0 = unlimited
 * @param persistentClientExpiration seconds after which a disconnected 3.x persistent session is removed, 0 = never
 */
public record BrokerConfig(
        List<ListenerConfig> listeners,
        boolean perListenerSettings,
        boolean allowAnonymous,
        Path passwordFile,
        Path aclFile,
        boolean useUsernameAsClientId,
        boolean allowZeroLengthClientId,
        String autoIdPrefix,
        int maxConnections,
        int maxInflightMessages,
        long maxInflightBytes,
        int maxQueuedMessages,
        long maxQueuedBytes,
        boolean queueQos0Messages,
        int messageSizeLimit,
        int maxPacketSize,
        int maxKeepalive,
        int maxTopicAlias,
        int maxQos,
        boolean retainAvailable,
        boolean checkRetainSource,
        boolean upgradeOutgoingQos,
        long persistentClientExpiration,
        int sysInterval,
        boolean setTcpNodelay,
        Path pidFile,
        boolean persistence,
        Path persistenceLocation,
        String persistenceFile,
        LogConfig log) {

    /** Logging directives: where to ({@code log_dest}), what ({@code log_type}) and how. */
    public record LogConfig(
            List<String> destinations,
            Path logFile,
            Set<String> types,
            boolean connectionMessages,
            boolean timestamp,
            String timestampFormat,
            String facility) {
    }
}
