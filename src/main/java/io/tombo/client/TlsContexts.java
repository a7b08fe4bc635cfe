package io.tombo.client;

import io.tombo.security.Pem;

import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;
import java.io.IOException;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Turns {@link TlsOptions} into an {@link SSLContext} and {@link SSLParameters}, as mosquitto_pub reads its TLS flags:
 * the CA file and directory replace the JDK's trust store, the client certificate and key (both or neither) go into
 * an in-memory key store, {@code insecure} drops the host name check but keeps the chain check, and
 * {@code tlsVersion} pins one protocol version.
 */
public final class TlsContexts {
    private static final char[] IN_MEMORY = new char[0];

    private TlsContexts() {
    }

    public static SSLContext context(TlsOptions tls) throws IOException, GeneralSecurityException {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keyManagers(tls), trustManagers(tls), null);
        return context;
    }

    /** Host name verification on (HTTPS rules, RFC 2818) unless insecure; protocol pinned when asked. */
    static SSLParameters parameters(SSLContext context, TlsOptions tls) {
        SSLParameters p = context.getDefaultSSLParameters();
        if (!tls.insecure()) {
            p.setEndpointIdentificationAlgorithm("HTTPS");
        }
        if (tls.tlsVersion() != null) {
            p.setProtocols(new String[] {protocolName(tls.tlsVersion())});
        }
        return p;
    }

    /** Mosquitto's spelling ({@code tlsv1.2}) to the JDK's ({@code TLSv1.2}). */
    static String protocolName(String tlsVersion) {
        String v = tlsVersion.toLowerCase(Locale.ROOT);
        if (!v.matches("tlsv1(\\.[0-3])?")) {
            throw new IllegalArgumentException("unknown TLS version '" + tlsVersion + "' (tlsv1.2 or tlsv1.3)");
        }
        return "TLSv" + v.substring(4);
    }

    private static KeyManager[] keyManagers(TlsOptions tls) throws IOException, GeneralSecurityException {
        if (tls.certfile() == null && tls.keyfile() == null) {
            return null;
        }
        if (tls.certfile() == null || tls.keyfile() == null) {
            throw new IllegalArgumentException("Both certfile and keyfile must be provided if one of them is set.");
        }
        List<X509Certificate> chain = Pem.certificates(tls.certfile());
        PrivateKey key = Pem.privateKey(tls.keyfile());
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("client", key, IN_MEMORY, chain.toArray(X509Certificate[]::new));
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(store, IN_MEMORY);
        return kmf.getKeyManagers();
    }

    private static TrustManager[] trustManagers(TlsOptions tls) throws IOException, GeneralSecurityException {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        if (tls.cafile() == null && tls.capath() == null) {
            tmf.init((KeyStore) null);
        } else {
            List<X509Certificate> cas = new ArrayList<>();
            if (tls.cafile() != null) {
                cas.addAll(Pem.certificates(tls.cafile()));
            }
            if (tls.capath() != null) {
                cas.addAll(Pem.certificatesIn(tls.capath()));
            }
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            for (int i = 0; i < cas.size(); i++) {
                store.setCertificateEntry("ca-" + i, cas.get(i));
            }
            tmf.init(store);
        }
        TrustManager[] managers = tmf.getTrustManagers();
        if (!tls.insecure()) {
            return managers;
        }
        for (int i = 0; i < managers.length; i++) {
            if (managers[i] instanceof X509TrustManager x) {
                managers[i] = new ChainOnly(x);
            }
        }
        return managers;
    }

    /**
     * Checks the server's chain but not its name: the socket and engine variants of
     * {@link X509ExtendedTrustManager} are where the JDK checks the host name, so they delegate to the plain
     * chain check. Used for {@code insecure}, also by the WebSocket client, which always asks for a name check.
     */
    private static final class ChainOnly extends X509ExtendedTrustManager {
        private final X509TrustManager delegate;

        ChainOnly(X509TrustManager delegate) {
            this.delegate = delegate;
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            delegate.checkServerTrusted(chain, authType);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            delegate.checkServerTrusted(chain, authType);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            delegate.checkServerTrusted(chain, authType);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            delegate.checkClientTrusted(chain, authType);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            delegate.checkClientTrusted(chain, authType);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            delegate.checkClientTrusted(chain, authType);
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return delegate.getAcceptedIssuers();
        }
    }
}
