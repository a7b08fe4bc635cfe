package io.tombo.config;

import io.tombo.config.Directive.Action;
import io.tombo.config.Directive.Scope;
import io.tombo.config.Directive.Status;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The directive table: every directive of mosquitto.conf(5) for Mosquitto 2.0 (plus a few from 2.1 and Tombo's own),
 * each with what it does. This class holds the general directives and the lookup; listener and TLS directives are in
 * {@link ListenerDirectives}, the ones Tombo rejects in {@link UnsupportedDirectives}.
 */
public final class Directives {
    static final String TOMBO_EXTENSION = "Tombo extension";
    private static final int MAX_PAYLOAD = 268_435_455;
    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})([hdwmy])");
    private static final List<String> LOG_TYPES = List.of("debug", "error", "warning", "notice", "information",
            "subscribe", "unsubscribe", "websockets", "internal");

    private static final List<Directive> GENERAL = List.of(
            set("acl_file", Scope.SECURITY, "none", "ACL file controlling topic access",
                    (l, d) -> d.security(l).aclFile = l.path()),
            set("allow_anonymous", Scope.SECURITY, "false; true in local-only mode",
                    "whether clients without a username may connect",
                    (l, d) -> d.security(l).allowAnonymous = l.bool()),
            accepted("allow_duplicate_messages", Scope.GLOBAL, "true",
                    "deprecated: send overlapping-subscription messages more than once",
                    "deprecated in Mosquitto 2.0; Tombo delivers overlapping subscriptions as MQTT 5 says",
                    (l, d) -> l.bool()),
            set("allow_zero_length_clientid", Scope.SECURITY, "true",
                    "let clients connect with an empty client id and assign one",
                    (l, d) -> d.security(l).allowZeroLengthClientId = l.bool()),
            set("auto_id_prefix", Scope.SECURITY, "auto-", "prefix of client ids the broker assigns",
                    (l, d) -> d.security(l).autoIdPrefix = l.text()),
            accepted("autosave_interval", Scope.GLOBAL, "1800", "seconds between saves of the in-memory database",
                    "not needed: Tombo commits every change", (l, d) -> l.integer(Integer.MIN_VALUE,
                            Integer.MAX_VALUE)),
            accepted("autosave_on_changes", Scope.GLOBAL, "false", "count changes instead of seconds for autosave",
                    "not needed: Tombo commits every change", (l, d) -> l.bool()),
            set("check_retain_source", Scope.GLOBAL, "false",
                    "re-check the publisher's ACL before sending a retained message; only false is supported yet "
                            + "(true is refused: retained messages do not keep their publisher's username)",
                    Directives::checkRetainSource),
            set("clientid_prefixes", Scope.GLOBAL, "none",
                    "deprecated: only client ids starting with this prefix may connect",
                    (l, d) -> d.clientidPrefixes = l.text()),
            set("connection_messages", Scope.GLOBAL, "true", "log client connects and disconnects",
                    (l, d) -> d.connectionMessages = l.bool()),
            new Directive("include_dir", Scope.GLOBAL, Status.IMPLEMENTED, "none",
                    "read every *.conf file in a directory, in Mosquitto's order", "", (l, d) -> { }),
            set("log_dest", Scope.GLOBAL, "stderr",
                    "where to log: stdout, stderr, syslog, topic, file PATH, dlt, none; repeatable (stdout, stderr and file "
                            + "write their lines in bursts, within 10 ms, warnings and errors at once)",
                    Directives::logDest),
            set("log_facility", Scope.GLOBAL, "daemon", "syslog facility localN, N 0..7",
                    (l, d) -> d.logFacility = "local" + l.integer(0, 7)),
            set("log_timestamp", Scope.GLOBAL, "true", "prefix log lines with a timestamp",
                    (l, d) -> d.logTimestamp = l.bool()),
            set("log_timestamp_format", Scope.GLOBAL, "seconds since the epoch", "strftime format of the timestamp",
                    (l, d) -> d.logTimestampFormat = l.text()),
            set("log_type", Scope.GLOBAL, "error, warning, notice, information",
                    "what to log: debug, error, warning, notice, information, subscribe, unsubscribe, websockets, "
                            + "none, all; repeatable",
                    Directives::logType),
            set("max_inflight_bytes", Scope.GLOBAL, "0 (no limit)", "bytes of outgoing QoS 1/2 messages in flight",
                    (l, d) -> d.maxInflightBytes = l.number(l.word(), 0, Long.MAX_VALUE)),
            set("max_inflight_messages", Scope.GLOBAL, "20", "outgoing QoS 1/2 messages in flight per client, 0 = no limit",
                    (l, d) -> d.maxInflightMessages = l.integer(0, 65535)),
            set("max_keepalive", Scope.GLOBAL, "65535", "largest keepalive allowed; MQTT 5 clients are told",
                    (l, d) -> d.maxKeepalive = l.integer(10, 65535)),
            set("max_packet_size", Scope.GLOBAL, "0 (no limit)", "largest packet accepted, in bytes (at least 20)",
                    (l, d) -> d.maxPacketSize = l.integer(20, MAX_PAYLOAD + 5)),
            set("max_queued_bytes", Scope.GLOBAL, "0 (no limit)", "bytes of QoS 1/2 messages queued per client",
                    (l, d) -> d.maxQueuedBytes = l.number(l.word(), 0, Long.MAX_VALUE)),
            set("max_queued_messages", Scope.GLOBAL, "1000", "messages queued per client above those in flight, "
                    + "0 = no limit", (l, d) -> d.maxQueuedMessages = l.integer(0, Integer.MAX_VALUE)),
            set("memory_limit", Scope.GLOBAL, "0 (no limit)", "bytes of heap the broker may use for messages",
                    (l, d) -> d.memoryLimit = l.number(l.word(), 0, Long.MAX_VALUE)),
            set("message_size_limit", Scope.GLOBAL, "0 (no limit)", "largest PUBLISH payload accepted",
                    (l, d) -> d.messageSizeLimit = l.integer(0, MAX_PAYLOAD)),
            set("password_file", Scope.SECURITY, "none", "password file (mosquitto_passwd / tombo passwd format)",
                    (l, d) -> d.security(l).passwordFile = l.path()),
            set("per_listener_settings", Scope.GLOBAL, "false",
                    "make the security directives apply to each listener instead of the whole broker",
                    Directives::perListenerSettings),
            set("persistence", Scope.GLOBAL, "false", "keep sessions and messages on disk across restarts",
                    (l, d) -> d.persistence = l.bool()),
            set("retained_persistence", Scope.GLOBAL, "false", "undocumented Mosquitto synonym of persistence",
                    (l, d) -> d.persistence = l.bool()),
            set("persistence_file", Scope.GLOBAL, "tombo.db", "file name of the SQLite database (Mosquitto: mosquitto.db)",
                    (l, d) -> d.persistenceFile = l.text()),
            set("persistence_location", Scope.GLOBAL, "current directory", "directory of the database",
                    (l, d) -> d.persistenceLocation = l.path()),
            new Directive("connect_timeout", Scope.GLOBAL, Status.IMPLEMENTED, "10",
                    "seconds a new connection has to send CONNECT before it is closed (half-open sockets, slowloris)",
                    TOMBO_EXTENSION, (l, d) -> d.connectTimeout = l.integer(1, 3600)),
            new Directive("publisher_hold_timeout", Scope.GLOBAL, Status.IMPLEMENTED, "5",
                    "a QoS 1/2 publisher whose messages go to a connected subscriber with half of max_queued_messages "
                            + "waiting is held back (not acknowledged further) until that subscriber catches up; after "
                            + "this many seconds without progress from the subscriber, its queue limit applies and what "
                            + "overflows is dropped and counted, as in Mosquitto. 0: never hold publishers",
                    TOMBO_EXTENSION, (l, d) -> d.publisherHoldTimeout = l.integer(0, 3600)),
            new Directive("colocate_publishers", Scope.GLOBAL, Status.IMPLEMENTED, "true",
                    "a client that only publishes (no subscriptions), at a low rate and mostly to subscribers on one "
                            + "other event loop, moves to that loop, so that its messages are delivered without a "
                            + "thread hand-over (lower latency and CPU per message); it never moves to a busy loop",
                    TOMBO_EXTENSION, (l, d) -> d.colocatePublishers = l.bool()),
            new Directive("outgoing_topic_aliases", Scope.GLOBAL, Status.IMPLEMENTED, "false",
                    "assign topic aliases on PUBLISHes to MQTT 5 clients that allow them (Paho Java 1.2.5 cannot "
                            + "read them, so off as in Mosquitto)",
                    TOMBO_EXTENSION, (l, d) -> d.outgoingTopicAliases = l.bool()),
            new Directive("persistence_sync", Scope.GLOBAL, Status.IMPLEMENTED, "normal",
                    "normal: survive a broker crash; full: also survive a power loss",
                    TOMBO_EXTENSION, (l, d) -> d.persistenceSync =
                    BrokerConfig.PersistenceSync.valueOf(l.choice("normal", "full").toUpperCase())),
            set("persistent_client_expiration", Scope.GLOBAL, "never",
                    "remove persistent sessions idle this long: N followed by h, d, w, m or y",
                    Directives::expiration),
            set("pid_file", Scope.GLOBAL, "none", "write the process id to this file",
                    (l, d) -> d.pidFile = l.path()),
            set("queue_qos0_messages", Scope.GLOBAL, "false", "queue QoS 0 messages for offline persistent clients",
                    (l, d) -> d.queueQos0Messages = l.bool()),
            set("retain_available", Scope.GLOBAL, "true", "support retained messages",
                    (l, d) -> d.retainAvailable = l.bool()),
            accepted("retry_interval", Scope.GLOBAL, "none", "removed in Mosquitto 2.0",
                    "removed in Mosquitto 2.0: messages are retried on reconnect, as MQTT requires",
                    (l, d) -> l.text()),
            accepted("set_tcp_nodelay", Scope.GLOBAL, "false", "disable Nagle's algorithm on client sockets",
                    "Tombo always disables it: it batches its own writes, once per event-loop pass, so Nagle's "
                            + "algorithm would only add latency", (l, d) -> l.bool()),
            accepted("store_clean_interval", Scope.GLOBAL, "none", "removed in Mosquitto 1.5",
                    "removed from Mosquitto; Tombo frees messages as soon as they are delivered", (l, d) -> l.text()),
            set("sys_interval", Scope.GLOBAL, "10", "seconds between $SYS updates, 0 = no $SYS",
                    (l, d) -> d.sysInterval = l.integer(0, 65535)),
            set("upgrade_outgoing_qos", Scope.GLOBAL, "false", "deliver at the subscription's QoS (non-standard)",
                    (l, d) -> d.upgradeOutgoingQos = l.bool()),
            accepted("user", Scope.GLOBAL, "mosquitto", "user to switch to when started as root",
                    "Tombo does not drop privileges; run it as the user you want", (l, d) -> l.text()),
            set("use_username_as_clientid", Scope.SECURITY, "false", "replace the client id with the username",
                    (l, d) -> d.security(l).useUsernameAsClientId = l.bool()),
            accepted("websockets_headers_size", Scope.GLOBAL, "1024", "libwebsockets header buffer size",
                    "not needed: Tombo's WebSocket server sizes its header buffer itself",
                    (l, d) -> l.integer(0, 65535)),
            accepted("websockets_log_level", Scope.GLOBAL, "0", "libwebsockets log bit mask",
                    "not needed: libwebsockets-specific; use log_type websockets",
                    (l, d) -> l.integer(Integer.MIN_VALUE, Integer.MAX_VALUE)),
            set("global_max_connections", Scope.GLOBAL, "-1 (no limit)",
                    "Mosquitto 2.1: connections across all listeners, -1 = no limit",
                    (l, d) -> d.maxConnections = Math.max(-1, l.integer(Integer.MIN_VALUE, Integer.MAX_VALUE))));

    /** Every directive, in documentation order. */
    public static final List<Directive> ALL = Stream.of(GENERAL, ListenerDirectives.ALL, RecordDirectives.ALL,
            SinkDirectives.ALL,
            UnsupportedDirectives.ALL)
            .flatMap(List::stream).toList();

    private Directives() {
    }

    /** The row for {@code name}, exact names first, then prefix rows such as {@code auth_opt_*}. */
    public static Optional<Directive> find(String name) {
        return find(ALL, name);
    }

    private static Optional<Directive> find(List<Directive> rows, String name) {
        return rows.stream().filter(d -> !d.name().endsWith("*") && d.name().equals(name)).findFirst()
                .or(() -> rows.stream().filter(d -> d.matches(name)).findFirst());
    }

    static Directive set(String name, Scope scope, String defaultValue, String meaning, Action action) {
        return new Directive(name, scope, Status.IMPLEMENTED, defaultValue, meaning, "", action);
    }

    /** A directive Tombo checks and then ignores, leaving a notice saying why. */
    static Directive accepted(String name, Scope scope, String defaultValue, String meaning, String why,
                              Action check) {
        return new Directive(name, scope, Status.ACCEPTED, defaultValue, meaning, why, (line, draft) -> {
            check.apply(line, draft);
            draft.notices.add(line.where() + ": " + name + " is accepted but ignored: " + why);
        });
    }

    static Directive unsupported(String name, Scope scope, String meaning) {
        return new Directive(name, scope, Status.NOT_SUPPORTED, "", meaning, "", (line, draft) -> {
            throw line.error("directive " + line.name() + " is not supported yet");
        });
    }

    /** Refused rather than ignored when true: a broker asked for a stricter check must not quietly skip it. */
    private static void checkRetainSource(Line line, Draft draft) throws ConfigException {
        if (line.bool()) {
            throw line.error("check_retain_source true is not supported yet (retained messages are not re-checked "
                    + "against their publisher's ACL); remove the line or set it to false");
        }
        draft.checkRetainSource = false;
    }

    private static void perListenerSettings(Line line, Draft draft) throws ConfigException {
        boolean value = line.bool();
        if (value && draft.firstSecurityDirective != null) {
            throw line.error("per_listener_settings must be set before any other security settings (the first "
                    + "is at " + draft.firstSecurityDirective + ")");
        }
        draft.perListenerSettings = value;
    }

    private static void expiration(Line line, Draft draft) throws ConfigException {
        var matcher = DURATION.matcher(line.word());
        if (!matcher.matches() || Long.parseLong(matcher.group(1)) == 0) {
            throw line.error("persistent_client_expiration must be a number followed by h, d, w, m or y "
                    + "(hours, days, weeks, months, years), e.g. 14d, not '" + line.word() + "'");
        }
        long unit = switch (matcher.group(2)) {
            case "h" -> 3600L;
            case "d" -> 86_400L;
            case "w" -> 7 * 86_400L;
            case "m" -> 30 * 86_400L;
            default -> 365 * 86_400L;
        };
        draft.persistentClientExpiration = Long.parseLong(matcher.group(1)) * unit;
    }

    private static void logDest(Line line, Draft draft) throws ConfigException {
        String destination = line.words(1, Integer.MAX_VALUE).getFirst();
        switch (destination) {
            case "none" -> {
                line.word();
                draft.logDestinations = new LinkedHashSet<>();
            }
            case "stdout", "stderr", "syslog", "topic", "dlt" -> {
                line.word();
                draft.logDestinations = Draft.add(draft.logDestinations, destination);
            }
            case "file" -> {
                if (draft.logFile != null) {
                    throw line.error("log_dest file is given twice; only one log file is possible");
                }
                String path = line.rest().substring("file".length()).strip();
                if (path.isEmpty()) {
                    throw line.error("log_dest file needs a path");
                }
                draft.logFile = java.nio.file.Path.of(path);
                draft.logDestinations = Draft.add(draft.logDestinations, destination);
            }
            default -> throw line.error("log_dest must be one of stdout, stderr, syslog, topic, file PATH, dlt, "
                    + "none, not '" + destination + "'");
        }
    }

    private static void logType(Line line, Draft draft) throws ConfigException {
        String type = line.word();
        if (type.equals("none")) {
            draft.logTypes = new LinkedHashSet<>();
        } else if (type.equals("all")) {
            draft.logTypes = new LinkedHashSet<>(LOG_TYPES);
        } else if (LOG_TYPES.contains(type)) {
            draft.logTypes = Draft.add(draft.logTypes, type);
        } else {
            throw line.error("log_type must be one of " + String.join(", ", LOG_TYPES) + ", none, all, not '"
                    + type + "'");
        }
    }

    /** The names of all rows, for tests and documentation. */
    static Set<String> names() {
        Set<String> names = new LinkedHashSet<>();
        ALL.forEach(d -> names.add(d.name()));
        return names;
    }

    static List<Directive> withStatus(Status status) {
        List<Directive> result = new ArrayList<>();
        ALL.stream().filter(d -> d.status() == status).forEach(result::add);
        return result;
    }
}
