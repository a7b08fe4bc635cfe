package io.tombo.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A password or ACL file that cannot be used; the message starts with {@code FILE:LINE:} (or {@code FILE:} when
 * the file cannot be read) and never contains a password or hash.
 */
public final class SecurityFileException extends IllegalArgumentException {
    public SecurityFileException(String message) {
        super(message);
    }

    /** The lines of {@code file}, or this exception naming the file and what it is for ({@code kind}). */
    static List<String> lines(Path file, String kind) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new SecurityFileException(file + ": cannot read " + kind + " (" + e.getMessage() + ")");
        }
    }
}
