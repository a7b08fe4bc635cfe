package io.tombo.client;

import java.nio.file.Path;

/**
 * TLS settings, as mosquitto_pub's {@code --cafile --capath --cert --key --insecure --tls-version}. All paths are
 * PEM files; null means "not given". With neither {@code cafile} nor {@code capath} the JDK's default trust
 * store is used.
 *
 * @param insecure   do not check that the server certificate's name matches the host (Mosquitto's
 *                   {@code --insecure}); the chain is still verified
 * @param tlsVersion e.g. {@code tlsv1.2}, {@code tlsv1.3}; null for the JDK default
 */
public record TlsOptions(Path cafile, Path capath, Path certfile, Path keyfile, boolean insecure, String tlsVersion) {
    public static final TlsOptions DEFAULT = new TlsOptions(null, null, null, null, false, null);
}
