/**
 * Who a client is and what it may do: TLS material ({@link io.tombo.security.Pem} reads the PEM files Mosquitto
 * users have, {@link io.tombo.security.PeerCertificate} is a client's verified certificate as the broker sees it),
 * and the password and ACL files. Pure JDK: the listener turns a TLS session into a {@code PeerCertificate}; the
 * broker decides what it means.
 */
package io.tombo.security;
