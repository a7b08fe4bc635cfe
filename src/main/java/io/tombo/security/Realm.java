package io.tombo.security;

import io.tombo.codec.ReasonCode;

/**
 * The security settings one client is judged by: the broker's, or with {@code per_listener_settings true} its
 * listener's. Immutable; a SIGHUP builds new ones ({@link Realms}).
 *
 * @param passwords             the {@code password_file}, null when none is configured
 * @param acl                   the {@code acl_file}, null when none is configured (everything allowed)
 * @param allowAnonymous        whether a client without a username may connect
 * @param useUsernameAsClientId replace the client id with the username
 */
public record Realm(PasswordFile passwords, Acl acl, boolean allowAnonymous, boolean useUsernameAsClientId) {

    /**
     * The CONNACK reason for these credentials, as Mosquitto 2.0 decides: no username is up to
     * {@code allow_anonymous}; without a password file a username is accepted only where anonymous clients are
     * (Mosquitto refuses it otherwise); with one, the user must be in it and the password must match. Wrong or
     * missing credentials are 0x86 Bad User Name or Password (3.1.1: 4); Mosquitto says 0x87 Not Authorized
     * (3.1.1: 5) for those too, 0x86 says what went wrong. May take milliseconds (PBKDF2, Argon2id): call it off
     * the event loop.
     */
    public ReasonCode authenticate(String username, byte[] password) {
        if (username == null || passwords == null) {
            return allowAnonymous ? ReasonCode.SUCCESS : ReasonCode.NOT_AUTHORIZED;
        }
        PasswordHash hash = passwords.hash(username);
        if (hash == null || password == null || !hash.matches(password)) {
            return ReasonCode.BAD_USER_NAME_OR_PASSWORD;
        }
        return ReasonCode.SUCCESS;
    }

    /** Whether a password check is needed: there is a password file and the client gave a username. */
    public boolean checksPassword(String username) {
        return username != null && passwords != null;
    }

    /** Whether the ACL lets the client read or write {@code topic}; true when there is no ACL file. */
    public boolean allows(Access access, String topic, String username, String clientId) {
        return acl == null || acl.allows(access, topic, username, clientId);
    }

    /**
     * Whether a client that logged in under {@code before} with {@code username} would still be accepted here
     * without checking its password again: same user entry, same anonymous rule.
     */
    public boolean keeps(Realm before, String username) {
        if (username == null || passwords == null) {
            return authenticate(username, null) == ReasonCode.SUCCESS;
        }
        PasswordHash now = passwords.hash(username);
        PasswordHash then = before.passwords == null ? null : before.passwords.hash(username);
        return now != null && then != null && now.encoded().equals(then.encoded());
    }
}
