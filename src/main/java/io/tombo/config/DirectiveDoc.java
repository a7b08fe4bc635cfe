package io.tombo.config;

/** Renders the directive table as the Markdown table of {@code docs/configuration.md}. */
final class DirectiveDoc {
    static final String BEGIN = "<!-- BEGIN DIRECTIVE TABLE: generated from io.tombo.config.Directives -->";
    static final String END = "<!-- END DIRECTIVE TABLE -->";

    private DirectiveDoc() {
    }

    static String markdownTable() {
        var out = new StringBuilder(BEGIN).append('\n');
        out.append("| directive | status | scope | default | meaning |\n");
        out.append("| --- | --- | --- | --- | --- |\n");
        for (Directive d : Directives.ALL) {
            out.append("| `").append(d.name()).append("` | ").append(status(d)).append(" | ")
                    .append(d.scope().label()).append(" | ").append(cell(d.defaultValue())).append(" | ")
                    .append(cell(d.meaning())).append(" |\n");
        }
        return out.append(END).append('\n').toString();
    }

    private static String status(Directive d) {
        return switch (d.status()) {
            case IMPLEMENTED -> d.tomboExtension() ? "implemented (**Tombo extension**)" : "implemented";
            case ACCEPTED -> "accepted, ignored: " + cell(d.note());
            case NOT_SUPPORTED -> "not supported yet";
        };
    }

    private static String cell(String text) {
        return text.isEmpty() ? "" : text.replace("|", "\\|");
    }
}
