package io.tombo.it.cli;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code tombo pub} and Debian's {@code mosquitto_pub} publish the same thing, one after the other, to one
 * {@code mosquitto_sub} that prints each message's flags, properties and payload in hex: the two lines must be
 * equal. Run against Tombo's broker and Debian's mosquitto.
 */
class PubIT {
    private static final byte[] BIG = new byte[3 * 1024 * 1024];

    static {
        new Random(42).nextBytes(BIG); // NULs, newlines, invalid UTF-8: the payload must arrive byte for byte
    }

    private final List<AutoCloseable> closeables = new ArrayList<>();
    private final List<Proc> started = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (Proc p : started) {
            p.kill();
        }
        for (AutoCloseable c : closeables.reversed()) {
            c.close();
        }
    }

    /** A publish: its arguments ({@code FILE} stands for the 3 MiB file), stdin, and how many messages it sends. */
    record Case(String name, List<String> args, byte[] stdin, int messages) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> cases() {
        List<Case> cases = List.of(
                new Case("-m", List.of("-m", "hello"), null, 1),
                new Case("-f 3 MiB", List.of("-f", "FILE"), null, 1),
                new Case("-s from a pipe", List.of("-s"), BIG, 1),
                new Case("-l", List.of("-l"), "first\nsecond\n\nlast without newline".getBytes(), 4),
                new Case("-r", List.of("-m", "kept", "-r"), null, 1),
                new Case("-n", List.of("-n"), null, 1),
                new Case("-q 1", List.of("-m", "one", "-q", "1"), null, 1),
                new Case("-q 2", List.of("-m", "two", "-q", "2"), null, 1),
                new Case("--repeat", List.of("-m", "again", "--repeat", "3", "--repeat-delay", "0.01"), null, 3),
                new Case("-V 5 -D", List.of("-V", "5", "-m", "p", "-D", "publish", "content-type", "text/plain",
                        "-D", "publish", "user-property", "k", "v", "-D", "publish", "user-property", "k2", "v2"),
                        null, 1));
        List<Arguments> all = new ArrayList<>();
        for (Broker.Kind kind : Broker.Kind.values()) {
            for (Case c : cases) {
                all.add(Arguments.of(kind, c));
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void subscriberReceivesWhatMosquittoPubSends(Broker.Kind kind, Case c) throws Exception {
        Broker broker = Broker.start(kind);
        closeables.add(broker);
        Path file = broker.dir().resolve("big.bin");
        Files.write(file, BIG);
        SubAckRelay relay = SubAckRelay.to(broker.port());
        closeables.add(relay);
        Proc sub = Proc.start(broker.dir(), Proc.program("mosquitto_sub", "-h", "127.0.0.1", "-p",
                Integer.toString(relay.port()), "-t", "pub/#", "-V", "5", "-q", "2", "--retain-as-published",
                "-C", Integer.toString(2 * c.messages()), "-F", "%t %r %q %l %C|%P|%x"));
        started.add(sub);
        relay.awaitSubAck();

        List<String> args = new ArrayList<>(List.of("-h", "127.0.0.1", "-p", Integer.toString(broker.port())));
        for (String a : c.args()) {
            args.add(a.equals("FILE") ? file.toString() : a);
        }
        run(broker, Proc.program("mosquitto_pub", with(args, "-t", "pub/mosquitto")), c.stdin());
        List<String> tomboArgs = new ArrayList<>(List.of("pub"));
        tomboArgs.addAll(Arrays.asList(with(args, "-t", "pub/tombo")));
        run(broker, Proc.tombo(tomboArgs.toArray(String[]::new)), c.stdin());

        assertThat(sub.exitCode()).isZero();
        List<String> lines = sub.text().lines().toList();
        assertThat(lines).hasSize(2 * c.messages());
        List<String> fromMosquitto = lines.subList(0, c.messages()).stream()
                .map(l -> l.replaceFirst("^pub/mosquitto ", "")).toList();
        List<String> fromTombo = lines.subList(c.messages(), lines.size()).stream()
                .map(l -> l.replaceFirst("^pub/tombo ", "")).toList();
        assertThat(fromTombo).isEqualTo(fromMosquitto);
    }

    @org.junit.jupiter.api.Test
    void tutorialGreetingInJapaneseArrivesExactly() throws Exception {
        // the tutorials' `mosquitto_sub -t "#"` and `mosquitto_pub -t topic -m "こんにちは"`,
        // with tombo on both ends
        org.junit.jupiter.api.Assumptions.assumeTrue("UTF-8".equals(System.getProperty("sun.jnu.encoding")),
                "the JVM passes non-ASCII arguments to a child process only under a UTF-8 locale (LANG=C.UTF-8)");
        Broker broker = Broker.start(Broker.Kind.TOMBO);
        closeables.add(broker);
        SubAckRelay relay = SubAckRelay.to(broker.port());
        closeables.add(relay);
        Proc sub = Proc.start(broker.dir(), Proc.tombo("sub", "-h", "127.0.0.1", "-p", Integer.toString(relay.port()),
                "-t", "#", "-C", "1"));
        started.add(sub);
        relay.awaitSubAck();
        run(broker, Proc.tombo("pub", "-h", "127.0.0.1", "-p", Integer.toString(broker.port()), "-t", "topic", "-m",
                "こんにちは"), null);
        assertThat(sub.exitCode()).isZero();
        assertThat(sub.out()).isEqualTo("こんにちは\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private static String[] with(List<String> args, String... more) {
        List<String> all = new ArrayList<>(args);
        all.addAll(Arrays.asList(more));
        return all.toArray(String[]::new);
    }

    private void run(Broker broker, List<String> cmd, byte[] stdin) throws Exception {
        Proc p = Proc.start(broker.dir(), cmd, stdin, java.util.Map.of());
        started.add(p);
        p.ok();
    }
}
