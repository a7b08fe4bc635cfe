package io.tombo.config;

import java.nio.file.Path;

/**
 * One {@code listener} block of mosquitto.conf. Security settings are nullable: null means "not set in this
 * block", and with {@code per_listener_settings false} the broker uses the global value instead.
 *
 * @param source        FILE:LINE of the {@code listener} line (or "default" for the implicit local-only one)
 * @param port          TCP port; 0 asks the OS for a free port (tests), or with {@code unixSocketPath} a Unix socket
 * @param bindAddress   address to bind, null for all interfaces
 * @param protocol      {@code mqtt} or {@code websockets}
 * @param maxConnections -1 = unlimited
 * @param proxyProtocol {@code enable_proxy_protocol} (Mosquitto 2.1): 0 = off, 1 or 2 = every connection starts
 *                      with a PROXY protocol header of that version
 * @param allowZeroLengthClientId set here only with {@code per_listener_settings true}, else null
 * @param autoIdPrefix  set here only with {@code per_listener_settings true}, else null
 * @param maxQos        {@code max_qos}, 0..2, default 2
 * @param maxTopicAlias {@code max_topic_alias}, 0..65535, default 10
 * @param socketDomain  null for both IPv4 and IPv6, or {@code ipv4} / {@code ipv6}
 * @param ciphersTls13  {@code ciphers_tls1.3}: colon-separated TLS 1.3 suites, null for the JDK's defaults
 * @param inboundRate   Tombo's per-connection read limits on this listener
 */
public record ListenerConfig(
        String source,
        int port,
        String bindAddress,
        String bindInterface,
        Path unixSocketPath,
        String protocol,
        int maxConnections,
        String mountPoint,
        Boolean allowAnonymous,
        Path passwordFile,
        Path aclFile,
        Boolean useUsernameAsClientId,
        Path cafile,
        Path capath,
        Path certfile,
        Path keyfile,
        Path crlfile,
        boolean requireCertificate,
        boolean useIdentityAsUsername,
        boolean useSubjectAsUsername,
        String tlsVersion,
        String ciphers,
        Path httpDir,
        int proxyProtocol,
        Boolean allowZeroLengthClientId,
        String autoIdPrefix,
        int maxQos,
        int maxTopicAlias,
        String socketDomain,
        String ciphersTls13,
        InboundRate inboundRate) {

    /** A listener on 127.0.0.1 with every other setting at its default (local-only mode, {@code -p}). */
    public static ListenerConfig loopback(String source, int port) {
        return new ListenerConfig(source, port, "127.0.0.1", null, null, "mqtt", -1, null, null, null, null, null,
                null, null, null, null, null, false, false, false, null, null, null, 0, null, null, 2, 10, null,
                null, InboundRate.UNLIMITED);
    }

    /** Whether this listener terminates TLS. */
    public boolean tls() {
        return certfile != null;
    }

    public boolean websockets() {
        return "websockets".equals(protocol);
    }

    /**
     * Tombo's {@code max_client_bytes_per_second} and {@code max_client_messages_per_second}: what one connection may
     * send, enforced by pausing reads (nothing is dropped). 0 = no limit.
     */
    public record InboundRate(long bytesPerSecond, int messagesPerSecond) {
        public static final InboundRate UNLIMITED = new InboundRate(0, 0);

        public boolean unlimited() {
            return bytesPerSecond == 0 && messagesPerSecond == 0;
        }
    }
}
