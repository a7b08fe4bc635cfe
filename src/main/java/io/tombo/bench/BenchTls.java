package io.tombo.bench;

import io.tombo.security.Pem;
import io.tombo.client.TlsOptions;

import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * TLS for benchmark sockets from the CLI's TLS flags, read as {@code tombo pub} reads them: CA file and directory
 * replace the JDK trust store, certificate and key go into an in-memory key store, {@code --insecure} drops the host
 * name check. The bench opens plain {@link javax.net.ssl.SSLSocket}s, so it builds its own context from
 * {@link Pem} rather than going through the client's connection stack.
 */
public final class BenchTls {
    private static final char[] NONE = new char[0];

    private BenchTls() {
    }

    public static Target.Tls of(TlsOptions options) throws IOException, GeneralSecurityException {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keyManagers(options), trustManagers(options), null);
        SSLParameters parameters = context.getDefaultSSLParameters();
        if (!options.insecure()) {
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
        }
        if (options.tlsVersion() != null) {
            String v = options.tlsVersion().toLowerCase(Locale.ROOT);
            if (!v.matches("tlsv1(\\.[0-3])?")) {
                throw new IllegalArgumentException("unknown TLS version '" + options.tlsVersion() + "'");
            }
            parameters.setProtocols(new String[] {"TLSv" + v.substring(4)});
        }
        return new Target.Tls(context.getSocketFactory(), parameters);
    }

    private static TrustManager[] trustManagers(TlsOptions options) throws IOException, GeneralSecurityException {
        if (options.cafile() == null && options.capath() == null) {
            return null;
        }
        List<X509Certificate> cas = new ArrayList<>();
        if (options.cafile() != null) {
            cas.addAll(Pem.certificates(options.cafile()));
        }
        if (options.capath() != null) {
            cas.addAll(Pem.certificatesIn(options.capath()));
        }
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        for (int i = 0; i < cas.size(); i++) {
            store.setCertificateEntry("ca" + i, cas.get(i));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(store);
        return tmf.getTrustManagers();
    }

    private static KeyManager[] keyManagers(TlsOptions options) throws IOException, GeneralSecurityException {
        if (options.certfile() == null) {
            return null;
        }
        List<X509Certificate> chain = Pem.certificates(options.certfile());
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        store.setKeyEntry("client", Pem.privateKey(options.keyfile()), NONE, chain.toArray(X509Certificate[]::new));
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(store, NONE);
        return kmf.getKeyManagers();
    }
}
