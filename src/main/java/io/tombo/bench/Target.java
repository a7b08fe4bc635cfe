package io.tombo.bench;

import io.tombo.codec.ProtocolVersion;

import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocketFactory;

/**
 * The broker under test and how every benchmark connection reaches it. {@code tls} is null for plain TCP;
 * {@code username}/{@code password} may be null.
 */
public record Target(String host, int port, ProtocolVersion version, int keepAliveSeconds, String username,
                     String password, Tls tls) {

    /** A TLS socket factory and the parameters (host name check, pinned protocol) each socket gets. */
    public record Tls(SSLSocketFactory factory, SSLParameters parameters) {
    }
}
