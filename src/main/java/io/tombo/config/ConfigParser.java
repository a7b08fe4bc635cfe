package io.tombo.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Reads mosquitto.conf into a {@link BrokerConfig}, one line at a time through the {@link Directives} table. Errors
 * name FILE:LINE; an included file's errors name the included file.
 */
public final class ConfigParser {
    /** Mosquitto's include_dir order: case-insensitive, and for the same letter upper case first. */
    static final Comparator<Path> INCLUDE_ORDER = Comparator
            .comparing((Path p) -> p.getFileName().toString().toLowerCase(Locale.ROOT))
            .thenComparing(p -> p.getFileName().toString());

    private final Draft draft = new Draft();
    private final Path mainFile;

    private ConfigParser(Path mainFile) {
        this.mainFile = mainFile;
    }

    /** Parses {@code file} (and what it includes); errors name FILE:LINE. */
    public static BrokerConfig parse(Path file) throws ConfigException {
        var parser = new ConfigParser(file);
        parser.readFile(file, true, null);
        return parser.draft.toRecord();
    }

    /**
     * Parses configuration text as if read from a file called {@code fileName}, which only names it in messages;
     * {@code include_dir} lines still read real directories.
     */
    public static BrokerConfig parse(String text, String fileName) throws ConfigException {
        var parser = new ConfigParser(null);
        parser.readText(text, fileName, true);
        return parser.draft.toRecord();
    }

    /** The configuration of a broker started with no {@code -c}: Mosquitto 2's local-only defaults. */
    public static BrokerConfig defaults() {
        try {
            return new Draft().toRecord();
        } catch (ConfigException e) {
            throw new IllegalStateException("the defaults are valid", e);
        }
    }

    private void readFile(Path file, boolean main, Line includedBy) throws ConfigException {
        String text;
        try {
            if (Files.isDirectory(file)) {
                throw failure(includedBy, "config file " + file + " is a directory");
            }
            text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw failure(includedBy, "cannot read config file " + file + ": " + describe(e));
        }
        readText(text, file.toString(), main);
    }

    private void readText(String text, String fileName, boolean main) throws ConfigException {
        // A byte order mark from a Windows editor would otherwise glue itself to the first directive's name.
        List<String> lines = (text.startsWith("\uFEFF") ? text.substring(1) : text).lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            String raw = lines.get(i);
            if (raw.isBlank() || raw.stripLeading().startsWith("#")) {
                continue;
            }
            Line line = Line.parse(fileName, i + 1, raw);
            if (line.name().equals("include_dir")) {
                include(line, main);
            } else {
                Directive directive = Directives.find(line.name())
                        .orElseThrow(() -> line.error("unknown directive '" + line.name() + "'"));
                directive.action().apply(line, draft);
            }
        }
    }

    private void include(Line line, boolean main) throws ConfigException {
        Path dir = line.path();
        if (!main) {
            // Mosquitto reads include_dir from the main file only and skips it elsewhere; say so instead.
            draft.notices.add(line.where() + ": include_dir is ignored in an included file, as in Mosquitto");
            return;
        }
        if (!Files.isDirectory(dir)) {
            throw line.error("include_dir " + dir + " is not a directory");
        }
        List<Path> files;
        try (Stream<Path> entries = Files.list(dir)) {
            files = entries.filter(p -> p.getFileName().toString().endsWith(".conf"))
                    .filter(p -> !Files.isDirectory(p))
                    .sorted(INCLUDE_ORDER)
                    .toList();
        } catch (IOException e) {
            throw line.error("cannot list include_dir " + dir + ": " + describe(e));
        }
        for (Path file : files) {
            if (isMainFile(file)) {
                throw line.error("include_dir " + dir + " contains the main configuration file " + file);
            }
            readFile(file, false, line);
        }
    }

    private boolean isMainFile(Path file) {
        try {
            return mainFile != null && Files.isSameFile(file, mainFile);
        } catch (IOException e) {
            return false;
        }
    }

    private static ConfigException failure(Line includedBy, String message) {
        return includedBy != null ? includedBy.error(message) : new ConfigException(message);
    }

    private static String describe(IOException e) {
        return e.getClass().getSimpleName() + (e.getMessage() != null ? " " + e.getMessage() : "");
    }
}
