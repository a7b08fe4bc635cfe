package io.tombo.security;

/**
 * A password or ACL file that cannot be used; the message starts with {@code FILE:LINE:} (or {@code FILE:} when
 * the file cannot be read) and never contains a password or hash.
 */
public final class SecurityFileException extends IllegalArgumentException {
    public SecurityFileException(String message) {
        super(message);
    }
}
