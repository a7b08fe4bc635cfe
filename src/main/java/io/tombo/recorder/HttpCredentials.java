package io.tombo.recorder;

/**
 * Checks an HTTP Basic login against the broker's users (the composition root backs it with the password file),
 * so that {@code allow_anonymous false} protects the query API and dashboard too.
 */
@FunctionalInterface
public interface HttpCredentials {
    boolean check(String username, byte[] password);
}
