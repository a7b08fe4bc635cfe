package io.tombo.conformance;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One {@code [MQTT-x.y.z-n]} in a source line.
 *
 * @param file   the source file, relative to the project
 * @param line   1-based line number
 * @param id     what follows {@code MQTT-} up to the first blank, colon, comma, semicolon or {@code ]}
 * @param pinned the version written right after the citation, as {@code (3.1.1)} or {@code (5.0 ...)}
 * @param owner  for test sources, {@code Class.method} (or {@code Class}) the line belongs to
 */
public record Citation(Path file, int line, String id, Optional<SpecVersion> pinned, String owner) {
    private static final Pattern WELL_FORMED = Pattern.compile("\\d+\\.\\d+\\.\\d+-\\d+");

    public boolean wellFormed() {
        return WELL_FORMED.matcher(id).matches();
    }

    /** The versions whose rows list this citation: the pinned one, else every list that has the id. */
    public Set<SpecVersion> versions() {
        Set<SpecVersion> versions = EnumSet.noneOf(SpecVersion.class);
        for (SpecVersion v : SpecVersion.values()) {
            if (wellFormed() && v.has("MQTT-" + id) && pinned.map(v::equals).orElse(true)) {
                versions.add(v);
            }
        }
        return versions;
    }

    /** Null when the citation names a statement; otherwise why it does not. */
    public String problem() {
        if (!wellFormed()) {
            return "malformed id";
        }
        if (!versions().isEmpty()) {
            return null;
        }
        return pinned.map(v -> "not a " + v.label() + " statement").orElse("in neither list");
    }

    public String location() {
        return file.toString().replace('\\', '/') + ":" + line;
    }

    public String text() {
        return "[MQTT-" + id + "]";
    }
}
