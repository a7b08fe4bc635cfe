package io.tombo.conformance;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One MQTT specification and its numbered normative statements, read from
 * {@code src/test/resources/conformance/mqtt-<version>.tsv}: {@code #} lines describe the source, the others are
 * {@code id<TAB>summary} in the standard's order. 3.1.1 and 5.0 use the same id form with different meanings.
 */
public enum SpecVersion {
    V3_1_1("3.1.1"),
    V5_0("5.0");

    private final String label;
    private final Map<String, String> summaries = new LinkedHashMap<>();
    private final List<String> notes = new ArrayList<>();

    SpecVersion(String label) {
        this.label = label;
        load();
    }

    public String label() {
        return label;
    }

    /** Statement id (without brackets) to one-line summary, in the standard's order. */
    public Map<String, String> statements() {
        return summaries;
    }

    public boolean has(String id) {
        return summaries.containsKey(id);
    }

    /** The {@code #} lines of the list: where it comes from and what was normalised. */
    public List<String> notes() {
        return notes;
    }

    public static SpecVersion ofLabel(String label) {
        for (SpecVersion v : values()) {
            if (v.label.equals(label)) {
                return v;
            }
        }
        throw new IllegalArgumentException(label);
    }

    private void load() {
        String resource = "/conformance/mqtt-" + label + ".tsv";
        try (InputStream in = SpecVersion.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing " + resource);
            }
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.startsWith("#")) {
                    notes.add(line.substring(1).strip());
                } else if (!line.isBlank()) {
                    String[] cells = line.split("\t");
                    if (cells.length != 2 || summaries.put(cells[0], cells[1]) != null) {
                        throw new IllegalStateException(resource + ": bad or repeated line: " + line);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
