package io.tombo.cli;

import io.tombo.cli.bench.BenchCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code tombo}: one program, a subcommand per tool (broker, pub, sub, rr, bench, passwd). */
@Command(name = "tombo", mixinStandardHelpOptions = true, version = "tombo 0.1.0",
        description = "An MQTT 3.1 / 3.1.1 / 5.0 broker that reads mosquitto.conf.",
        subcommands = {BrokerCommand.class, PubCommand.class, SubCommand.class, RrCommand.class,
                BenchCommand.class, PasswdCommand.class})
public final class Main implements Runnable {

    public static void main(String[] args) {
        System.exit(new CommandLine(new Main()).execute(args));
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
