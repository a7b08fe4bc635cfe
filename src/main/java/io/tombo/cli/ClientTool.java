package io.tombo.cli;

/** The three command-line clients, each with the Mosquitto program it mirrors and whose options file it reads. */
enum ClientTool {
    PUB("pub", "mosquitto_pub"),
    SUB("sub", "mosquitto_sub"),
    RR("rr", "mosquitto_rr");

    private final String command;
    private final String mosquittoName;

    ClientTool(String command, String mosquittoName) {
        this.command = command;
        this.mosquittoName = mosquittoName;
    }

    /** The subcommand: {@code pub}, {@code sub}, {@code rr}. */
    String command() {
        return command;
    }

    /** {@code tombo sub}: how messages name the program. */
    String displayName() {
        return "tombo " + command;
    }

    /** {@code mosquitto_sub}: the options file's name under {@code $XDG_CONFIG_HOME} or {@code ~/.config}. */
    String mosquittoName() {
        return mosquittoName;
    }
}
