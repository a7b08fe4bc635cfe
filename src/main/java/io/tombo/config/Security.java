package io.tombo.config;

import java.nio.file.Path;

/**
 * The settings {@code per_listener_settings} moves between the broker and each listener. A null field was not set.
 * Mutable: filled by the parser, read once when the records are built.
 */
final class Security {
    Boolean allowAnonymous;
    Path passwordFile;
    Path aclFile;
    Boolean useUsernameAsClientId;
    Boolean allowZeroLengthClientId;
    String autoIdPrefix;

    boolean isEmpty() {
        return allowAnonymous == null && passwordFile == null && aclFile == null && useUsernameAsClientId == null
                && allowZeroLengthClientId == null && autoIdPrefix == null;
    }

    /** Fills what this one left unset from {@code other}. */
    void inherit(Security other) {
        allowAnonymous = allowAnonymous != null ? allowAnonymous : other.allowAnonymous;
        passwordFile = passwordFile != null ? passwordFile : other.passwordFile;
        aclFile = aclFile != null ? aclFile : other.aclFile;
        useUsernameAsClientId = useUsernameAsClientId != null ? useUsernameAsClientId : other.useUsernameAsClientId;
        allowZeroLengthClientId = allowZeroLengthClientId != null
                ? allowZeroLengthClientId : other.allowZeroLengthClientId;
        autoIdPrefix = autoIdPrefix != null ? autoIdPrefix : other.autoIdPrefix;
    }
}
