package io.tombo.config;

import io.tombo.config.BrokerConfig.PersistenceSync;
import io.tombo.config.Directive.Status;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigParserTest {

    /** Every directive mosquitto.conf(5) documents for Mosquitto 2.0.11, plus the synonyms its parser accepts. */
    static final List<String> MOSQUITTO_2_0_DIRECTIVES = List.of(
            "acl_file", "allow_anonymous", "allow_duplicate_messages", "allow_zero_length_clientid", "auth_opt_*",
            "auth_plugin", "auth_plugin_deny_special_chars", "auto_id_prefix", "autosave_interval",
            "autosave_on_changes", "check_retain_source", "clientid_prefixes", "connection_messages",
            "include_dir", "log_dest", "log_facility", "log_timestamp", "log_timestamp_format", "log_type",
            "max_inflight_bytes", "max_inflight_messages", "max_keepalive", "max_packet_size", "max_queued_bytes",
            "max_queued_messages", "memory_limit", "message_size_limit", "password_file", "per_listener_settings",
            "persistence", "persistence_file", "persistence_location", "persistent_client_expiration", "pid_file",
            "psk_file", "queue_qos0_messages", "retain_available", "set_tcp_nodelay", "sys_interval",
            "upgrade_outgoing_qos", "user",
            "bind_address", "bind_interface", "http_dir", "listener", "max_connections", "max_qos",
            "max_topic_alias", "mount_point", "port", "protocol", "socket_domain", "use_username_as_clientid",
            "websockets_log_level", "websockets_headers_size",
            "cafile", "capath", "certfile", "ciphers", "ciphers_tls1.3", "crlfile", "dhparamfile", "keyfile",
            "require_certificate", "tls_engine", "tls_engine_kpass_sha1", "tls_keyform", "tls_version",
            "use_identity_as_username", "use_subject_as_username", "psk_hint",
            "address", "addresses", "bridge_attempt_unsubscribe", "bridge_bind_address", "bridge_max_packet_size",
            "bridge_outgoing_retain", "bridge_protocol_version", "cleansession", "local_cleansession",
            "connection", "keepalive_interval", "idle_timeout", "local_clientid", "local_password",
            "local_username", "notifications", "notifications_local_only", "notification_topic",
            "remote_clientid", "remote_password", "remote_username", "restart_timeout", "round_robin",
            "start_type", "threshold", "topic", "try_private", "bridge_alpn", "bridge_cafile", "bridge_capath",
            "bridge_certfile", "bridge_identity", "bridge_insecure", "bridge_keyfile", "bridge_psk",
            "bridge_require_ocsp", "bridge_tls_version",
            // accepted by Mosquitto 2.0's parser without a man page entry
            "plugin", "plugin_opt_*", "clientid", "password", "username", "maximum_qos", "retained_persistence",
            "retry_interval", "store_clean_interval");

    static final String DEBIAN_CONF = """
            # Place your local configuration in /etc/mosquitto/conf.d/
            #
            # A full description of the configuration file is at
            # /usr/share/doc/mosquitto/examples/mosquitto.conf.example

            pid_file /run/mosquitto/mosquitto.pid

            persistence true
            persistence_location /var/lib/mosquitto/

            log_dest file /var/log/mosquitto/mosquitto.log

            include_dir /etc/mosquitto/conf.d
            """;

    /** Parses as the broker will once every directive is honoured; {@link #pendingDirectivesAreRefused} checks today's. */
    private static BrokerConfig parse(String text) throws ConfigException {
        return ConfigParser.parse(text, "test.conf");
    }

    @Test
    void tlsSettingsMustComeTogether() {
        assertError("listener 8883\ncertfile /c.pem", "test.conf:1: both certfile and keyfile are needed for TLS on "
                + "this listener");
        assertError("listener 8883\ncafile /ca.pem", "test.conf:1: TLS settings (cafile, capath, crlfile, "
                + "require_certificate) need certfile and keyfile on this listener");
        assertError("listener 8883\ncertfile /c.pem\nkeyfile /k.pem\nrequire_certificate true",
                "test.conf:1: require_certificate needs cafile or capath to verify clients");
        assertError("listener 8883\ncertfile /c.pem\nkeyfile /k.pem\nuse_identity_as_username true",
                "test.conf:1: use_identity_as_username and use_subject_as_username need require_certificate true");
        assertError("listener 8883\nenable_proxy_protocol 3", "test.conf:2: enable_proxy_protocol must be between 1 "
                + "and 2, not 3");
    }

    private static void assertError(String text, String message) {
        assertThatThrownBy(() -> parse(text)).isInstanceOf(ConfigException.class).hasMessage(message);
    }

    // ---- defaults

    @Test
    void defaultsAreMosquittoLocalOnlyMode() {
        BrokerConfig config = ConfigParser.defaults();
        assertThat(config.listeners()).isEmpty();
        assertThat(config.localOnly()).isTrue();
        assertThat(config.allowAnonymous()).isTrue();
        assertThat(config.perListenerSettings()).isFalse();
        assertThat(config.passwordFile()).isNull();
        assertThat(config.aclFile()).isNull();
        assertThat(config.allowZeroLengthClientId()).isTrue();
        assertThat(config.autoIdPrefix()).isEqualTo("auto-");
        assertThat(config.maxConnections()).isEqualTo(-1);
        assertThat(config.maxInflightMessages()).isEqualTo(20);
        assertThat(config.maxInflightBytes()).isZero();
        assertThat(config.maxQueuedMessages()).isEqualTo(1000);
        assertThat(config.maxQueuedBytes()).isZero();
        assertThat(config.queueQos0Messages()).isFalse();
        assertThat(config.messageSizeLimit()).isZero();
        assertThat(config.maxPacketSize()).isZero();
        assertThat(config.maxKeepalive()).isEqualTo(65535);
        assertThat(config.maxTopicAlias()).isEqualTo(10);
        assertThat(config.maxQos()).isEqualTo(2);
        assertThat(config.retainAvailable()).isTrue();
        assertThat(config.checkRetainSource()).isFalse();
        assertThat(config.upgradeOutgoingQos()).isFalse();
        assertThat(config.persistentClientExpiration()).isZero();
        assertThat(config.sysInterval()).isEqualTo(10);
        assertThat(config.pidFile()).isNull();
        assertThat(config.persistence()).isFalse();
        assertThat(config.persistenceLocation()).isNull();
        assertThat(config.persistenceFile()).isEqualTo("tombo.db");
        assertThat(config.memoryLimit()).isZero();
        assertThat(config.clientidPrefixes()).isNull();
        assertThat(config.persistenceSync()).isEqualTo(PersistenceSync.NORMAL);
        assertThat(config.notices()).isEmpty();
        assertThat(config.log().destinations()).containsExactly("stderr");
        assertThat(config.log().logFile()).isNull();
        assertThat(config.log().types()).containsExactlyInAnyOrder("error", "warning", "notice", "information");
        assertThat(config.log().connectionMessages()).isTrue();
        assertThat(config.log().timestamp()).isTrue();
        assertThat(config.log().timestampFormat()).isNull();
        assertThat(config.log().facility()).isEqualTo("daemon");
    }

    @Test
    void emptyFileEqualsDefaults() throws ConfigException {
        assertThat(parse("# nothing\n\n   \n")).isEqualTo(ConfigParser.defaults());
    }

    // ---- each implemented global directive sets its field

    @Test
    void globalDirectivesSetTheirFields() throws ConfigException {
        BrokerConfig config = parse("""
                acl_file /etc/tombo/acl
                allow_anonymous true
                allow_zero_length_clientid false
                auto_id_prefix gen-
                check_retain_source false
                clientid_prefixes secure-
                connection_messages false
                global_max_connections 500
                log_facility 5
                log_timestamp false
                log_timestamp_format %Y-%m-%dT%H:%M:%S
                max_inflight_bytes 100000
                max_inflight_messages 1
                max_keepalive 60
                max_packet_size 1024
                max_queued_bytes 5000000
                max_queued_messages 0
                memory_limit 1073741824
                message_size_limit 4096
                password_file /etc/tombo/passwd
                persistence true
                persistence_file tombo.db
                persistence_location /var/lib/tombo
                persistence_sync full
                persistent_client_expiration 14d
                pid_file /run/tombo.pid
                queue_qos0_messages true
                retain_available false
                sys_interval 0
                upgrade_outgoing_qos true
                use_username_as_clientid true
                """);
        assertThat(config.aclFile()).isEqualTo(Path.of("/etc/tombo/acl"));
        assertThat(config.allowAnonymous()).isTrue();
        assertThat(config.allowZeroLengthClientId()).isFalse();
        assertThat(config.autoIdPrefix()).isEqualTo("gen-");
        assertThat(config.checkRetainSource()).isFalse();
        assertThat(config.clientidPrefixes()).isEqualTo("secure-");
        assertThat(config.log().connectionMessages()).isFalse();
        assertThat(config.maxConnections()).isEqualTo(500);
        assertThat(config.log().facility()).isEqualTo("local5");
        assertThat(config.log().timestamp()).isFalse();
        assertThat(config.log().timestampFormat()).isEqualTo("%Y-%m-%dT%H:%M:%S");
        assertThat(config.maxInflightBytes()).isEqualTo(100000);
        assertThat(config.maxInflightMessages()).isEqualTo(1);
        assertThat(config.maxKeepalive()).isEqualTo(60);
        assertThat(config.maxPacketSize()).isEqualTo(1024);
        assertThat(config.maxQueuedBytes()).isEqualTo(5000000);
        assertThat(config.maxQueuedMessages()).isZero();
        assertThat(config.memoryLimit()).isEqualTo(1073741824L);
        assertThat(config.messageSizeLimit()).isEqualTo(4096);
        assertThat(config.passwordFile()).isEqualTo(Path.of("/etc/tombo/passwd"));
        assertThat(config.persistence()).isTrue();
        assertThat(config.persistenceFile()).isEqualTo("tombo.db");
        assertThat(config.persistenceLocation()).isEqualTo(Path.of("/var/lib/tombo"));
        assertThat(config.persistenceSync()).isEqualTo(PersistenceSync.FULL);
        assertThat(config.persistentClientExpiration()).isEqualTo(14 * 86400L);
        assertThat(config.pidFile()).isEqualTo(Path.of("/run/tombo.pid"));
        assertThat(config.queueQos0Messages()).isTrue();
        assertThat(config.retainAvailable()).isFalse();
        assertThat(config.sysInterval()).isZero();
        assertThat(config.upgradeOutgoingQos()).isTrue();
        assertThat(config.useUsernameAsClientId()).isTrue();
        assertThat(config.notices()).isEmpty();
    }

    @Test
    void persistentClientExpirationTakesMosquittoUnits() throws ConfigException {
        assertThat(parse("persistent_client_expiration 2h").persistentClientExpiration()).isEqualTo(7200);
        assertThat(parse("persistent_client_expiration 1w").persistentClientExpiration()).isEqualTo(604800);
        assertThat(parse("persistent_client_expiration 2m").persistentClientExpiration()).isEqualTo(60 * 86400);
        assertThat(parse("persistent_client_expiration 1y").persistentClientExpiration()).isEqualTo(365 * 86400);
        assertError("persistent_client_expiration 3600", "test.conf:1: persistent_client_expiration must be a "
                + "number followed by h, d, w, m or y (hours, days, weeks, months, years), e.g. 14d, not '3600'");
    }

    @Test
    void retainedPersistenceIsASynonymOfPersistence() throws ConfigException {
        assertThat(parse("retained_persistence true").persistence()).isTrue();
    }

    @Test
    void pathsAreKeptAsGivenWithSpaces() throws ConfigException {
        BrokerConfig config = parse("persistence_location relative/dir with space\npassword_file ./pw\n");
        assertThat(config.persistenceLocation()).isEqualTo(Path.of("relative/dir with space"));
        assertThat(config.passwordFile()).isEqualTo(Path.of("./pw"));
    }

    // ---- logging

    @Test
    void firstLogDestReplacesDefaultAndLaterOnesAdd() throws ConfigException {
        BrokerConfig config = parse("log_dest syslog\nlog_dest file /var/log/tombo.log\nlog_dest stdout\n");
        assertThat(config.log().destinations()).containsExactly("syslog", "file", "stdout");
        assertThat(config.log().logFile()).isEqualTo(Path.of("/var/log/tombo.log"));
    }

    @Test
    void logDestNoneDisablesLogging() throws ConfigException {
        assertThat(parse("log_dest stderr\nlog_dest none\n").log().destinations()).isEmpty();
    }

    @Test
    void logTypesAccumulateAndAllOrNoneReset() throws ConfigException {
        assertThat(parse("log_type error\nlog_type subscribe\n").log().types())
                .containsExactlyInAnyOrder("error", "subscribe");
        assertThat(parse("log_type all").log().types()).contains("debug", "websockets", "unsubscribe");
        assertThat(parse("log_type debug\nlog_type none\n").log().types()).isEmpty();
    }

    @Test
    void secondLogFileIsAnError() {
        assertError("log_dest file /a\nlog_dest file /b\n",
                "test.conf:2: log_dest file is given twice; only one log file is possible");
    }

    // ---- listeners

    @Test
    void listenerBlocksTakeTheirOwnSettings() throws ConfigException {
        BrokerConfig config = parse("""
                listener 1883
                max_connections 100
                mount_point tenant1/

                listener 8883 192.168.1.10
                cafile /tls/ca.pem
                capath /tls/cas
                certfile /tls/server.pem
                keyfile /tls/server.key
                crlfile /tls/crl.pem
                require_certificate true
                use_identity_as_username true
                use_subject_as_username true
                tls_version tlsv1.3
                ciphers ECDHE-RSA-AES256-GCM-SHA384
                ciphers_tls1.3 TLS_AES_256_GCM_SHA384
                max_qos 1
                max_topic_alias 0
                socket_domain ipv4
                bind_interface eth0

                listener 9001
                protocol websockets
                http_dir /srv/www
                enable_proxy_protocol 2
                max_client_bytes_per_second 10240
                max_client_messages_per_second 100

                listener 0 /run/tombo.sock
                max_connections -5
                """);
        assertThat(config.localOnly()).isFalse();
        assertThat(config.allowAnonymous()).isFalse();
        List<ListenerConfig> listeners = config.listeners();
        assertThat(listeners).hasSize(4);

        ListenerConfig plain = listeners.get(0);
        assertThat(plain.source()).isEqualTo("test.conf:1");
        assertThat(plain.port()).isEqualTo(1883);
        assertThat(plain.bindAddress()).isNull();
        assertThat(plain.maxConnections()).isEqualTo(100);
        assertThat(plain.mountPoint()).isEqualTo("tenant1/");
        assertThat(plain.protocol()).isEqualTo("mqtt");
        assertThat(plain.tls()).isFalse();
        assertThat(plain.maxQos()).isEqualTo(2);
        assertThat(plain.maxTopicAlias()).isEqualTo(10);
        assertThat(plain.allowAnonymous()).isNull();

        ListenerConfig tls = listeners.get(1);
        assertThat(tls.port()).isEqualTo(8883);
        assertThat(tls.bindAddress()).isEqualTo("192.168.1.10");
        assertThat(tls.cafile()).isEqualTo(Path.of("/tls/ca.pem"));
        assertThat(tls.capath()).isEqualTo(Path.of("/tls/cas"));
        assertThat(tls.certfile()).isEqualTo(Path.of("/tls/server.pem"));
        assertThat(tls.keyfile()).isEqualTo(Path.of("/tls/server.key"));
        assertThat(tls.crlfile()).isEqualTo(Path.of("/tls/crl.pem"));
        assertThat(tls.tls()).isTrue();
        assertThat(tls.requireCertificate()).isTrue();
        assertThat(tls.useIdentityAsUsername()).isTrue();
        assertThat(tls.useSubjectAsUsername()).isTrue();
        assertThat(tls.tlsVersion()).isEqualTo("tlsv1.3");
        assertThat(tls.ciphers()).isEqualTo("ECDHE-RSA-AES256-GCM-SHA384");
        assertThat(tls.ciphersTls13()).isEqualTo("TLS_AES_256_GCM_SHA384");
        assertThat(tls.maxQos()).isEqualTo(1);
        assertThat(tls.maxTopicAlias()).isZero();
        assertThat(tls.socketDomain()).isEqualTo("ipv4");
        assertThat(tls.bindInterface()).isEqualTo("eth0");

        ListenerConfig ws = listeners.get(2);
        assertThat(ws.protocol()).isEqualTo("websockets");
        assertThat(ws.httpDir()).isEqualTo(Path.of("/srv/www"));
        assertThat(ws.proxyProtocol()).isEqualTo(2);
        assertThat(ws.inboundRate()).isEqualTo(new ListenerConfig.InboundRate(10_240, 100));
        assertThat(plain.inboundRate().unlimited()).isTrue();

        ListenerConfig unix = listeners.get(3);
        assertThat(unix.port()).isZero();
        assertThat(unix.unixSocketPath()).isEqualTo(Path.of("/run/tombo.sock"));
        assertThat(unix.bindAddress()).isNull();
        assertThat(unix.maxConnections()).isEqualTo(-1);
    }

    @Test
    void listenerPortZeroWithoutPathIsAnEphemeralPort() throws ConfigException {
        ListenerConfig listener = parse("listener 0\nallow_anonymous true\n").listeners().getFirst();
        assertThat(listener.port()).isZero();
        assertThat(listener.unixSocketPath()).isNull();
    }

    @Test
    void portAndBindAddressConfigureTheDefaultListener() throws ConfigException {
        BrokerConfig config = parse("port 1884\nbind_address 127.0.0.1\n");
        assertThat(config.listeners()).singleElement().satisfies(l -> {
            assertThat(l.port()).isEqualTo(1884);
            assertThat(l.bindAddress()).isEqualTo("127.0.0.1");
            assertThat(l.source()).isEqualTo("test.conf:1");
        });
        assertThat(config.allowAnonymous()).isFalse();
    }

    @Test
    void listenerDirectiveBeforeAnyListenerCreatesTheDefaultListener() throws ConfigException {
        BrokerConfig config = parse("max_connections 10\nlistener 1884\n");
        assertThat(config.listeners()).extracting(ListenerConfig::port).containsExactly(1884, 1883);
        assertThat(config.listeners().get(1).maxConnections()).isEqualTo(10);
    }

    @Test
    void defaultListenerClashingWithAListenerIsAnError() {
        assertError("max_connections 10\nlistener 1883\n", "test.conf:2: listener on port 1883 clashes with "
                + "the default listener configured at test.conf:1 (directives before the first 'listener' line "
                + "configure the default listener)");
    }

    @Test
    void duplicateListenerIsAnError() {
        assertError("listener 1883\nlistener 1883\n", "test.conf:2: listener 1883 is already defined at test.conf:1");
    }

    @Test
    void sameListenerPortOnDifferentAddressesIsFine() throws ConfigException {
        assertThat(parse("listener 1883 127.0.0.1\nlistener 1883 ::1\n").listeners()).hasSize(2);
    }

    @Test
    void seedWithListenerAndAnonymousParses() throws ConfigException {
        BrokerConfig config = parse("listener 1883\nallow_anonymous true\n");
        assertThat(config.allowAnonymous()).isTrue();
        assertThat(config.listeners()).singleElement().extracting(ListenerConfig::port).isEqualTo(1883);
    }

    @Test
    void explicitAllowAnonymousFalseHoldsInLocalOnlyMode() throws ConfigException {
        assertThat(parse("allow_anonymous false\npassword_file /p\n").allowAnonymous()).isFalse();
    }

    // ---- per_listener_settings

    @Test
    void withoutPerListenerSettingsSecurityIsGlobal() throws ConfigException {
        BrokerConfig config = parse("listener 1883\nallow_anonymous true\npassword_file /pw\nlistener 1884\n");
        assertThat(config.allowAnonymous()).isTrue();
        assertThat(config.passwordFile()).isEqualTo(Path.of("/pw"));
        assertThat(config.listeners()).allSatisfy(l -> {
            assertThat(l.allowAnonymous()).isNull();
            assertThat(l.passwordFile()).isNull();
        });
    }

    @Test
    void perListenerSettingsMovesSecurityToTheCurrentListener() throws ConfigException {
        BrokerConfig config = parse("""
                per_listener_settings true
                listener 1883
                allow_anonymous true
                acl_file /acl.public
                listener 8883
                password_file /pw
                acl_file /acl
                allow_zero_length_clientid false
                auto_id_prefix tls-
                use_username_as_clientid true
                """);
        assertThat(config.perListenerSettings()).isTrue();
        ListenerConfig open = config.listeners().get(0);
        ListenerConfig secure = config.listeners().get(1);
        assertThat(open.allowAnonymous()).isTrue();
        assertThat(open.aclFile()).isEqualTo(Path.of("/acl.public"));
        assertThat(open.passwordFile()).isNull();
        assertThat(secure.allowAnonymous()).isFalse();
        assertThat(secure.passwordFile()).isEqualTo(Path.of("/pw"));
        assertThat(secure.aclFile()).isEqualTo(Path.of("/acl"));
        assertThat(secure.allowZeroLengthClientId()).isFalse();
        assertThat(secure.autoIdPrefix()).isEqualTo("tls-");
        assertThat(secure.useUsernameAsClientId()).isTrue();
        assertThat(config.passwordFile()).isNull();
    }

    @Test
    void perListenerSettingsAfterASecurityDirectiveIsAnError() {
        assertError("allow_anonymous true\nper_listener_settings true\n", "test.conf:2: per_listener_settings "
                + "must be set before any other security settings (the first is at test.conf:1)");
    }

    @Test
    void perListenerSecurityBeforeAnyListenerIsNoticed() throws ConfigException {
        BrokerConfig config = parse("per_listener_settings true\nallow_anonymous true\nlistener 1883\n");
        assertThat(config.listeners().getFirst().allowAnonymous()).isFalse();
        assertThat(config.notices()).singleElement().asString().contains("apply to no listener");
    }

    // ---- -p

    @Test
    void portOptionAddsLoopbackListenersInLocalOnlyMode() {
        BrokerConfig config = ConfigParser.defaults().withPort(1884).withPort(1885);
        assertThat(config.listeners()).extracting(ListenerConfig::port).containsExactly(1884, 1885);
        assertThat(config.listeners()).allSatisfy(l -> {
            assertThat(l.bindAddress()).isEqualTo("127.0.0.1");
            assertThat(l.source()).isEqualTo(BrokerConfig.COMMAND_LINE_SOURCE);
        });
        assertThat(config.allowAnonymous()).isTrue();
    }

    @Test
    void portOptionIsIgnoredWhenTheFileDefinesListeners() throws ConfigException {
        BrokerConfig config = parse("listener 1883\n").withPort(1884);
        assertThat(config.listeners()).extracting(ListenerConfig::port).containsExactly(1883);
        assertThat(config.notices()).containsExactly(
                "-p 1884 is ignored because the configuration file defines listeners");
    }

    @Test
    void portOptionRejectsInvalidPorts() {
        assertThatThrownBy(() -> ConfigParser.defaults().withPort(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ConfigParser.defaults().withPort(65536))
                .isInstanceOf(IllegalArgumentException.class);
    }

    // ---- accepted and ignored

    @Test
    void acceptedDirectivesLeaveANotice() throws ConfigException {
        BrokerConfig config = parse("autosave_interval 60\nautosave_on_changes false\nuser mosquitto\n"
                + "set_tcp_nodelay true\n");
        assertThat(config.notices()).containsExactly(
                "test.conf:1: autosave_interval is accepted but ignored: not needed: Tombo commits every change",
                "test.conf:2: autosave_on_changes is accepted but ignored: not needed: Tombo commits every change",
                "test.conf:3: user is accepted but ignored: Tombo does not drop privileges; run it as the user "
                        + "you want",
                "test.conf:4: set_tcp_nodelay is accepted but ignored: Tombo always disables it: it batches its "
                        + "own writes, once per event-loop pass, so Nagle's algorithm would only add latency");
    }

    @Test
    void acceptedDirectivesStillCheckTheirValue() {
        assertError("autosave_on_changes sometimes",
                "test.conf:1: autosave_on_changes must be true or false, not 'sometimes'");
    }

    // ---- syntax

    @Test
    void commentsBlankLinesAndWhitespaceAreIgnored() throws ConfigException {
        BrokerConfig config = parse("# comment\n\n\t\n  # indented comment\n  sys_interval   30  \t\r\n");
        assertThat(config.sysInterval()).isEqualTo(30);
    }

    @Test
    void byteOrderMarkAndWindowsLineEndingsAreAccepted() throws ConfigException {
        assertThat(parse("\uFEFFsys_interval 7\r\nmax_keepalive 30\r\n").sysInterval()).isEqualTo(7);
    }

    // ---- errors, each with its exact FILE:LINE message

    @Test
    void unknownDirective() {
        assertError("sys_interval 5\nfrobnicate yes\n", "test.conf:2: unknown directive 'frobnicate'");
    }

    @Test
    void unsupportedDirectives() {
        assertError("connection bridge-01\naddress 10.0.0.1:1883\n",
                "test.conf:1: directive connection is not supported yet");
        assertError("listener 8883\npsk_hint hint\n", "test.conf:2: directive psk_hint is not supported yet");
        assertError("plugin /usr/lib/mosquitto_dynamic_security.so",
                "test.conf:1: directive plugin is not supported yet");
        assertError("auth_opt_db_host localhost", "test.conf:1: directive auth_opt_db_host is not supported yet");
        assertError("tls_keyform engine", "test.conf:1: directive tls_keyform engine is not supported yet");
    }

    @Test
    void malformedValues() {
        assertError("listener abc", "test.conf:1: listener must be a whole number, not 'abc'");
        assertError("port 70000", "test.conf:1: port must be between 1 and 65535, not 70000");
        assertError("allow_anonymous maybe", "test.conf:1: allow_anonymous must be true or false, not 'maybe'");
        assertError("max_qos 3", "test.conf:1: max_qos must be between 0 and 2, not 3");
        assertError("max_keepalive 5", "test.conf:1: max_keepalive must be between 10 and 65535, not 5");
        assertError("max_packet_size 10", "test.conf:1: max_packet_size must be between 20 and 268435460, not 10");
        assertError("protocol mqttsn", "test.conf:1: protocol must be one of mqtt, websockets, not 'mqttsn'");
        assertError("log_dest printer", "test.conf:1: log_dest must be one of stdout, stderr, syslog, topic, "
                + "file PATH, dlt, none, not 'printer'");
        assertError("log_type chatter", "test.conf:1: log_type must be one of debug, error, warning, notice, "
                + "information, subscribe, unsubscribe, websockets, internal, none, all, not 'chatter'");
        assertError("persistence_sync sometimes",
                "test.conf:1: persistence_sync must be one of normal, full, not 'sometimes'");
        assertError("listener 1883\nmount_point a/+/b", "test.conf:2: mount_point must not contain the "
                + "wildcards + or #, not 'a/+/b'");
    }

    @Test
    void missingArgument() {
        assertError("port", "test.conf:1: port needs a value");
        assertError("password_file   ", "test.conf:1: password_file needs a value");
        assertError("listener", "test.conf:1: listener needs a value");
        assertError("log_dest file", "test.conf:1: log_dest file needs a path");
    }

    @Test
    void extraArguments() {
        assertError("allow_anonymous true false",
                "test.conf:1: allow_anonymous takes one value, found extra 'false'");
        assertError("listener 1883 0.0.0.0 extra",
                "test.conf:1: listener takes at most 2 values, found extra 'extra'");
        assertError("port 1883 # the default", "test.conf:1: port takes one value, found extra '#' "
                + "(a comment must start at the beginning of a line)");
    }

    @Test
    void mountPointBeforeAnyListener() {
        assertError("mount_point a/", "test.conf:1: mount_point needs a listener: write a 'listener' line before it");
    }

    // ---- include_dir

    @Test
    void includeDirReadsConfFilesInMosquittoOrder(@TempDir Path dir) throws Exception {
        // The man page's example: 00.conf 01.conf A.conf a.conf B.conf b.conf
        for (String name : List.of("b.conf", "A.conf", "01.conf", "a.conf", "B.conf", "00.conf")) {
            Files.writeString(dir.resolve(name), "log_dest file /" + name + "\n");
        }
        Files.writeString(dir.resolve("ignored.txt"), "nonsense here\n");
        Path main = dir.resolveSibling(dir.getFileName() + ".conf");
        Files.writeString(main, "include_dir " + dir + "\n");
        // Only one log file may be given, so the second file read fails and names itself: 01.conf follows 00.conf.
        assertThatThrownBy(() -> ConfigParser.parse(main)).hasMessage(
                dir.resolve("01.conf") + ":1: log_dest file is given twice; only one log file is possible");
        assertThat(Stream.of("b.conf", "A.conf", "01.conf", "a.conf", "B.conf", "00.conf")
                .map(dir::resolve).sorted(ConfigParser.INCLUDE_ORDER).map(p -> p.getFileName().toString()))
                .containsExactly("00.conf", "01.conf", "A.conf", "a.conf", "B.conf", "b.conf");
        Files.delete(main);
    }

    @Test
    void includedFilesApplyInOrderAfterTheMainFileLinesBeforeThem(@TempDir Path dir) throws Exception {
        Path conf = Files.createDirectory(dir.resolve("conf.d"));
        Files.writeString(conf.resolve("10-listener.conf"), "listener 1883\nallow_anonymous true\n");
        Files.writeString(conf.resolve("20-limits.conf"), "max_connections 5\nsys_interval 20\n");
        Path main = Files.writeString(dir.resolve("main.conf"), "sys_interval 5\ninclude_dir " + conf + "\n");
        BrokerConfig config = ConfigParser.parse(main);
        assertThat(config.sysInterval()).isEqualTo(20);
        assertThat(config.listeners()).singleElement().satisfies(l -> {
            assertThat(l.maxConnections()).isEqualTo(5);
            assertThat(l.source()).isEqualTo(conf.resolve("10-listener.conf") + ":1");
        });
    }

    @Test
    void errorInIncludedFileNamesThatFile(@TempDir Path dir) throws Exception {
        Path conf = Files.createDirectory(dir.resolve("conf.d"));
        Files.writeString(conf.resolve("bad.conf"), "# fine\n\nallow_anonymous perhaps\n");
        Path main = Files.writeString(dir.resolve("main.conf"), "include_dir " + conf + "\n");
        assertThatThrownBy(() -> ConfigParser.parse(main)).hasMessage(
                conf.resolve("bad.conf") + ":3: allow_anonymous must be true or false, not 'perhaps'");
    }

    @Test
    void missingIncludeDirIsAnError(@TempDir Path dir) {
        Path missing = dir.resolve("nowhere");
        assertError("\ninclude_dir " + missing, "test.conf:2: include_dir " + missing + " is not a directory");
    }

    @Test
    void includeDirInAnIncludedFileIsIgnoredWithANotice(@TempDir Path dir) throws Exception {
        Path conf = Files.createDirectory(dir.resolve("conf.d"));
        Files.writeString(conf.resolve("nested.conf"), "include_dir /nowhere\n");
        BrokerConfig config = parse("include_dir " + conf);
        assertThat(config.notices()).containsExactly(
                conf.resolve("nested.conf") + ":1: include_dir is ignored in an included file, as in Mosquitto");
    }

    @Test
    void includeDirMustNotContainTheMainFile(@TempDir Path dir) throws IOException {
        Path main = Files.writeString(dir.resolve("main.conf"), "include_dir " + dir + "\n");
        assertThatThrownBy(() -> ConfigParser.parse(main)).hasMessage(
                main + ":1: include_dir " + dir + " contains the main configuration file " + main);
    }

    @Test
    void missingMainFileIsAnError(@TempDir Path dir) {
        Path missing = dir.resolve("missing.conf");
        assertThatThrownBy(() -> ConfigParser.parse(missing))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("cannot read config file " + missing + ": NoSuchFileException");
    }

    // ---- seeds users copy

    @Test
    void tutorialSeedParses(@TempDir Path dir) throws ConfigException {
        BrokerConfig config = parse("""
                pid_file /var/run/mosquitto.pid
                persistence true
                persistence_location /var/lib/mosquitto/
                log_dest syslog
                log_dest file /var/log/mosquitto/mosquitto.log
                #log_type debug
                log_type error
                log_type warning
                log_type notice
                log_type information
                include_dir %s
                """.formatted(dir));
        assertThat(config.pidFile()).isEqualTo(Path.of("/var/run/mosquitto.pid"));
        assertThat(config.persistence()).isTrue();
        assertThat(config.persistenceLocation()).isEqualTo(Path.of("/var/lib/mosquitto/"));
        assertThat(config.log().destinations()).containsExactly("syslog", "file");
        assertThat(config.log().logFile()).isEqualTo(Path.of("/var/log/mosquitto/mosquitto.log"));
        assertThat(config.log().types()).containsExactlyInAnyOrder("error", "warning", "notice", "information");
        assertThat(config.localOnly()).isTrue();
        assertThat(config.allowAnonymous()).isTrue();
        assertThat(config.notices()).isEmpty();
    }

    @Test
    void debianMosquittoConfParses() throws ConfigException {
        // Debian's /etc/mosquitto/mosquitto.conf verbatim; its include_dir exists wherever mosquitto is installed.
        String text = Files.isDirectory(Path.of("/etc/mosquitto/conf.d"))
                ? DEBIAN_CONF : DEBIAN_CONF.replace("include_dir /etc/mosquitto/conf.d", "");
        BrokerConfig config = parse(text);
        assertThat(config.pidFile()).isEqualTo(Path.of("/run/mosquitto/mosquitto.pid"));
        assertThat(config.persistence()).isTrue();
        assertThat(config.log().destinations()).containsExactly("file");
        assertThat(config.localOnly()).isTrue();
    }

    // ---- the table

    @Test
    void everyMosquitto20DirectiveIsInTheTable() {
        assertThat(Directives.names()).containsAll(MOSQUITTO_2_0_DIRECTIVES);
    }

    @Test
    void tableHasNoDuplicateNames() {
        assertThat(Directives.ALL).extracting(Directive::name).doesNotHaveDuplicates();
    }

    @Test
    void everyRowIsDocumented() {
        assertThat(Directives.ALL).allSatisfy(d -> {
            assertThat(d.meaning()).isNotBlank();
            if (d.status() == Status.ACCEPTED) {
                assertThat(d.note()).isNotBlank();
            }
        });
    }

    @Test
    void everyUnsupportedDirectiveIsRejectedWithItsName() {
        for (Directive d : Directives.withStatus(Status.NOT_SUPPORTED)) {
            String name = d.name().replace("*", "x");
            assertThatThrownBy(() -> ConfigParser.parse("# first line\n" + name + " value", "test.conf"))
                    .isInstanceOf(ConfigException.class)
                    .hasMessage("test.conf:2: directive " + name + " is not supported yet");
        }
    }

    @Test
    void checkRetainSourceTrueIsRefusedUntilRetainedMessagesKeepTheirPublisher() throws Exception {
        assertThatThrownBy(() -> ConfigParser.parse("check_retain_source true", "test.conf"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("test.conf:1: check_retain_source true is not supported yet");
        assertThat(ConfigParser.parse("check_retain_source false", "test.conf").checkRetainSource()).isFalse();
    }
}
