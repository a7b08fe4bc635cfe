package io.tombo.it.cli;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code tombo sub} and Debian's {@code mosquitto_sub} 2.0.11 subscribe side by side to the same broker (Tombo's and
 * Debian's mosquitto), the same messages are published, and what the two print must be the same bytes. Only the
 * JSON timestamp ({@code tst}), which records when each program printed, is masked.
 */
class SubOutputIT {
    private static final String JSON = "{\"temperature\": 23.50, \"tags\": [\"a\", true, null], \"n\": -0}";
    private final List<Proc> started = new ArrayList<>();
    private final List<AutoCloseable> closeables = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (Proc p : started) {
            p.kill();
        }
        for (AutoCloseable c : closeables.reversed()) {
            c.close();
        }
    }

    static Stream<Arguments> formats() {
        List<List<String>> options = List.of(
                List.of(),
                List.of("-v"),
                List.of("-N"),
                List.of("-v", "-N"),
                List.of("-F", "%t|%p|%l|%q|%r"),
                List.of("-F", "%x %X %10x %-12t| %5.2t %05l %-5l|"),
                List.of("-F", "%j"),
                List.of("-F", "%J"),
                List.of("-F", "%J", "--pretty"),
                List.of("-F", "%j", "--pretty"),
                List.of("-F", "\\t%t\\0%p\\\\ @@ %%"),
                List.of("-F", "%-20p|%3p|%-p|"),
                List.of("-V", "5", "-F", "%P|%R|%C|%D|%F|%5E|%A|%S|%t"),
                List.of("-V", "5", "-F", "%j"),
                List.of("-V", "5", "-v"),
                List.of("-R", "-v"),
                List.of("-T", "cli/skip/#", "-v"),
                List.of("-q", "2", "-F", "%t %q %m %p"));
        List<Arguments> all = new ArrayList<>();
        for (Broker.Kind kind : Broker.Kind.values()) {
            for (List<String> o : options) {
                all.add(Arguments.of(kind, o));
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("formats")
    void printsWhatMosquittoSubPrints(Broker.Kind kind, List<String> options) throws Exception {
        Broker broker = Broker.start(kind);
        closeables.add(broker);
        Path dir = broker.dir();
        publish(broker, "-t", "cli/retained", "-m", "kept", "-r", "-q", "1");

        Proc reference = subscriber(broker, "mosquitto_sub", options);
        Proc tombo = subscriber(broker, null, options);
        Files.writeString(dir.resolve("utf8.txt"), "こんにちは");
        Files.write(dir.resolve("binary.bin"), new byte[] {0, 1, 2, (byte) 0xFF, '\n', (byte) 0x80, 'z'});
        Files.writeString(dir.resolve("json.txt"), JSON);
        publish(broker, "-t", "cli/text", "-m", "hello world");
        publish(broker, "-t", "cli/utf8", "-f", dir.resolve("utf8.txt").toString(), "-q", "1");
        publish(broker, "-t", "cli/json", "-f", dir.resolve("json.txt").toString());
        publish(broker, "-t", "cli/skip/me", "-m", "filtered with -T");
        publish(broker, "-t", "cli/empty", "-n");
        publish(broker, "-V", "5", "-t", "cli/props", "-m", "{\"v\":1}", "-q", "1",
                "-D", "publish", "payload-format-indicator", "1",
                "-D", "publish", "content-type", "application/json",
                "-D", "publish", "response-topic", "cli/reply",
                "-D", "publish", "correlation-data", "id-42",
                "-D", "publish", "user-property", "k", "v",
                "-D", "publish", "user-property", "k", "w");
        // QoS 2 last: libmosquitto hands a QoS 2 message to mosquitto_sub at PUBREL, Tombo's client at PUBLISH,
        // so a QoS 2 message overtaken by a later QoS 0/1 one would print in a different order
        publish(broker, "-t", "cli/binary", "-f", dir.resolve("binary.bin").toString(), "-q", "2");
        publish(broker, "-t", "cli/end", "-m", "end", "-q", "2");

        assertThat(reference.exitCode()).isZero();
        assertThat(tombo.exitCode()).as("tombo sub stderr: %s", tombo.err()).isZero();
        assertThat(new String(masked(tombo.out()), StandardCharsets.UTF_8))
                .isEqualTo(new String(masked(reference.out()), StandardCharsets.UTF_8));
        assertThat(masked(tombo.out())).isEqualTo(masked(reference.out()));
        assertThat(tombo.err().replace("tombo sub", "mosquitto_sub")).isEqualTo(reference.err());
    }

    private Proc subscriber(Broker broker, String mosquitto, List<String> options) throws Exception {
        SubAckRelay relay = SubAckRelay.to(broker.port());
        closeables.add(relay);
        List<String> args = new ArrayList<>(List.of("-h", "127.0.0.1", "-p", Integer.toString(relay.port()),
                "-t", "cli/#", "-C", "9"));
        if (options.contains("-T")) {
            args.set(args.indexOf("9"), "8"); // one message is filtered out but -C counts printed ones
        }
        if (options.contains("-R")) {
            args.set(args.indexOf("9"), options.contains("-T") ? "7" : "8");
        }
        args.addAll(options);
        List<String> cmd = mosquitto == null ? Proc.tombo(prepend("sub", args)) : Proc.program(mosquitto,
                args.toArray(String[]::new));
        Proc p = Proc.start(broker.dir(), cmd);
        started.add(p);
        relay.awaitSubAck();
        return p;
    }

    private static String[] prepend(String first, List<String> rest) {
        List<String> all = new ArrayList<>();
        all.add(first);
        all.addAll(rest);
        return all.toArray(String[]::new);
    }

    private static void publish(Broker broker, String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("-h", "127.0.0.1", "-p", Integer.toString(broker.port())));
        all.addAll(Arrays.asList(args));
        Proc.start(broker.dir(), Proc.program("mosquitto_pub", all.toArray(String[]::new))).ok();
    }

    /** Replaces each JSON {@code "tst":"..."} value (compact or --pretty) with a fixed one. */
    static byte[] masked(byte[] out) {
        String s = new String(out, StandardCharsets.ISO_8859_1);
        s = s.replaceAll("\"tst\":(\t?)\"[^\"]*\"", "\"tst\":$1\"T\"");
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }
}
