package io.tombo.broker;

import io.tombo.codec.Connect;
import io.tombo.config.ListenerConfig;
import io.tombo.security.PeerCertificate;

/**
 * Who a connecting client is for authorisation: the CONNECT's username, or on a listener with
 * {@code use_identity_as_username} / {@code use_subject_as_username} the client certificate's common name or
 * subject, in which case the password is not checked (Mosquitto 2.0; identity wins when both are set).
 *
 * @param username        null for an anonymous client
 * @param fromCertificate the username is the certificate's, vouched for by the TLS handshake
 */
record Login(String username, boolean fromCertificate) {

    /** The login of {@code connect}, or null when the listener takes the username from a certificate there is not. */
    static Login of(Connect connect, ListenerConfig listener, PeerCertificate certificate) {
        if (!listener.useIdentityAsUsername() && !listener.useSubjectAsUsername()) {
            return new Login(connect.username(), false);
        }
        if (certificate == null) {
            return null;
        }
        String name = listener.useIdentityAsUsername() ? certificate.commonName() : certificate.subject();
        return name == null ? null : new Login(name, true);
    }
}
