package io.tombo.cli;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * {@code tombo broker}'s command line in the forms service files and tutorials use ({@code -c FILE}, {@code -p PORT},
 * {@code -v}, {@code -d} and their long names, each value a separate argument), read without picocli. Picocli's
 * classes are Java 5 class files, which the JDK's AOT cache cannot hold: reading one command line through them cost a
 * broker that then runs for months 4.9 MiB of resident memory (BENCHMARKS.md, "Footprint"). Everything else (help,
 * version, attached values, clustered flags, repeats, an unknown option, a value that is not one) goes to picocli,
 * which owns the syntax and the error messages; {@code BrokerArgsTest} holds both to the same result.
 */
final class BrokerArgs {
    /** Decimal digits both readers take the same way (picocli would read a leading zero or 0x differently). */
    private static final Pattern PORT = Pattern.compile("0|[1-9][0-9]{0,8}");

    private BrokerArgs() {
    }

    /** The command {@code args[from..]} describe, or null when picocli should read them. */
    static BrokerCommand parse(String[] args, int from) {
        BrokerCommand c = new BrokerCommand();
        for (int i = from; i < args.length; i++) {
            String option = args[i];
            switch (option) {
                case "-v", "--verbose" -> {
                    if (c.verbose) {
                        return null;
                    }
                    c.verbose = true;
                }
                case "-d", "--daemon" -> {
                    if (c.daemon) {
                        return null;
                    }
                    c.daemon = true;
                }
                case "-c", "--config-file" -> {
                    if (c.configFile != null || i + 1 == args.length || args[i + 1].startsWith("-")) {
                        return null;
                    }
                    try {
                        c.configFile = Path.of(args[++i]);
                    } catch (InvalidPathException e) {
                        return null;
                    }
                }
                case "-p", "--port" -> {
                    if (i + 1 == args.length || !PORT.matcher(args[i + 1]).matches()) {
                        return null;
                    }
                    c.ports.add(Integer.parseInt(args[++i]));
                }
                default -> {
                    return null;
                }
            }
        }
        return c;
    }

    /** Runs {@code command} as picocli would: its exit status, or 1 with the stack trace if it throws. */
    static int run(BrokerCommand command) {
        try {
            return command.call();
        } catch (Exception e) {
            e.printStackTrace();
            return 1;
        }
    }
}
