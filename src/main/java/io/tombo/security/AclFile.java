package io.tombo.security;

import io.tombo.codec.Topics;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads Mosquitto's {@code acl_file} syntax into an {@link Acl}:
 * <pre>
 * # comment
 * topic [read|write|readwrite|deny] FILTER     (no access word: readwrite)
 * user USERNAME                                (the topic lines after it are that user's)
 * pattern [read|write|readwrite|deny] FILTER   (for every client; %c = client id, %u = username)
 * </pre>
 * An unknown line, a bad access word or an invalid filter is reported as FILE:LINE, as Mosquitto refuses them.
 */
public final class AclFile {
    private AclFile() {
    }

    public static Acl read(Path file) {
        List<String> lines = SecurityFileException.lines(file, "ACL file");
        List<AclRule> anonymous = new ArrayList<>();
        Map<String, List<AclRule>> users = new HashMap<>();
        List<AclRule> patterns = new ArrayList<>();
        List<AclRule> current = anonymous;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String where = file + ":" + (i + 1) + ": ";
            String[] words = line.split("[ \t]+", 2);
            switch (words[0]) {
                case "user" -> {
                    if (words.length < 2) {
                        throw new SecurityFileException(where + "user needs a username");
                    }
                    current = users.computeIfAbsent(words[1].strip(), u -> new ArrayList<>());
                }
                case "topic" -> add(current, rule(words, where));
                case "pattern" -> add(patterns, rule(words, where));
                default -> throw new SecurityFileException(where + "expected topic, pattern or user, not '"
                        + words[0] + "'");
            }
        }
        return new Acl(anonymous, users, patterns);
    }

    /** Deny rules go first, so that a deny always wins over a grant in the same list (Mosquitto 2.0). */
    private static void add(List<AclRule> rules, AclRule r) {
        if (r.deny()) {
            int firstGrant = 0;
            while (firstGrant < rules.size() && rules.get(firstGrant).deny()) {
                firstGrant++;
            }
            rules.add(firstGrant, r);
        } else {
            rules.add(r);
        }
    }

    private static AclRule rule(String[] words, String where) {
        if (words.length < 2) {
            throw new SecurityFileException(where + words[0] + " needs a topic filter");
        }
        String[] rest = words[1].split("[ \t]+", 2);
        String filter;
        boolean read;
        boolean write;
        switch (rest[0]) {
            case "read" -> { read = true; write = false; }
            case "write" -> { read = false; write = true; }
            case "readwrite" -> { read = true; write = true; }
            case "deny" -> { read = false; write = false; }
            default -> {
                if (rest.length > 1) {
                    throw new SecurityFileException(where + "access must be read, write, readwrite or deny, not '"
                            + rest[0] + "'");
                }
                read = true;
                write = true;
                rest = new String[] {null, rest[0]};
            }
        }
        if (rest.length < 2) {
            // "topic read" alone names the topic "read", readwrite, as Mosquitto reads it
            read = true;
            write = true;
            rest = new String[] {null, rest[0]};
        }
        filter = rest[1].strip();
        if (!Topics.isValidFilter(filter)) {
            throw new SecurityFileException(where + "invalid topic filter '" + filter + "'");
        }
        return new AclRule(filter, read, write);
    }
}
