package io.tombo.security;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The users of a {@code password_file}: one {@code username:hash} per line, as {@code mosquitto_passwd} and
 * {@code tombo passwd} write it. Lines starting with {@code #} and lines without {@code :} are skipped, blanks
 * around both fields are trimmed, as Mosquitto 2.0 reads it. Where Mosquitto logs and drops an entry it cannot
 * decode (a plain-text password, a damaged hash), Tombo refuses the file with FILE:LINE: a user who silently
 * cannot log in is harder to diagnose than a broker that says which line is wrong. Immutable.
 */
public final class PasswordFile {
    private final Map<String, PasswordHash> users;

    private PasswordFile(Map<String, PasswordHash> users) {
        this.users = Map.copyOf(users);
    }

    public static PasswordFile read(Path file) {
        List<String> lines = SecurityFileException.lines(file, "password file");
        Map<String, PasswordHash> users = new HashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            Entry e = Entry.parse(lines.get(i));
            if (e == null) {
                continue;
            }
            String where = file + ":" + (i + 1) + ": ";
            if (e.hash().isEmpty()) {
                throw new SecurityFileException(where + "user " + e.username() + " has no password hash");
            }
            try {
                users.put(e.username(), PasswordHash.parse(e.hash()));
            } catch (IllegalArgumentException bad) {
                throw new SecurityFileException(where + "user " + e.username() + ": " + bad.getMessage());
            }
        }
        return new PasswordFile(users);
    }

    /** The hash of {@code username}, or null when the file has no such user. */
    public PasswordHash hash(String username) {
        return users.get(username);
    }

    public int size() {
        return users.size();
    }

    /** One {@code username:hash} line, split the way Mosquitto splits it; null for a comment or a line without ':'. */
    public record Entry(String username, String hash) {
        public static Entry parse(String line) {
            if (line.startsWith("#") || line.indexOf(':') < 0) {
                return null;
            }
            int colon = line.indexOf(':');
            String username = line.substring(0, colon).strip();
            // Mosquitto takes the next ':'-separated token: a hash contains no ':'
            String rest = line.substring(colon + 1);
            int end = rest.indexOf(':');
            String hash = (end < 0 ? rest : rest.substring(0, end)).strip();
            if (username.isEmpty()) {
                return null;
            }
            return new Entry(username, hash);
        }
    }
}
