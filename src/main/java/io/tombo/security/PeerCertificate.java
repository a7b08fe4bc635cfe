package io.tombo.security;

import io.tombo.config.ListenerConfig;

import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import javax.security.auth.x500.X500Principal;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Map;
import java.util.Optional;

/**
 * The verified certificate a client presented in its TLS handshake, reduced to what Mosquitto's
 * {@code use_identity_as_username} and {@code use_subject_as_username} read from it.
 *
 * @param subject    the subject in RFC 2253 form, as Mosquitto prints it: {@code CN=test client,OU=Production,O=Server}
 * @param commonName the subject's (most specific) CN, or null when it has none
 */
public record PeerCertificate(String subject, String commonName) {
    /** OpenSSL's names for attributes the JDK would print as OIDs. */
    private static final Map<String, String> OPENSSL_KEYWORDS = Map.of(
            "1.2.840.113549.1.9.1", "emailAddress",
            "2.5.4.5", "serialNumber",
            "2.5.4.4", "SN",
            "2.5.4.42", "GN",
            "2.5.4.12", "title");

    /** The peer's certificate of a finished handshake; empty when the client sent none. */
    public static Optional<PeerCertificate> of(SSLSession session) {
        try {
            Certificate[] chain = session.getPeerCertificates();
            return chain.length > 0 && chain[0] instanceof X509Certificate x ? Optional.of(of(x)) : Optional.empty();
        } catch (SSLPeerUnverifiedException noCertificate) {
            return Optional.empty();
        }
    }

    public static PeerCertificate of(X509Certificate certificate) {
        X500Principal principal = certificate.getSubjectX500Principal();
        return new PeerCertificate(principal.getName(X500Principal.RFC2253, OPENSSL_KEYWORDS), commonName(principal));
    }

    private static String commonName(X500Principal principal) {
        try {
            // RFC 2253 order is most specific first; Mosquitto takes the last CN entry of the X.509 name, the same one
            for (Rdn rdn : new LdapName(principal.getName(X500Principal.RFC2253)).getRdns().reversed()) {
                if (rdn.getType().equalsIgnoreCase("CN")) {
                    return rdn.getValue().toString();
                }
            }
            return null;
        } catch (InvalidNameException e) {
            return null; // the JDK printed it, so it parses; a name without CN is handled by the caller anyway
        }
    }

    /**
     * The username a listener takes from the certificate instead of the CONNECT packet: the CN with
     * {@code use_identity_as_username} (which wins when both are set), the subject with
     * {@code use_subject_as_username}, empty when the listener uses neither or the certificate has no CN.
     */
    public Optional<String> usernameFor(ListenerConfig listener) {
        if (listener.useIdentityAsUsername()) {
            return Optional.ofNullable(commonName);
        }
        return listener.useSubjectAsUsername() ? Optional.of(subject) : Optional.empty();
    }

    /** Whether a listener replaces the CONNECT username with one from the client's certificate. */
    public static boolean namesClients(ListenerConfig listener) {
        return listener.useIdentityAsUsername() || listener.useSubjectAsUsername();
    }
}
