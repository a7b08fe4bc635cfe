package io.tombo.it.process;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The README's first command, {@code ./tombo broker}, through the launcher script in the repository root (never on
 * port 1883, which other programs on the machine may hold). The launcher is invoked by its absolute path from
 * another working directory, so it must find its jar and {@code bin/find-java.sh} relative to itself. The jar is
 * fresh (Failsafe runs after {@code package}), so the launcher does not rebuild it.
 */
class LauncherIT {
    @TempDir
    Path dir;

    private final Children children = new Children();
    private Path launcher;

    @BeforeEach
    void findLauncher() {
        launcher = Path.of(System.getProperty("user.dir")).resolve("tombo").toAbsolutePath();
        assumeTrue(Files.isExecutable(launcher), "no executable ./tombo in " + launcher.getParent());
    }

    @AfterEach
    void stopChildren() {
        children.close();
    }

    @Test
    void launcherStartsTheBrokerFromAnotherWorkingDirectory() {
        int port = Net.freePort();

        Program broker = children.start(dir, List.of(launcher.toString(), "broker", "-p", Integer.toString(port)));

        broker.awaitStderr("Opening ipv4 listen socket on port " + port + ".");
        Net.awaitAccepting(broker, port);
        MosquittoClients clients = MosquittoClients.tcp(children, dir, port);
        Program sub = clients.subscribe("-t", "test", "-v", "-C", "1");
        clients.publish("-t", "test", "-m", "hello");
        assertThat(sub.awaitExit()).as(sub.describe()).isZero();
        assertThat(MosquittoClients.messages(sub)).containsExactly("test hello");
        assertThat(broker.stderrText()).as("the jar is up to date: no rebuild").doesNotContain("building");
    }

    @Test
    void launcherExecsTheJvmSoSigtermReachesTheBroker() {
        int port = Net.freePort();
        Program broker = children.start(dir, List.of(launcher.toString(), "broker", "-p", Integer.toString(port)));
        Net.awaitAccepting(broker, port);

        int status = broker.stop();

        assertThat(status).as("exit status on SIGTERM; %s", broker.describe()).isEqualTo(143);
        assertThat(broker.stderrText()).contains("terminating");
        assertThat(Net.accepts("127.0.0.1", port)).as("nothing left listening on %d", port).isFalse();
    }

    @Test
    void launcherRunsBenchConnOverTcpOnC1AloneAndEverythingElseWithC2() {
        // a connect burst is over before C2 pays back its compiling (BENCHMARKS.md, 2026-12-07)
        List<String> flags = List.of("env", "TOMBO_JAVA_OPTS=-XX:+PrintFlagsFinal", launcher.toString(), "bench");
        Program conn = children.start(dir, concat(flags, "conn", "--help"));
        Program fanin = children.start(dir, concat(flags, "fanin", "--help"));
        Program connTls = children.start(dir, concat(flags, "conn", "--insecure", "--help"));

        assertThat(conn.awaitExit()).as(conn.describe()).isZero();
        assertThat(fanin.awaitExit()).as(fanin.describe()).isZero();
        assertThat(connTls.awaitExit()).as(connTls.describe()).isZero();
        assertThat(conn.stdoutText()).containsPattern("TieredStopAtLevel +=  *1 ");
        assertThat(fanin.stdoutText()).containsPattern("TieredStopAtLevel +=  *4 ");
        assertThat(connTls.stdoutText()).as("TLS handshakes keep C2").containsPattern("TieredStopAtLevel +=  *4 ");
    }

    private static List<String> concat(List<String> head, String... tail) {
        List<String> all = new ArrayList<>(head);
        all.addAll(List.of(tail));
        return all;
    }

    @Test
    void launcherHelpPrintsUsage() {
        Program help = children.start(dir, List.of(launcher.toString(), "--help"));

        assertThat(help.awaitExit()).as(help.describe()).isZero();
        assertThat(help.stdoutText()).contains("Usage: tombo").contains("broker");
    }
}
