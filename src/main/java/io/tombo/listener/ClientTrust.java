package io.tombo.listener;

import io.tombo.config.ListenerConfig;
import io.tombo.security.Pem;

import javax.net.ssl.CertPathTrustManagerParameters;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.cert.CRL;
import java.security.cert.CertPathBuilder;
import java.security.cert.CertStore;
import java.security.cert.CertificateFactory;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXBuilderParameters;
import java.security.cert.PKIXRevocationChecker;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CertSelector;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * How a TLS listener checks client certificates: chains to a CA of {@code cafile} or {@code capath}, and with
 * {@code crlfile} not revoked. Like OpenSSL's {@code X509_V_FLAG_CRL_CHECK} in Mosquitto, only the client's own
 * certificate is looked up in the CRL, and a CRL that does not cover it is no reason to refuse.
 */
final class ClientTrust {
    private ClientTrust() {
    }

    static TrustManagerFactory of(ListenerConfig l) throws IOException, GeneralSecurityException {
        List<X509Certificate> cas = new ArrayList<>();
        if (l.cafile() != null) {
            cas.addAll(Pem.certificates(l.cafile()));
        }
        if (l.capath() != null) {
            cas.addAll(Pem.certificatesIn(l.capath()));
        }
        if (cas.isEmpty()) {
            throw new GeneralSecurityException("no CA certificate in cafile or capath");
        }
        Set<TrustAnchor> anchors = new HashSet<>();
        for (X509Certificate ca : cas) {
            anchors.add(new TrustAnchor(ca, null));
        }
        PKIXBuilderParameters params = new PKIXBuilderParameters(anchors, new X509CertSelector());
        if (l.crlfile() != null) {
            params.addCertStore(CertStore.getInstance("Collection", new CollectionCertStoreParameters(crls(l))));
            PKIXRevocationChecker checker =
                    (PKIXRevocationChecker) CertPathBuilder.getInstance("PKIX").getRevocationChecker();
            checker.setOptions(EnumSet.of(PKIXRevocationChecker.Option.ONLY_END_ENTITY,
                    PKIXRevocationChecker.Option.PREFER_CRLS, PKIXRevocationChecker.Option.NO_FALLBACK,
                    PKIXRevocationChecker.Option.SOFT_FAIL));
            params.addCertPathChecker(checker);
            params.setRevocationEnabled(true);
        } else {
            params.setRevocationEnabled(false);
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
        factory.init(new CertPathTrustManagerParameters(params));
        return factory;
    }

    private static Collection<? extends CRL> crls(ListenerConfig l) throws IOException, GeneralSecurityException {
        try (InputStream in = Files.newInputStream(l.crlfile())) {
            Collection<? extends CRL> crls = CertificateFactory.getInstance("X.509").generateCRLs(in);
            if (crls.isEmpty()) {
                throw new GeneralSecurityException("no CRL in " + l.crlfile());
            }
            return crls;
        }
    }
}
