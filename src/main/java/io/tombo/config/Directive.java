package io.tombo.config;

/**
 * One row of the directive table: a mosquitto.conf directive, what Tombo does with it, and its documentation. The
 * table ({@link Directives#ALL}) is the single source for the parser and for {@code docs/configuration.md}.
 *
 * @param name         as written in mosquitto.conf; a trailing {@code *} matches any suffix ({@code auth_opt_*})
 * @param scope        where the setting applies
 * @param status       implemented, accepted but not needed, or not supported yet
 * @param defaultValue as shown in the documentation
 * @param meaning      one line for the documentation
 * @param note         for {@link Status#ACCEPTED}: why Tombo does not need it; otherwise extra detail or empty
 * @param action       what a line with this directive does to the draft configuration
 */
public record Directive(String name, Scope scope, Status status, String defaultValue, String meaning, String note,
                        Action action) {

    /** What Tombo does with a directive. */
    public enum Status {
        /** Sets a field of {@link BrokerConfig} or {@link ListenerConfig}. */
        IMPLEMENTED,
        /** Accepted and checked, then ignored with a notice: Tombo does not need it. */
        ACCEPTED,
        /** Rejected with "FILE:LINE: directive X is not supported yet". */
        NOT_SUPPORTED
    }

    /** Where a directive's value applies. */
    public enum Scope {
        GLOBAL("global"),
        /** The current {@code listener} block, or the default listener before the first one. */
        LISTENER("listener"),
        /** Global, or the current listener with {@code per_listener_settings true}. */
        SECURITY("global, or listener with per_listener_settings"),
        BRIDGE("bridge"),
        /** The current {@code record} block (Tombo's recorder). */
        RECORD("record rule"),
        /** The current {@code sink} block (Tombo's recorder). */
        SINK("sink"),
        /** The current {@code auth_plugin}/{@code plugin}. */
        PLUGIN("plugin");

        private final String label;

        Scope(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** Applies one line to the draft. */
    @FunctionalInterface
    interface Action {
        void apply(Line line, Draft draft) throws ConfigException;
    }

    boolean matches(String directive) {
        return name.endsWith("*")
                ? directive.startsWith(name.substring(0, name.length() - 1)) && directive.length() > name.length() - 1
                : name.equals(directive);
    }

    /** Whether Tombo adds this directive: Mosquitto has no such directive. */
    public boolean tomboExtension() {
        return note.startsWith(Directives.TOMBO_EXTENSION);
    }
}
