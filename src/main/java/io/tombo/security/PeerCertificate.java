package io.tombo.security;

/**
 * Who the client's TLS certificate says it is, as the listener hands it to the handshake: the subject's common
 * name ({@code use_identity_as_username}) and the whole subject in RFC 2253 form ({@code use_subject_as_username},
 * as Mosquitto prints it). A connection without a verified client certificate has none (null).
 */
public record PeerCertificate(String commonName, String subject) {
}
