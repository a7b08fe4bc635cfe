package io.tombo.it.process;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A program run as a child process (the broker, a launcher, an MQTT client), its stdout and stderr captured in
 * files so that a test can wait for a line while the program runs and still read everything afterwards. Stdin is a
 * pipe the test may write to. {@link #stop()} is safe to call on a process that has already ended.
 */
public final class Program implements AutoCloseable {
    static final Duration TIMEOUT = Duration.ofSeconds(20);

    private final Process process;
    private final List<String> command;
    private final Path stdout;
    private final Path stderr;

    private Program(Process process, List<String> command, Path stdout, Path stderr) {
        this.process = process;
        this.command = command;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /** Starts {@code command} with {@code dir} as its working directory; output files go to {@code dir} too. */
    public static Program start(Path dir, List<String> command) {
        try {
            Path out = Files.createTempFile(dir, "stdout-", ".txt");
            Path err = Files.createTempFile(dir, "stderr-", ".txt");
            Process p = new ProcessBuilder(command)
                    .directory(dir.toFile())
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile())
                    .start();
            return new Program(p, List.copyOf(command), out, err);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code java --enable-native-access=ALL-UNNAMED -jar tombo.jar ARGS}, with the JDK running the tests. */
    static List<String> tomboJar(String... args) {
        String java = ProcessHandle.current().info().command().orElseThrow();
        String jar = System.getProperty("tombo.jar");
        assertThat(jar).as("system property tombo.jar (set by Failsafe)").isNotNull();
        assertThat(new File(jar)).as("the shaded jar; run mvn package first").isFile();
        List<String> cmd = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED", "-Xms16m", "-jar", jar));
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** Starts {@code tombo ARGS} from the jar. */
    public static Program tombo(Path dir, String... args) {
        return start(dir, tomboJar(args));
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public String stdoutText() {
        return read(stdout);
    }

    public String stderrText() {
        return read(stderr);
    }

    /** Waits until stderr contains {@code text}, failing early if the program exits first. */
    public Program awaitStderr(String text) {
        return awaitOutput(text, this::stderrText);
    }

    /** Waits until stdout contains {@code text}, failing early if the program exits first. */
    Program awaitStdout(String text) {
        return awaitOutput(text, this::stdoutText);
    }

    private Program awaitOutput(String text, java.util.function.Supplier<String> output) {
        await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(50)).until(() -> {
            if (output.get().contains(text)) {
                return true;
            }
            assertThat(process.isAlive()).as("%s ended before printing '%s'; %s", command, text, describe()).isTrue();
            return false;
        });
        return this;
    }

    /** Waits for the program to end by itself and returns its exit status. */
    public int awaitExit() {
        try {
            if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                stop();
                throw new AssertionError(command + " did not exit within " + TIMEOUT + "; " + describe());
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Sends a Unix signal by name ("HUP", "TERM") through kill(1), as an operator or systemd would. */
    void signal(String name) {
        Program kill = start(stdout.getParent(), List.of("kill", "-" + name, Long.toString(pid())));
        assertThat(kill.awaitExit()).as("kill -%s %d: %s", name, pid(), kill.stderrText()).isZero();
    }

    /** Writes a line to the program's stdin. */
    void writeLine(String line) {
        try {
            OutputStream in = process.getOutputStream();
            in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            in.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** SIGTERM, then SIGKILL if the program is still running after a few seconds; returns the exit status. */
    public int stop() {
        try {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** SIGKILL ({@code destroyForcibly} on Linux): no shutdown hook runs. */
    public void kill() {
        try {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            stop();
        }
    }

    public String describe() {
        return "command=" + command + "\n--- stdout:\n" + stdoutText() + "\n--- stderr:\n" + stderrText();
    }

    private static String read(Path file) {
        try {
            return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
