package io.tombo.it.cli;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A program run as a child process with stdout and stderr captured in files (so binary output is compared byte for
 * byte) and every wait bounded. {@code tombo} runs from the shaded jar Failsafe names in {@code tombo.jar}.
 */
final class Proc {
    private static final long WAIT_SECONDS = 20;

    private final Process process;
    private final List<String> command;
    private final Path stdout;
    private final Path stderr;

    private Proc(Process process, List<String> command, Path stdout, Path stderr) {
        this.process = process;
        this.command = command;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /** {@code tombo ARGS} as a command line. */
    static List<String> tombo(String... args) {
        List<String> cmd = new ArrayList<>(List.of(javaBinary(), "--enable-native-access=ALL-UNNAMED", "-jar",
                System.getProperty("tombo.jar", "target/tombo.jar")));
        cmd.addAll(List.of(args));
        return cmd;
    }

    static List<String> program(String name, String... args) {
        List<String> cmd = new ArrayList<>(List.of(name));
        cmd.addAll(List.of(args));
        return cmd;
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Starts {@code command} in {@code dir}; {@code stdin} null means /dev/null. */
    static Proc start(Path dir, List<String> command, byte[] stdin, Map<String, String> env) throws IOException {
        Path out = Files.createTempFile(dir, "out-", ".bin");
        Path err = Files.createTempFile(dir, "err-", ".txt");
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile())
                .redirectInput(stdin == null ? ProcessBuilder.Redirect.from(new File("/dev/null"))
                        : ProcessBuilder.Redirect.PIPE);
        pb.environment().put("XDG_CONFIG_HOME", dir.resolve("no-config").toString()); // no user options files
        pb.environment().putAll(env);
        Process p = pb.start();
        if (stdin != null) {
            Thread.ofVirtual().start(() -> {
                try (OutputStream o = p.getOutputStream()) {
                    o.write(stdin);
                } catch (IOException ignored) {
                    // the program stopped reading; its exit status tells the test
                }
            });
        }
        return new Proc(p, command, out, err);
    }

    static Proc start(Path dir, List<String> command) throws IOException {
        return start(dir, command, null, Map.of());
    }

    /** Runs to the end and returns the exit status (the process is killed after the bound). */
    int exitCode() throws Exception {
        if (!process.waitFor(WAIT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            throw new AssertionError(command + " did not finish; stdout=" + text() + " stderr=" + err());
        }
        return process.exitValue();
    }

    /** Waits and asserts exit status 0. */
    Proc ok() throws Exception {
        int code = exitCode();
        if (code != 0) {
            throw new AssertionError(command + " exited with " + code + "; stderr=" + err());
        }
        return this;
    }

    void kill() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }

    byte[] out() throws IOException {
        return Files.readAllBytes(stdout);
    }

    String text() throws IOException {
        return new String(out(), StandardCharsets.UTF_8);
    }

    String err() throws IOException {
        return Files.readString(stderr, StandardCharsets.UTF_8);
    }
}
