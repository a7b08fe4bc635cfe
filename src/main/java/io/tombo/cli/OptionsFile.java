package io.tombo.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Mosquitto's client options file, {@code $XDG_CONFIG_HOME/mosquitto_sub} or {@code ~/.config/mosquitto_sub} (and
 * {@code _pub}, {@code _rr}): one option per line, applied before the command line. A line starting with {@code #}
 * is a comment; the option name ends at the first space and everything after that space is its value, spaces
 * included, exactly as mosquitto's {@code strtok} split does. Tombo reads the same files, so a user's Mosquitto
 * defaults carry over.
 */
final class OptionsFile {
    private OptionsFile() {
    }

    /** Where the options file for {@code tool} is, or null when neither variable is set. */
    static Path location(ClientTool tool, Map<String, String> env) {
        String xdg = env.get("XDG_CONFIG_HOME");
        if (xdg != null) {
            return Path.of(xdg, tool.mosquittoName());
        }
        String home = env.get("HOME");
        return home == null ? null : Path.of(home, ".config", tool.mosquittoName());
    }

    /** The file's lines as argument lists (one or two arguments each); empty when there is no readable file. */
    static List<List<String>> read(Path file) {
        List<List<String>> lines = new ArrayList<>();
        if (file == null || !Files.isReadable(file)) {
            return lines;
        }
        List<String> text;
        try {
            text = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException | java.io.UncheckedIOException e) {
            return lines; // mosquitto ignores a file it cannot read
        }
        for (String line : text) {
            List<String> args = split(line);
            if (!args.isEmpty()) {
                lines.add(args);
            }
        }
        return lines;
    }

    /** {@code strtok(line, " ")} then {@code strtok(NULL, "")}. */
    static List<String> split(String line) {
        if (line.startsWith("#")) {
            return List.of();
        }
        while (line.endsWith("\r") || line.endsWith("\n")) {
            line = line.substring(0, line.length() - 1);
        }
        int start = 0;
        while (start < line.length() && line.charAt(start) == ' ') {
            start++;
        }
        if (start == line.length()) {
            return List.of();
        }
        int end = line.indexOf(' ', start);
        if (end < 0) {
            return List.of(line.substring(start));
        }
        String rest = line.substring(end + 1);
        return rest.isEmpty() ? List.of(line.substring(start, end)) : List.of(line.substring(start, end), rest);
    }
}
