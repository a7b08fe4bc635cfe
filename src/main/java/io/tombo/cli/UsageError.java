package io.tombo.cli;

/**
 * A command line Mosquitto would refuse. {@code text} is the exact stderr text (Mosquitto's wording and blank lines);
 * {@code hint} adds "Use 'tombo sub --help' to see usage." after it, as mosquitto_sub does for argument errors.
 */
final class UsageError extends Exception {
    private final boolean hint;

    UsageError(String text, boolean hint) {
        super(text, null, false, false);
        this.hint = hint;
    }

    /** An argument error: the text is followed by the usage hint. */
    static UsageError of(String text) {
        return new UsageError(text, true);
    }

    String text() {
        return getMessage();
    }

    boolean hint() {
        return hint;
    }
}
