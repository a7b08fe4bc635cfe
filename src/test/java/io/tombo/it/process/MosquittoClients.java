package io.tombo.it.process;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Debian's {@code mosquitto_sub} and {@code mosquitto_pub}, pointed at a broker by TCP port or Unix socket path.
 * A subscriber runs with {@code -d}, whose "received SUBACK" line is the signal that publishing is now safe; its
 * messages are the other stdout lines. It runs under {@code stdbuf -oL} so that those lines reach the file at once.
 */
final class MosquittoClients {
    private final Children children;
    private final Path dir;
    private final List<String> address;

    private MosquittoClients(Children children, Path dir, List<String> address) {
        this.children = children;
        this.dir = dir;
        this.address = address;
    }

    static MosquittoClients tcp(Children children, Path dir, int port) {
        return new MosquittoClients(children, dir, List.of("-h", "127.0.0.1", "-p", Integer.toString(port)));
    }

    static MosquittoClients unix(Children children, Path dir, Path socket) {
        return new MosquittoClients(children, dir, List.of("--unix", socket.toString()));
    }

    /** Starts {@code mosquitto_sub -d ARGS} and returns once the broker has acknowledged the subscription. */
    Program subscribe(String... args) {
        List<String> cmd = new ArrayList<>(List.of("stdbuf", "-oL")); // stdout to a file is block-buffered otherwise
        cmd.addAll(command("mosquitto_sub", "-d", args));
        Program sub = children.start(dir, cmd);
        sub.awaitStdout("received SUBACK");
        return sub;
    }

    /** Runs {@code mosquitto_pub ARGS} to completion and asserts it succeeded. */
    void publish(String... args) {
        Program pub = children.start(dir, command("mosquitto_pub", null, args));
        assertThat(pub.awaitExit()).as("mosquitto_pub exit status; %s", pub.describe()).isZero();
    }

    /** The payload lines a {@code -d} subscriber printed, without its debug lines. */
    static List<String> messages(Program sub) {
        return sub.stdoutText().lines().filter(l -> !l.startsWith("Client ") && !l.startsWith("Subscribed "))
                .toList();
    }

    private List<String> command(String program, String flag, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(program);
        if (flag != null) {
            cmd.add(flag);
        }
        cmd.addAll(address);
        cmd.addAll(List.of(args));
        return cmd;
    }
}
