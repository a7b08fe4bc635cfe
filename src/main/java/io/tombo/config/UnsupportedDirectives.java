package io.tombo.config;

import io.tombo.config.Directive.Scope;

import java.util.List;

import static io.tombo.config.Directives.unsupported;

/**
 * Rows of the directive table that Tombo rejects for now: plugins, TLS-PSK, OpenSSL engines and bridges. A file
 * using them fails with "FILE:LINE: directive X is not supported yet" rather than running without what it asked for.
 */
final class UnsupportedDirectives {
    static final List<Directive> ALL = List.of(
            unsupported("auth_plugin", Scope.SECURITY, "load an authentication/authorization plugin (C library)"),
            unsupported("plugin", Scope.SECURITY, "Mosquitto 2.0 name of auth_plugin"),
            unsupported("auth_opt_*", Scope.PLUGIN, "option passed to the current plugin"),
            unsupported("plugin_opt_*", Scope.PLUGIN, "option passed to the current plugin"),
            unsupported("auth_plugin_deny_special_chars", Scope.PLUGIN,
                    "deny ACL checks for usernames/client ids containing + or #"),
            unsupported("global_plugin", Scope.GLOBAL, "Mosquitto 2.1: plugin for all listeners"),
            unsupported("accept_protocol_versions", Scope.LISTENER,
                    "Mosquitto 2.1: MQTT versions (3, 4, 5) a listener accepts"),
            unsupported("psk_file", Scope.SECURITY, "file of TLS pre-shared keys"),
            unsupported("psk_hint", Scope.LISTENER, "enable TLS-PSK on this listener with this hint"),
            unsupported("tls_engine", Scope.LISTENER, "OpenSSL engine for the private key"),
            unsupported("tls_engine_kpass_sha1", Scope.LISTENER, "SHA1 of the engine's key password"),
            unsupported("connection", Scope.BRIDGE, "start a bridge to another broker"),
            unsupported("address", Scope.BRIDGE, "host[:port] of the remote broker"),
            unsupported("addresses", Scope.BRIDGE, "synonym of address"),
            unsupported("bridge_alpn", Scope.BRIDGE, "TLS ALPN of the bridge connection"),
            unsupported("bridge_attempt_unsubscribe", Scope.BRIDGE, "unsubscribe remote out-topics"),
            unsupported("bridge_bind_address", Scope.BRIDGE, "local address of the bridge socket"),
            unsupported("bridge_cafile", Scope.BRIDGE, "CA file for the remote broker"),
            unsupported("bridge_capath", Scope.BRIDGE, "CA directory for the remote broker"),
            unsupported("bridge_certfile", Scope.BRIDGE, "client certificate of the bridge"),
            unsupported("bridge_identity", Scope.BRIDGE, "TLS-PSK identity of the bridge"),
            unsupported("bridge_insecure", Scope.BRIDGE, "skip remote host name verification"),
            unsupported("bridge_keyfile", Scope.BRIDGE, "client key of the bridge"),
            unsupported("bridge_max_packet_size", Scope.BRIDGE, "largest packet sent to the remote broker"),
            unsupported("bridge_outgoing_retain", Scope.BRIDGE, "keep the retain flag on outgoing messages"),
            unsupported("bridge_protocol_version", Scope.BRIDGE, "mqttv50, mqttv311 or mqttv31"),
            unsupported("bridge_psk", Scope.BRIDGE, "TLS-PSK key of the bridge"),
            unsupported("bridge_require_ocsp", Scope.BRIDGE, "require OCSP on the bridge's TLS"),
            unsupported("bridge_tls_version", Scope.BRIDGE, "TLS version of the bridge"),
            unsupported("cleansession", Scope.BRIDGE, "clean session of the bridge connection"),
            unsupported("clientid", Scope.BRIDGE, "old name of remote_clientid"),
            unsupported("idle_timeout", Scope.BRIDGE, "idle seconds before a lazy bridge stops"),
            unsupported("keepalive_interval", Scope.BRIDGE, "keepalive of the bridge connection"),
            unsupported("local_cleansession", Scope.BRIDGE, "clean session of the local side"),
            unsupported("local_clientid", Scope.BRIDGE, "client id on the local broker"),
            unsupported("local_password", Scope.BRIDGE, "password on the local broker"),
            unsupported("local_username", Scope.BRIDGE, "username on the local broker"),
            unsupported("notifications", Scope.BRIDGE, "publish bridge state notifications"),
            unsupported("notifications_local_only", Scope.BRIDGE, "publish notifications locally only"),
            unsupported("notification_topic", Scope.BRIDGE, "topic of the notifications"),
            unsupported("password", Scope.BRIDGE, "old name of remote_password"),
            unsupported("remote_clientid", Scope.BRIDGE, "client id on the remote broker"),
            unsupported("remote_password", Scope.BRIDGE, "password on the remote broker"),
            unsupported("remote_username", Scope.BRIDGE, "username on the remote broker"),
            unsupported("restart_timeout", Scope.BRIDGE, "reconnect delay or backoff base and cap"),
            unsupported("round_robin", Scope.BRIDGE, "treat all addresses as equals"),
            unsupported("start_type", Scope.BRIDGE, "automatic, lazy or once"),
            unsupported("threshold", Scope.BRIDGE, "queued messages that start a lazy bridge"),
            unsupported("topic", Scope.BRIDGE, "topic pattern shared with the remote broker"),
            unsupported("try_private", Scope.BRIDGE, "tell the remote broker this is a bridge"),
            unsupported("username", Scope.BRIDGE, "old name of remote_username"));

    private UnsupportedDirectives() {
    }
}
