package io.tombo.it.servers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;

/**
 * A temporary directory a database server lives in for one test class, and the child processes that run it. When the
 * tests run as root (CI), commands run as the server's own system user through {@code runuser}, since PostgreSQL
 * refuses to run as root; the directory then belongs to that user. Logs go to files in the directory and are shown
 * when something fails.
 */
public final class ServerHome implements AutoCloseable {
    static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final Path dir;
    private final String user;
    private Thread onExit;

    private ServerHome(Path dir, String user) {
        this.dir = dir;
        this.user = user;
    }

    /**
     * Creates a directory under {@code java.io.tmpdir}, owned by {@code user} (a system user such as {@code postgres})
     * when running as root.
     */
    public static ServerHome create(String prefix, String user) {
        try {
            Path dir = Files.createTempDirectory(prefix, PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rwxr-xr-x")));
            boolean root = "root".equals(System.getProperty("user.name"));
            if (root && user != null) {
                UserPrincipalLookupService users = dir.getFileSystem().getUserPrincipalLookupService();
                Files.setOwner(dir, users.lookupPrincipalByName(user));
                return new ServerHome(dir, user);
            }
            return new ServerHome(dir, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path dir() {
        return dir;
    }

    /** A TCP port on the loopback interface that was free a moment ago. */
    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts {@code command} (as the server's user), its output appended to {@code log} in the directory. */
    Process start(List<String> command, String log) {
        try {
            Path file = dir.resolve(log);
            return new ProcessBuilder(asUser(command)).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(file.toFile())).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs {@code command} to its end; fails with its output unless it exits 0. */
    void run(List<String> command, String log) {
        Process p = start(command, log);
        try {
            if (!p.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(command + " did not finish within " + TIMEOUT + "\n" + log(log));
            }
            if (p.exitValue() != 0) {
                throw new AssertionError(command + " exited " + p.exitValue() + "\n" + log(log));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Waits until 127.0.0.1:{@code port} accepts connections, failing early if {@code server} exits. */
    void awaitPort(int port, Process server, String log) {
        await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(50)).until(() -> {
            if (accepts(port)) {
                return true;
            }
            if (server != null && !server.isAlive()) {
                throw new AssertionError("server exited before listening on " + port + "\n" + log(log));
            }
            return false;
        });
    }

    /** Stops a server started as a child process: SIGTERM, then SIGKILL if it takes too long. */
    static void stop(Process server) {
        if (server == null || !server.isAlive()) {
            return;
        }
        try {
            server.destroy();
            if (!server.waitFor(30, TimeUnit.SECONDS)) {
                server.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static boolean accepts(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The content of log file {@code name}, or a note that there is none. */
    public String log(String name) {
        try {
            Path file = dir.resolve(name);
            return Files.exists(file) ? "--- " + file + ":\n" + Files.readString(file) : "(no " + file + ")";
        } catch (IOException e) {
            return "(cannot read " + name + ": " + e + ")";
        }
    }

    private List<String> asUser(List<String> command) {
        if (user == null) {
            return command;
        }
        List<String> wrapped = new ArrayList<>(List.of("runuser", "-u", user, "--"));
        wrapped.addAll(command);
        return wrapped;
    }

    /** Runs {@code stop} if the JVM exits before {@link #close()}, so that no server outlives the tests. */
    void stopOnExit(Runnable stop) {
        onExit = new Thread(stop, "stop-" + dir.getFileName());
        Runtime.getRuntime().addShutdownHook(onExit);
    }

    /** Forgets the exit hook and deletes the directory; the server must be stopped already. */
    @Override
    public void close() {
        if (onExit != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(onExit);
            } catch (IllegalStateException e) {
                // the JVM is shutting down already, and the hook is running
            }
            onExit = null;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // a server that is still writing (it should not be) leaves files in the temp directory, nothing worse
        }
    }

    /** Where the server's executables are: {@code /usr/lib/postgresql/N/bin} for the newest N, for instance. */
    static Path newest(Path parent, String sub) {
        try (Stream<Path> versions = Files.list(parent)) {
            return versions.map(v -> v.resolve(sub)).filter(Files::isDirectory)
                    .max(Comparator.comparing(p -> version(p.getParent().getFileName().toString())))
                    .orElseThrow(() -> new AssertionError("nothing installed under " + parent
                            + " (bash .ci/run installs the test servers)"));
        } catch (IOException e) {
            throw new AssertionError("nothing installed under " + parent + " (bash .ci/run installs the test servers)",
                    e);
        }
    }

    private static int version(String name) {
        try {
            return Integer.parseInt(name);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
