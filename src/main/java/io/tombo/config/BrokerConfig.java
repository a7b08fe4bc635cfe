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
 * @param maxConnections            broker-wide connection cap (Mosquitto 2.1 {@code global_max_connections}), -1 = none;
 *                                  the per-listener {@code max_connections} is in {@link ListenerConfig}
 * @param maxTopicAlias             {@code max_topic_alias} for the local-only listener; configured listeners carry their own
 * @param maxQos                    {@code max_qos} for the local-only listener; configured listeners carry their own
 * @param memoryLimit               {@code memory_limit} in bytes, 0 = no limit
 * @param clientidPrefixes          deprecated {@code clientid_prefixes}: only client ids starting with it may connect; null = all
 * @param persistenceSync           Tombo's {@code persistence_sync}
 * @param outgoingTopicAliases      Tombo's {@code outgoing_topic_aliases}: assign topic aliases on PUBLISHes to 5.0
 *                                  clients that allow them (off by default: Paho Java 1.2.5 cannot read them)
 * @param connectTimeout            Tombo's {@code connect_timeout}: seconds a new connection has to send CONNECT
 * @param publisherHoldTimeout      Tombo's {@code publisher_hold_timeout}: seconds QoS 1/2 publishers are held back for
 *                                  a connected subscriber that is behind and makes no progress; 0 never holds them
 * @param colocatePublishers        Tombo's {@code colocate_publishers}: a client that only publishes, at a low rate,
 *                                  moves to the event loop of the subscribers its messages go to
 * @param recorder                  Tombo's telemetry recorder: {@code record} rules, {@code http_listener}
 * @param notices                   FILE:LINE messages the broker should log at startup: directives accepted but not
 *                                  needed, deprecated forms, ignored {@code -p}
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
        Path pidFile,
        boolean persistence,
        Path persistenceLocation,
        String persistenceFile,
        LogConfig log,
        long memoryLimit,
        String clientidPrefixes,
        PersistenceSync persistenceSync,
        boolean outgoingTopicAliases,
        int connectTimeout,
        int publisherHoldTimeout,
        boolean colocatePublishers,
        RecorderConfig recorder,
        List<String> notices) {

    /** The source of listeners created by {@link #withPort(int)}. */
    public static final String COMMAND_LINE_SOURCE = "command line -p";

    public BrokerConfig {
        listeners = List.copyOf(listeners);
        notices = List.copyOf(notices);
    }

    /** How hard {@code persistence true} pushes a commit to the disk (Tombo extension {@code persistence_sync}). */
    public enum PersistenceSync {
        /** Survives a crash of the broker process; a power loss may lose the last commits. */
        NORMAL,
        /** Survives a power loss: every commit is synced to the device. */
        FULL
    }

    /**
     * Applies the broker's {@code -p PORT} option with Mosquitto 2.0's semantics: when the configuration defines no
     * listener (local-only mode), each {@code -p} adds a listener on the loopback interface, and anonymous access
     * stays as local-only mode has it; when the configuration file defines a listener, {@code -p} is ignored and
     * the returned config carries a notice saying so. Call it once per {@code -p}.
     *
     * @throws IllegalArgumentException if {@code port} is not in 1..65535
     */
    public BrokerConfig withPort(int port) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("Invalid port specified (" + port + ")");
        }
        boolean configDefinesListeners = listeners.stream()
                .anyMatch(listener -> !COMMAND_LINE_SOURCE.equals(listener.source()));
        var newNotices = new java.util.ArrayList<>(notices);
        var newListeners = new java.util.ArrayList<>(listeners);
        if (configDefinesListeners) {
            newNotices.add("-p " + port + " is ignored because the configuration file defines listeners");
        } else {
            newListeners.add(ListenerConfig.loopback(COMMAND_LINE_SOURCE, port));
        }
        return new BrokerConfig(newListeners, perListenerSettings, allowAnonymous, passwordFile, aclFile,
                useUsernameAsClientId, allowZeroLengthClientId, autoIdPrefix, maxConnections, maxInflightMessages,
                maxInflightBytes, maxQueuedMessages, maxQueuedBytes, queueQos0Messages, messageSizeLimit,
                maxPacketSize, maxKeepalive, maxTopicAlias, maxQos, retainAvailable, checkRetainSource,
                upgradeOutgoingQos, persistentClientExpiration, sysInterval, pidFile, persistence,
                persistenceLocation, persistenceFile, log, memoryLimit, clientidPrefixes, persistenceSync,
                outgoingTopicAliases, connectTimeout, publisherHoldTimeout, colocatePublishers, recorder,
                newNotices);
    }

    /** Whether the broker runs Mosquitto 2's local-only mode: no listener configured, bind 127.0.0.1:1883. */
    public boolean localOnly() {
        return listeners.isEmpty();
    }

    /**
     * Logging directives: where to ({@code log_dest}), what ({@code log_type}) and how.
     *
     * @param destinations of {@code stdout stderr syslog topic file dlt}; empty after {@code log_dest none}
     * @param types        of {@code debug error warning notice information subscribe unsubscribe websockets internal}
     * @param facility     syslog facility: {@code daemon} or {@code local0}..{@code local7}
     */
    public record LogConfig(
            List<String> destinations,
            Path logFile,
            Set<String> types,
            boolean connectionMessages,
            boolean timestamp,
            String timestampFormat,
            String facility) {

        public LogConfig {
            destinations = List.copyOf(destinations);
            types = Set.copyOf(types);
        }
    }
}
