package io.tombo.conformance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds spec citations in Java sources. A citation is {@code [MQTT-} followed by a digit, so a placeholder such as
 * {@code [MQTT-x.y.z-n]} in prose is not one. Text may follow the id inside the brackets
 * ({@code [MQTT-4.6.0-6: why]}).
 *
 * <p>The version: a citation, or a run of citations separated only by blanks, directly followed by a parenthesis
 * opening with {@code 3.1.1} or {@code 5.0} — {@code [MQTT-3.1.2-14] (3.1.1) / [MQTT-3.1.2-12] (5.0)} — belongs to
 * that version only. Any other citation counts for every list that has its id. Prose elsewhere on the line
 * ("5.0 may say so") is not read: it names the version of a behaviour as often as that of an id.
 *
 * <p>The owner, for test sources: the method whose declaration (with the comments and annotations just above it)
 * or body holds the line, found by indentation — declarations at 4 or 8 spaces, bodies ending at the matching
 * closing brace. Lines outside any method belong to the class.
 */
public final class CitationScanner {
    private static final Pattern CITATION = Pattern.compile("\\[MQTT-(\\d[^\\]\\s:,;]*)[^\\]]*]");
    private static final Pattern PIN = Pattern.compile("^(?:\\s*\\[MQTT-[^\\]]*])*\\s*\\((3\\.1\\.1|5\\.0)(?![\\d.])");
    private static final Pattern METHOD = Pattern.compile(
            "^( {4}| {8})(?!(?:return|new|throw|else|if|for|while|switch|try|catch|case|yield)\\b)"
                    + "[\\w@][\\w.<>\\[\\], ?@]*?\\s(\\w+)\\s*\\([^;=]*$");
    private static final Pattern NESTED_TYPE = Pattern.compile("^ {4}[\\w ]*\\b(?:class|record|enum|interface) (\\w+)");
    private static final Pattern PREAMBLE = Pattern.compile("^\\s*(?://|/\\*|\\*|@).*");

    private CitationScanner() {
    }

    /** Every citation under {@code root}, files in path order, skipping files whose path contains {@code skip}. */
    public static List<Citation> scan(Path project, Path root, boolean withOwners, List<String> skip) {
        List<Citation> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(project.resolve(root))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
                Path relative = project.relativize(file);
                if (skip.stream().noneMatch(s -> relative.toString().replace('\\', '/').contains(s))) {
                    found.addAll(scanFile(relative, Files.readAllLines(file), withOwners));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return found;
    }

    static List<Citation> scanFile(Path file, List<String> lines, boolean withOwners) {
        String[] owners = withOwners ? owners(file, lines) : new String[lines.size()];
        List<Citation> found = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            Matcher m = CITATION.matcher(line);
            while (m.find()) {
                Matcher pin = PIN.matcher(line.substring(m.end()));
                Optional<SpecVersion> pinned = pin.find() ? Optional.of(SpecVersion.ofLabel(pin.group(1)))
                        : Optional.empty();
                found.add(new Citation(file, i + 1, m.group(1), pinned, owners[i]));
            }
        }
        return found;
    }

    /** Comments, annotations and the continuation lines of a multi-line annotation above a declaration. */
    private static boolean preamble(String line) {
        String s = line.strip();
        return PREAMBLE.matcher(line).matches()
                || !s.isEmpty() && !s.endsWith("}") && !s.endsWith(";") && !s.endsWith("{");
    }

    /** For each line, {@code Class.method} or {@code Class}. */
    private static String[] owners(Path file, List<String> lines) {
        String outer = file.getFileName().toString().replaceFirst("\\.java$", "");
        String[] owners = new String[lines.size()];
        String type = outer;
        String owner = outer;
        String methodEnd = null;
        String typeEnd = null;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            Matcher nested = NESTED_TYPE.matcher(line);
            Matcher method = METHOD.matcher(line);
            if (methodEnd == null && nested.find() && !line.stripTrailing().endsWith("}")) {
                type = outer + "." + nested.group(1);
                typeEnd = "    }";
            } else if (methodEnd == null && method.find()) {
                owner = type + "." + method.group(2);
                methodEnd = line.stripTrailing().endsWith("}") ? null : method.group(1) + "}";
                for (int j = i - 1; j >= 0 && preamble(lines.get(j)); j--) {
                    owners[j] = owner;
                }
                owners[i] = owner;
                if (methodEnd == null) {
                    owner = type;
                }
                continue;
            }
            owners[i] = owner;
            if (line.stripTrailing().equals(methodEnd)) {
                methodEnd = null;
                owner = type;
            } else if (methodEnd == null && line.stripTrailing().equals(typeEnd)) {
                typeEnd = null;
                type = outer;
                owner = outer;
            }
        }
        return owners;
    }
}
