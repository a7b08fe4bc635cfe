package io.tombo.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The whole configuration while files are being read: one instance per {@link ConfigParser#parse} call, filled in
 * file order by the {@link Directives} actions, then frozen by {@link #toRecord()}. Defaults are Mosquitto 2.0's.
 */
final class Draft {
    static final Set<String> DEFAULT_LOG_TYPES = Set.of("error", "warning", "notice", "information");

    final List<String> notices = new ArrayList<>();

    // Listeners. Before the first `listener` line, listener directives configure Mosquitto's implicit default
    // listener (port 1883, all interfaces), which exists only if something configured it.
    final DraftListener defaultListener = new DraftListener(null, 1883);
    final List<DraftListener> listeners = new ArrayList<>();
    DraftListener current = defaultListener;
    boolean defaultListenerUsed;

    boolean perListenerSettings;
    /** FILE:LINE of the first security directive, which per_listener_settings must precede. */
    String firstSecurityDirective;
    final Security security = new Security();
    final DraftRecorder recorder = new DraftRecorder();

    int maxConnections = -1;
    int maxInflightMessages = 20;
    long maxInflightBytes;
    int maxQueuedMessages = 1000;
    long maxQueuedBytes;
    boolean queueQos0Messages;
    int messageSizeLimit;
    int maxPacketSize;
    int maxKeepalive = 65535;
    boolean retainAvailable = true;
    boolean checkRetainSource;
    boolean upgradeOutgoingQos;
    long persistentClientExpiration;
    int sysInterval = 10;
    Path pidFile;
    boolean persistence;
    Path persistenceLocation;
    String persistenceFile = "tombo.db"; // not Mosquitto's name: both may share persistence_location
    BrokerConfig.PersistenceSync persistenceSync = BrokerConfig.PersistenceSync.NORMAL;
    boolean outgoingTopicAliases;
    int connectTimeout = 10;
    int publisherHoldTimeout = 5;
    boolean colocatePublishers = true;
    long memoryLimit;
    String clientidPrefixes;

    // log_dest / log_type: the first occurrence replaces the default, later ones add (Mosquitto's config_recurse).
    Set<String> logDestinations;
    Path logFile;
    Set<String> logTypes;
    boolean connectionMessages = true;
    boolean logTimestamp = true;
    String logTimestampFormat;
    String logFacility = "daemon";

    /** The listener a listener-scoped directive on {@code line} configures. */
    DraftListener listener(Line line) {
        if (current == defaultListener && !defaultListenerUsed) {
            defaultListenerUsed = true;
            defaultListener.source = line.where();
        }
        return current;
    }

    /** Where a per_listener_settings-dependent directive on {@code line} goes. */
    Security security(Line line) {
        if (firstSecurityDirective == null) {
            firstSecurityDirective = line.where();
        }
        return perListenerSettings ? current.security : security;
    }

    void startListener(Line line, int port, String address) throws ConfigException {
        var listener = new DraftListener(line.where(), port);
        if (port == 0 && address != null) {
            listener.unixSocketPath = Path.of(address);
        } else {
            listener.bindAddress = address;
        }
        for (DraftListener existing : listeners) {
            if (existing.clashesWith(listener)) {
                throw line.error("listener " + line.rest() + " is already defined at " + existing.source);
            }
        }
        listeners.add(listener);
        current = listener;
    }

    BrokerConfig toRecord() throws ConfigException {
        List<ListenerConfig> records = new ArrayList<>();
        for (DraftListener listener : allListeners()) {
            if (perListenerSettings && listener.security.allowAnonymous == null) {
                listener.security.allowAnonymous = false;
            }
            listener.checkTls();
            if (listener.httpDir != null && !"websockets".equals(listener.protocol)) {
                notices.add(listener.source + ": http_dir is ignored: the listener's protocol is not websockets");
            }
            records.add(listener.toRecord());
        }
        if (perListenerSettings && !defaultListener.security.isEmpty()) {
            if (records.isEmpty()) {
                // Local-only mode has no listener block to hold them: they configure the broker.
                security.inherit(defaultListener.security);
            } else if (!defaultListenerUsed) {
                notices.add("security settings before the first listener apply to no listener "
                        + "(per_listener_settings is true and the default listener is not configured)");
            }
        }
        boolean allowAnonymous = security.allowAnonymous != null ? security.allowAnonymous : records.isEmpty();
        var log = new BrokerConfig.LogConfig(
                List.copyOf(logDestinations != null ? logDestinations : Set.of("stderr")), logFile,
                logTypes != null ? logTypes : DEFAULT_LOG_TYPES, connectionMessages, logTimestamp,
                logTimestampFormat, logFacility);
        return new BrokerConfig(records, perListenerSettings, allowAnonymous, security.passwordFile,
                security.aclFile, Boolean.TRUE.equals(security.useUsernameAsClientId),
                !Boolean.FALSE.equals(security.allowZeroLengthClientId),
                security.autoIdPrefix != null ? security.autoIdPrefix : "auto-", maxConnections,
                maxInflightMessages, maxInflightBytes, maxQueuedMessages, maxQueuedBytes, queueQos0Messages,
                messageSizeLimit, maxPacketSize, maxKeepalive, defaultListener.maxTopicAlias,
                defaultListener.maxQos, retainAvailable, checkRetainSource, upgradeOutgoingQos,
                persistentClientExpiration, sysInterval, pidFile, persistence, persistenceLocation,
                persistenceFile, log, memoryLimit, clientidPrefixes, persistenceSync,
                outgoingTopicAliases, connectTimeout, publisherHoldTimeout, colocatePublishers, recorder.toRecord(),
                notices);
    }

    private List<DraftListener> allListeners() throws ConfigException {
        List<DraftListener> all = new ArrayList<>(listeners);
        if (defaultListenerUsed) {
            for (DraftListener existing : listeners) {
                if (existing.clashesWith(defaultListener)) {
                    throw new ConfigException(existing.source + ": listener on port " + existing.port
                            + " clashes with the default listener configured at " + defaultListener.source
                            + " (directives before the first 'listener' line configure the default listener)");
                }
            }
            all.add(defaultListener);
        }
        return all;
    }

    static Set<String> add(Set<String> set, String value) {
        Set<String> result = set == null ? new LinkedHashSet<>() : set;
        result.add(value);
        return result;
    }
}
