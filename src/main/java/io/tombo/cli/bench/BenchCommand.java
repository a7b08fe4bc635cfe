package io.tombo.cli.bench;

import io.tombo.bench.Bench;
import io.tombo.bench.BenchClock;
import io.tombo.bench.Report;
import io.tombo.bench.Scenario;
import io.tombo.bench.Scenario.Kind;
import io.tombo.codec.QoS;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.io.IOException;
import java.io.PrintStream;
import java.security.GeneralSecurityException;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code tombo bench}: a load generator in the spirit of emqtt-bench. Exit status 0 when the run completed with no
 * error and no loss a QoS above 0 promises against; 1 otherwise; 2 for bad arguments.
 */
@Command(name = "bench", description = "Load generator: connections, publish, subscribe, fan-in, fan-out, latency.",
        subcommands = {BenchCommand.Conn.class, BenchCommand.Pub.class, BenchCommand.Sub.class,
                BenchCommand.FanIn.class, BenchCommand.FanOut.class, BenchCommand.P2p.class})
public final class BenchCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /**
     * {@code tombo bench KIND OPTIONS...} with the report on {@code out} and progress and errors on {@code err}: the
     * entry point for callers that capture the output (tests, scripts in-process).
     */
    public static int execute(List<String> args, PrintStream out, PrintStream err) {
        if (args.isEmpty()) {
            err.println("Error: which benchmark? conn, pub, sub, fanin, fanout or p2p");
            return 2;
        }
        Kind kind;
        try {
            kind = Kind.valueOf(args.getFirst().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            err.println("Error: unknown benchmark '" + args.getFirst() + "'");
            return 2;
        }
        BenchOptions options = new BenchOptions();
        try {
            new CommandLine(options).parseArgs(args.subList(1, args.size()).toArray(String[]::new));
        } catch (CommandLine.ParameterException e) {
            err.println("Error: " + e.getMessage());
            return 2;
        }
        return run(kind, options, out, err);
    }

    /** Runs {@code kind} with {@code options}, prints the report, returns the exit status. */
    static int run(Kind kind, BenchOptions options, PrintStream out, PrintStream err) {
        Scenario scenario;
        try {
            scenario = options.scenario(kind);
        } catch (IllegalArgumentException | IOException | GeneralSecurityException e) {
            err.println("Error: " + e.getMessage());
            return 2;
        }
        Report report;
        try {
            report = Bench.run(scenario, BenchClock.system(), err);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
        out.print(options.json ? report.toJson() + "\n" : report.toTable());
        out.flush();
        return failed(report, scenario.qos()) ? 1 : 0;
    }

    static boolean failed(Report report, QoS qos) {
        boolean errors = report.get("errors") instanceof List<?> l && !l.isEmpty();
        boolean lost = qos != QoS.AT_MOST_ONCE && report.get("lost") instanceof Long n && n > 0;
        return errors || lost;
    }

    private abstract static class Sub0 implements Callable<Integer> {
        @Mixin
        BenchOptions options;

        abstract Kind kind();

        @Override
        public Integer call() {
            return run(kind(), options, System.out, System.err);
        }
    }

    @Command(name = "conn", description = "Open -c connections at -R per second, hold them idle for -d seconds.")
    static final class Conn extends Sub0 {
        @Override
        Kind kind() {
            return Kind.CONN;
        }
    }

    @Command(name = "pub", description = "-c publishers on -t (default bench/%%i); the receivers are elsewhere.")
    static final class Pub extends Sub0 {
        @Override
        Kind kind() {
            return Kind.PUB;
        }
    }

    @Command(name = "sub", description = "-c subscribers on -t (default bench/#): rate, latency and sequence gaps "
            + "of what tombo bench pub sends.")
    static final class Sub extends Sub0 {
        @Override
        Kind kind() {
            return Kind.SUB;
        }
    }

    @Command(name = "fanin", description = "-c publishers (default 10) on bench/fanin/%%i, one subscriber on "
            + "bench/fanin/+.")
    static final class FanIn extends Sub0 {
        @Override
        Kind kind() {
            return Kind.FANIN;
        }
    }

    @Command(name = "fanout", description = "One publisher on bench/fanout, -c subscribers (default 100).")
    static final class FanOut extends Sub0 {
        @Override
        Kind kind() {
            return Kind.FANOUT;
        }
    }

    @Command(name = "p2p", description = "-c pairs (default 1): publisher i to subscriber i on bench/p2p/%%i; "
            + "use -r for latency at a fixed rate.")
    static final class P2p extends Sub0 {
        @Override
        Kind kind() {
            return Kind.P2P;
        }
    }
}
