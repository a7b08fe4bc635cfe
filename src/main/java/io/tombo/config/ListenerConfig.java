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
        boolean proxyProtocol) {

    /** Whether this listener terminates TLS. */
    public boolean tls() {
        return certfile != null;
    }
}
