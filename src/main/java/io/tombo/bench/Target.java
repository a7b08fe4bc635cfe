package io.tombo.bench;

import io.tombo.codec.ProtocolVersion;

import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocketFactory;

/**
 * The broker under test and how every benchmark connection reaches it. {@code tls} is null for plain TCP;
 * {@code username}/{@code password} may be null. {@code sessionExpirySeconds} 0 is a clean session; above 0 the
 * session outlives the connection (5.0 Session Expiry Interval; clean session 0 with 3.1/3.1.1), so that a broker
 * with persistence stores what is queued for it.
 */
public record Target(String host, int port, ProtocolVersion version, int keepAliveSeconds, String username,
                     String password, Tls tls, long sessionExpirySeconds) {

    /** The same target with another session expiry. */
    public Target withSessionExpiry(long seconds) {
        return new Target(host, port, version, keepAliveSeconds, username, password, tls, seconds);
    }

    /** A TLS socket factory and the parameters (host name check, pinned protocol) each socket gets. */
    public record Tls(SSLSocketFactory factory, SSLParameters parameters) {
    }
}
