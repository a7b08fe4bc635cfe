package io.tombo.config;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;

/**
 * One directive line of a configuration file: its name, its arguments and where it is, so that every error can say
 * FILE:LINE. The argument readers are strict where Mosquitto uses {@code atoi}: a value that is not what the directive
 * takes is an error, not a zero.
 *
 * @param where FILE:LINE
 * @param name  the directive name (first word)
 * @param words the arguments, split on spaces and tabs
 * @param rest  the text after the name, trimmed: string and path values take all of it, spaces included, as Mosquitto
 */
record Line(String where, String name, List<String> words, String rest) {

    /** Splits {@code text} (no line break, not blank, not a comment). */
    static Line parse(String file, int number, String text) {
        String trimmed = text.strip();
        String[] parts = trimmed.split("[ \t]+", 2);
        String rest = parts.length > 1 ? parts[1] : "";
        List<String> words = rest.isEmpty() ? List.of() : List.of(rest.split("[ \t]+"));
        return new Line(file + ":" + number, parts[0], words, rest);
    }

    ConfigException error(String message) {
        return new ConfigException(where + ": " + message);
    }

    /** The whole value: for strings and paths, which may contain spaces. */
    String text() throws ConfigException {
        if (rest.isEmpty()) {
            throw error(name + " needs a value");
        }
        return rest;
    }

    Path path() throws ConfigException {
        String value = text();
        try {
            return Path.of(value);
        } catch (InvalidPathException e) {
            throw error(name + ": invalid path '" + value + "'");
        }
    }

    /** Exactly one word. */
    String word() throws ConfigException {
        requireCount(1, 1);
        return words.getFirst();
    }

    /** Between {@code min} and {@code max} words. */
    List<String> words(int min, int max) throws ConfigException {
        requireCount(min, max);
        return words;
    }

    boolean bool() throws ConfigException {
        String value = word();
        return switch (value) {
            case "true" -> true;
            case "false" -> false;
            default -> throw error(name + " must be true or false, not '" + value + "'");
        };
    }

    int integer(int min, int max) throws ConfigException {
        return (int) number(word(), min, max);
    }

    long number(String value, long min, long max) throws ConfigException {
        long parsed;
        try {
            parsed = Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw error(name + " must be a whole number, not '" + value + "'");
        }
        if (parsed < min || parsed > max) {
            throw error(name + " must be between " + min + " and " + max + ", not " + parsed);
        }
        return parsed;
    }

    /** One of {@code choices}. */
    String choice(String... choices) throws ConfigException {
        String value = word();
        if (!List.of(choices).contains(value)) {
            throw error(name + " must be one of " + String.join(", ", choices) + ", not '" + value + "'");
        }
        return value;
    }

    private void requireCount(int min, int max) throws ConfigException {
        if (words.size() < min) {
            throw error(name + " needs a value");
        }
        if (words.size() > max) {
            String extra = words.get(max);
            String hint = extra.startsWith("#") ? " (a comment must start at the beginning of a line)" : "";
            throw error(name + " takes " + (max == 1 ? "one value" : "at most " + max + " values")
                    + ", found extra '" + extra + "'" + hint);
        }
    }
}
