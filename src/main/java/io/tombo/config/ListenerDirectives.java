package io.tombo.config;

import io.tombo.config.Directive.Scope;
import io.tombo.config.Directive.Status;

import java.util.List;

import static io.tombo.config.Directives.accepted;
import static io.tombo.config.Directives.set;

/**
 * Listener and TLS rows of the directive table. Each applies to the current {@code listener} block; before the first
 * one, to Mosquitto's implicit default listener (port 1883, all interfaces), which then exists.
 */
final class ListenerDirectives {
    static final List<Directive> ALL = List.of(
            set("listener", Scope.LISTENER, "none: local-only mode on 127.0.0.1:1883",
                    "start a listener block: PORT [ADDRESS], or 0 SOCKET_PATH for a Unix socket; "
                            + "port 0 without a path takes a free port (Tombo extension, for tests)",
                    ListenerDirectives::listener),
            set("port", Scope.LISTENER, "1883", "deprecated: port of the default listener",
                    (l, d) -> defaultListener(l, d).port = l.integer(1, 65535)),
            set("bind_address", Scope.LISTENER, "all interfaces", "deprecated: address of the default listener",
                    (l, d) -> defaultListener(l, d).bindAddress = l.word()),
            set("bind_interface", Scope.LISTENER, "none", "listen only on this network interface",
                    (l, d) -> d.listener(l).bindInterface = l.word()),
            set("enable_proxy_protocol", Scope.LISTENER, "off",
                    "Mosquitto 2.1: 1 or 2: every connection starts with a PROXY protocol header of that version "
                            + "carrying the client's address (for brokers behind HAProxy or a load balancer)",
                    (l, d) -> d.listener(l).proxyProtocol = l.integer(1, 2)),
            set("http_dir", Scope.LISTENER, "none",
                    "directory served over HTTP by a websockets listener (GET and HEAD; nothing outside it)",
                    (l, d) -> d.listener(l).httpDir = l.path()),
            set("max_connections", Scope.LISTENER, "-1 (no limit)", "connections on this listener, -1 = no limit",
                    (l, d) -> d.listener(l).maxConnections =
                            Math.max(-1, l.integer(Integer.MIN_VALUE, Integer.MAX_VALUE))),
            new Directive("max_client_bytes_per_second", Scope.LISTENER, Status.IMPLEMENTED, "0 (no limit)",
                    "bytes of MQTT packets one connection may send per second; above it the broker stops reading "
                            + "from that client for a while (nothing is dropped)",
                    Directives.TOMBO_EXTENSION, (l, d) -> d.listener(l).maxBytesPerSecond =
                            l.number(l.word(), 0, Long.MAX_VALUE)),
            new Directive("max_client_messages_per_second", Scope.LISTENER, Status.IMPLEMENTED, "0 (no limit)",
                    "MQTT packets one connection may send per second, enforced the same way",
                    Directives.TOMBO_EXTENSION, (l, d) -> d.listener(l).maxMessagesPerSecond =
                            l.integer(0, Integer.MAX_VALUE)),
            set("max_qos", Scope.LISTENER, "2", "highest QoS clients of this listener may use",
                    (l, d) -> d.listener(l).maxQos = l.integer(0, 2)),
            set("maximum_qos", Scope.LISTENER, "2", "undocumented Mosquitto synonym of max_qos",
                    (l, d) -> d.listener(l).maxQos = l.integer(0, 2)),
            set("max_topic_alias", Scope.LISTENER, "10", "topic aliases an MQTT 5 client may create, 0 = none",
                    (l, d) -> d.listener(l).maxTopicAlias = l.integer(0, 65535)),
            set("mount_point", Scope.LISTENER, "none", "topic prefix isolating this listener's clients",
                    ListenerDirectives::mountPoint),
            set("protocol", Scope.LISTENER, "mqtt", "mqtt or websockets",
                    (l, d) -> d.listener(l).protocol = l.choice("mqtt", "websockets")),
            set("socket_domain", Scope.LISTENER, "both", "ipv4 or ipv6 only",
                    (l, d) -> d.listener(l).socketDomain = l.choice("ipv4", "ipv6")),
            set("cafile", Scope.LISTENER, "none", "PEM file of CAs trusted for client certificates",
                    (l, d) -> d.listener(l).cafile = l.path()),
            set("capath", Scope.LISTENER, "none", "directory of PEM CAs trusted for client certificates",
                    (l, d) -> d.listener(l).capath = l.path()),
            set("certfile", Scope.LISTENER, "none", "PEM server certificate; with keyfile, enables TLS",
                    (l, d) -> d.listener(l).certfile = l.path()),
            set("keyfile", Scope.LISTENER, "none", "PEM server private key",
                    (l, d) -> d.listener(l).keyfile = l.path()),
            set("ciphers", Scope.LISTENER, "provider defaults",
                    "TLS 1.2 cipher suites, colon-separated OpenSSL or IANA names (no cipher-string keywords)",
                    (l, d) -> d.listener(l).ciphers = l.word()),
            set("ciphers_tls1.3", Scope.LISTENER, "provider defaults", "TLS 1.3 cipher suites, colon-separated",
                    (l, d) -> d.listener(l).ciphersTls13 = l.word()),
            set("crlfile", Scope.LISTENER, "none", "PEM certificate revocation list checked against client certificates",
                    (l, d) -> d.listener(l).crlfile = l.path()),
            accepted("dhparamfile", Scope.LISTENER, "none", "DH parameters for ephemeral DH key exchange",
                    "not needed: the JDK negotiates its own DH groups (ECDHE/FFDHE)", (l, d) -> l.path()),
            set("require_certificate", Scope.LISTENER, "false", "clients must present a valid certificate",
                    (l, d) -> d.listener(l).requireCertificate = l.bool()),
            set("tls_version", Scope.LISTENER, "tlsv1.2", "minimum TLS version",
                    (l, d) -> d.listener(l).tlsVersion = l.choice("tlsv1.3", "tlsv1.2", "tlsv1.1")),
            accepted("tls_keyform", Scope.LISTENER, "pem", "private key form: pem or engine",
                    "pem is the only form; engine is not supported yet", ListenerDirectives::keyform),
            set("use_identity_as_username", Scope.LISTENER, "false",
                    "use the client certificate's CN as the username (needs require_certificate); no password check",
                    (l, d) -> d.listener(l).useIdentityAsUsername = l.bool()),
            set("use_subject_as_username", Scope.LISTENER, "false",
                    "use the client certificate's subject (RFC 2253, e.g. CN=a,O=b) as the username",
                    (l, d) -> d.listener(l).useSubjectAsUsername = l.bool()));

    private ListenerDirectives() {
    }

    private static void listener(Line line, Draft draft) throws ConfigException {
        List<String> words = line.words(1, 2);
        int port = (int) line.number(words.getFirst(), 0, 65535);
        draft.startListener(line, port, words.size() > 1 ? words.get(1) : null);
    }

    /** {@code port} and {@code bind_address} configure the default listener wherever they are written. */
    private static DraftListener defaultListener(Line line, Draft draft) {
        if (!draft.defaultListenerUsed) {
            draft.defaultListenerUsed = true;
            draft.defaultListener.source = line.where();
        }
        return draft.defaultListener;
    }

    private static void mountPoint(Line line, Draft draft) throws ConfigException {
        if (draft.listeners.isEmpty()) {
            throw line.error("mount_point needs a listener: write a 'listener' line before it");
        }
        String value = line.text();
        if (value.contains("+") || value.contains("#")) {
            throw line.error("mount_point must not contain the wildcards + or #, not '" + value + "'");
        }
        draft.listener(line).mountPoint = value;
    }

    private static void keyform(Line line, Draft draft) throws ConfigException {
        if (line.choice("pem", "engine").equals("engine")) {
            throw line.error("directive tls_keyform engine is not supported yet");
        }
    }
}
