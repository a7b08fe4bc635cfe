package io.tombo.it.interop;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A client program run as a child process, with its stdout and stderr captured in files so that what it printed
 * can be compared byte for byte, and with every wait bounded.
 */
final class ChildProcess {
    private final Process process;
    private final List<String> command;
    private final Path stdout;
    private final Path stderr;

    private ChildProcess(Process process, List<String> command, Path stdout, Path stderr) {
        this.process = process;
        this.command = command;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /** Starts {@code command} in {@code dir}; {@code stdin} may be null for no input. */
    static ChildProcess start(Path dir, Path stdin, Map<String, String> env, List<String> command)
            throws IOException {
        Path out = Files.createTempFile(dir, "stdout-", ".txt");
        Path err = Files.createTempFile(dir, "stderr-", ".txt");
        ProcessBuilder pb = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .redirectInput(stdin == null ? ProcessBuilder.Redirect.from(new File("/dev/null"))
                        : ProcessBuilder.Redirect.from(stdin.toFile()));
        pb.environment().putAll(env);
        return new ChildProcess(pb.start(), command, out, err);
    }

    static ChildProcess start(Path dir, List<String> command) throws IOException {
        return start(dir, null, Map.of(), command);
    }

    /** Runs {@code command} to completion and asserts that it exited with status 0. */
    static ChildProcess run(Path dir, Path stdin, List<String> command) throws Exception {
        ChildProcess p = start(dir, stdin, Map.of(), command);
        p.assertExitsWith(0);
        return p;
    }

    /** Waits for the process to end (killing it after the timeout) and asserts its exit status. */
    ChildProcess assertExitsWith(int status) throws Exception {
        boolean finished = process.waitFor(15, TimeUnit.SECONDS);
        if (!finished) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
        assertThat(finished).as("%s finished in time; stdout=%s stderr=%s", command, stdoutText(), stderrText())
                .isTrue();
        assertThat(process.exitValue()).as("exit status of %s; stdout=%s stderr=%s", command, stdoutText(),
                stderrText()).isEqualTo(status);
        return this;
    }

    /** Waits for the process to end (killing it after the timeout) and returns its exit status. */
    int exitStatus() throws Exception {
        if (!process.waitFor(15, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
        return process.exitValue();
    }

    /** Ends a process the test no longer needs. */
    void kill() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }

    byte[] stdout() throws IOException {
        return Files.readAllBytes(stdout);
    }

    String stdoutText() throws IOException {
        return new String(Files.readAllBytes(stdout), StandardCharsets.UTF_8);
    }

    String stderrText() throws IOException {
        return new String(Files.readAllBytes(stderr), StandardCharsets.UTF_8);
    }

    static Duration timeout() {
        return Duration.ofSeconds(10);
    }
}
