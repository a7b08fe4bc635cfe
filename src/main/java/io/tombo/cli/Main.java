package io.tombo.cli;

import io.tombo.cli.bench.BenchCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.util.function.Supplier;

/** {@code tombo}: one program, a subcommand per tool (broker, pub, sub, rr, bench, passwd, recorder). */
@Command(name = "tombo", mixinStandardHelpOptions = true, version = "tombo 0.1.0",
        description = "An MQTT 3.1 / 3.1.1 / 5.0 broker that reads mosquitto.conf.")
public final class Main implements Runnable {
    private static final String[] NAMES = {"broker", "pub", "sub", "rr", "bench", "passwd", "recorder"};
    private static final Supplier<?>[] COMMANDS = {BrokerCommand::new, PubCommand::new, SubCommand::new,
            RrCommand::new, BenchCommand::new, PasswdCommand::new, RecorderCommand::new};

    /** Netty's default samples one buffer in 128 and captures a stack trace for it, on every event loop. */
    private static final String LEAK_DETECTION = "io.netty.leakDetection.level";

    public static void main(String[] args) {
        // Leak detection is for tests (they run with Netty's default, or paranoid); -D... on the command line wins.
        if (System.getProperty(LEAK_DETECTION) == null) {
            System.setProperty(LEAK_DETECTION, "disabled");
        }
        // the broker's usual command lines skip picocli, whose classes a long-running broker would keep (BrokerArgs)
        BrokerCommand broker = args.length > 0 && args[0].equals("broker") ? BrokerArgs.parse(args, 1) : null;
        System.exit(broker != null ? BrokerArgs.run(broker)
                : commandLine(args.length > 0 ? args[0] : null).execute(args));
    }

    /**
     * The command line for {@code first}, the first argument: only its own subcommand when it names one. Picocli
     * builds the model of every option of every subcommand it is given, and a long-running broker would keep those
     * classes, methods and strings for nothing (BENCHMARKS.md, idle footprint).
     */
    static CommandLine commandLine(String first) {
        CommandLine cl = new CommandLine(new Main());
        boolean named = java.util.Arrays.asList(NAMES).contains(first);
        for (int i = 0; i < NAMES.length; i++) {
            if (!named || NAMES[i].equals(first)) {
                cl.addSubcommand(NAMES[i], COMMANDS[i].get());
            }
        }
        return cl;
    }

    @Override
    public void run() {
        commandLine(null).usage(System.out);
    }
}
