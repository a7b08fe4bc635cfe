package io.tombo.it.cli;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Refusals: each bad command line, a port nobody listens on, a broker that refuses anonymous clients, and a
 * {@code -W} that expires. {@code tombo pub/sub/rr} must write what mosquitto_pub/sub/rr 2.0.11 write to stderr
 * (with the program's name substituted) and end with the same exit status.
 */
class ErrorsIT {
    private final List<AutoCloseable> closeables = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : closeables.reversed()) {
            c.close();
        }
    }

    static Stream<Arguments> badCommandLines() {
        String[][] sub = {
            {"-z"}, {"-p"}, {"-h"}, {"-t"}, {"-q"}, {"-q", "3"}, {"-k", "2"}, {"-V", "4"}, {"-i", "a", "-I", "b"},
            {"-I", "b", "-i", "a"}, {"-x", "abc"}, {"-x", "-2"}, {"-W", "0"}, {"-C", "0"}, {"-F", "%z", "-t", "a"},
            {"-F", "%"}, {"-F", "@"}, {"-F", "\\z", "-t", "a"}, {"-F", "\\"}, {"-t", "a/#/b"}, {"-T"},
            {"-T", "a/#/b", "-t", "a"}, {"-U"}, {"-c", "-t", "a"}, {"-c", "-V", "5", "-t", "a"},
            {"--will-payload", "x", "-t", "a"}, {"--will-retain", "-t", "a"}, {"--will-qos", "3"},
            {"--will-topic", "a/+"}, {"-L", "http://x/t"}, {"-L", "mqtt://host"}, {"-D"}, {"-D", "connect"},
            {"-D", "connect", "foo", "1"}, {"-D", "publish", "user-property", "k"},
            {"-D", "subscribe", "content-type", "x", "-t", "a"}, {"--random-filter", "0"}, {"--cert", "a", "-t", "a"},
            {"-m", "x"}, {"-r"}, {"--", "-t", "a"}, {"--repeat", "2"}, {"-e", "x"}, {"-M", "0"}, {"-t", "a", "--unix"},
            {"-t", "a", "-p", "70000"}, {"-p", "-1", "-t", "a"}, {"-A"}, {"-u"}, {"-P"}, {"-F"}, {"-C"}, {"-W"},
            {"-x"}, {"-V"}, {"-L"}, {"--cafile"}, {"-q", "x"}, {}};
        String[][] pub = {{"-t", "a/+", "-m", "x"}, {"-t", "a", "-m", "x", "-n"},
            {"-t", "a", "-m", "x", "--repeat", "0"},
            {"-t", "a", "-m", "x", "--repeat-delay", "-1"}, {"-v"}, {"-C", "1"}, {"-t", "a", "-l", "-s"}, {"-z"},
            {"-t", "a", "-m", "x", "-V", "5", "-D", "connect", "user-property", "a"},
            {"-t", "a", "-m", "x", "-D", "publish", "foo", "1"}, {"-t", "a", "-f", "/nonexistent/file"}};
        String[][] rr = {{"-t", "a", "-e", "b/+", "-m", "x"}, {"-z"}};
        List<Arguments> all = new ArrayList<>();
        for (String[] a : sub) {
            all.add(Arguments.of("sub", List.of(a)));
        }
        for (String[] a : pub) {
            all.add(Arguments.of("pub", List.of(a)));
        }
        for (String[] a : rr) {
            all.add(Arguments.of("rr", List.of(a)));
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("badCommandLines")
    void refusesAsMosquitto(String tool, List<String> args) throws Exception {
        assertSameAsMosquitto(tool, args);
    }

    @Test
    void connectionRefusedWhenNothingListens() throws Exception {
        String port = Integer.toString(Broker.freePort());
        assertSameAsMosquitto("sub", List.of("-p", port, "-t", "a"));
        assertSameAsMosquitto("pub", List.of("-p", port, "-t", "a", "-m", "x"));
        assertSameAsMosquitto("rr", List.of("-p", port, "-t", "a", "-e", "b", "-m", "x"));
    }

    @Test
    void notAuthorisedByABrokerWithoutAnonymousAccess() throws Exception {
        Broker broker = Broker.start(Broker.Kind.MOSQUITTO, "allow_anonymous false");
        closeables.add(broker);
        String port = Integer.toString(broker.port());
        for (String version : List.of("31", "311", "5")) {
            assertSameAsMosquitto("sub", List.of("-p", port, "-t", "a", "-V", version));
            assertSameAsMosquitto("pub", List.of("-p", port, "-t", "a", "-m", "x", "-V", version, "-u", "who"));
        }
        assertSameAsMosquitto("rr", List.of("-p", port, "-t", "a", "-e", "b", "-m", "x"));
        assertSameAsMosquitto("rr", List.of("-p", port, "-t", "a", "-e", "b", "-m", "x", "-V", "311"));
    }

    @Test
    void timeoutEndsWithStatus27() throws Exception {
        for (Broker.Kind kind : Broker.Kind.values()) {
            Broker broker = Broker.start(kind);
            closeables.add(broker);
            String port = Integer.toString(broker.port());
            assertSameAsMosquitto("sub", List.of("-p", port, "-t", "nothing/here", "-W", "1"));
            assertSameAsMosquitto("rr", List.of("-p", port, "-t", "nobody", "-e", "listens", "-m", "x", "-W", "1"));
        }
    }

    private static void assertSameAsMosquitto(String tool, List<String> args) throws Exception {
        Path dir = Files.createTempDirectory("tombo-cli-errors");
        Proc mosquitto = Proc.start(dir, Proc.program("mosquitto_" + tool, args.toArray(String[]::new)));
        List<String> tomboArgs = new ArrayList<>(List.of(tool));
        tomboArgs.addAll(args);
        Proc tombo = Proc.start(dir, Proc.tombo(tomboArgs.toArray(String[]::new)));
        int expectedStatus = mosquitto.exitCode();
        int status = tombo.exitCode();
        String expected = mosquitto.err().replace("mosquitto_" + tool, "tombo " + tool);
        assertThat(tombo.err()).as("stderr of tombo %s %s", tool, args).isEqualTo(expected);
        assertThat(status).as("exit status of tombo %s %s; stderr %s", tool, args, tombo.err())
                .isEqualTo(expectedStatus);
    }
}
