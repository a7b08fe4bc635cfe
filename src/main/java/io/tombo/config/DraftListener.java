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
    int proxyProtocol;
    long maxBytesPerSecond;
    int maxMessagesPerSecond;
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
                ciphersTls13, new ListenerConfig.InboundRate(maxBytesPerSecond, maxMessagesPerSecond));
    }

    /** TLS settings that only make sense together, checked when the block is complete. */
    void checkTls() throws ConfigException {
        if (certfile == null && keyfile == null) {
            if (requireCertificate || cafile != null || capath != null || crlfile != null) {
                throw new ConfigException(source + ": TLS settings (cafile, capath, crlfile, require_certificate) "
                        + "need certfile and keyfile on this listener");
            }
            return;
        }
        if (certfile == null || keyfile == null) {
            throw new ConfigException(source + ": both certfile and keyfile are needed for TLS on this listener");
        }
        if (requireCertificate && cafile == null && capath == null) {
            throw new ConfigException(source + ": require_certificate needs cafile or capath to verify clients");
        }
        if ((useIdentityAsUsername || useSubjectAsUsername) && !requireCertificate) {
            throw new ConfigException(source + ": use_identity_as_username and use_subject_as_username need "
                    + "require_certificate true");
        }
    }

    /** Whether {@code other} would bind the same socket. */
    boolean clashesWith(DraftListener other) {
        if (unixSocketPath != null || other.unixSocketPath != null) {
            return unixSocketPath != null && unixSocketPath.equals(other.unixSocketPath);
        }
        return port != 0 && port == other.port && java.util.Objects.equals(bindAddress, other.bindAddress);
    }
}
