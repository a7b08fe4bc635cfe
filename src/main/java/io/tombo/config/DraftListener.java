package io.tombo.config;

import java.nio.file.Path;

/** A listener block while it is being read; becomes a {@link ListenerConfig}. Defaults are Mosquitto's. */
final class DraftListener {
    /** FILE:LINE that created it; for the default listener, the first directive that configured it. */
    String source;
    int port;
    String bindAddress;
    String bindInterface;
    Path unixSocketPath;
    String protocol = "mqtt";
    int maxConnections = -1;
    String mountPoint;
    final Security security = new Security();
    Path cafile;
    Path capath;
    Path certfile;
    Path keyfile;
    Path crlfile;
    boolean requireCertificate;
    boolean useIdentityAsUsername;
    boolean useSubjectAsUsername;
    String tlsVersion;
    String ciphers;
    String ciphersTls13;
    Path httpDir;
    boolean proxyProtocol;
    int maxQos = 2;
    int maxTopicAlias = 10;
    String socketDomain;

    DraftListener(String source, int port) {
        this.source = source;
        this.port = port;
    }

    ListenerConfig toRecord() {
        return new ListenerConfig(source, port, bindAddress, bindInterface, unixSocketPath, protocol, maxConnections,
                mountPoint, security.allowAnonymous, security.passwordFile, security.aclFile,
                security.useUsernameAsClientId, cafile, capath, certfile, keyfile, crlfile, requireCertificate,
                useIdentityAsUsername, useSubjectAsUsername, tlsVersion, ciphers, httpDir, proxyProtocol,
                security.allowZeroLengthClientId, security.autoIdPrefix, maxQos, maxTopicAlias, socketDomain,
                ciphersTls13);
    }

    /** Whether {@code other} would bind the same socket. */
    boolean clashesWith(DraftListener other) {
        if (unixSocketPath != null || other.unixSocketPath != null) {
            return unixSocketPath != null && unixSocketPath.equals(other.unixSocketPath);
        }
        return port != 0 && port == other.port && java.util.Objects.equals(bindAddress, other.bindAddress);
    }
}
