package io.tombo.cli;

import io.tombo.security.PasswordFile;
import io.tombo.security.PasswordHash;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code tombo passwd}: manages a password file with {@code mosquitto_passwd}'s flags, messages and exit codes.
 * Files it writes are read by Mosquitto 2.0 and later (12-byte salts; {@code -H argon2id} needs Mosquitto 2.1).
 * The file is replaced atomically, so a broker reloading on SIGHUP never reads half of it; a new file is private
 * to its owner (0600), an existing one keeps its permissions.
 */
@Command(name = "passwd", mixinStandardHelpOptions = true,
        description = "Manage a password file (as mosquitto_passwd).",
        footer = {"", "Usage as mosquitto_passwd:",
                "  tombo passwd [-H sha512 | -H sha512-pbkdf2 | -H argon2id] [-I iterations] [-c | -D] passwordfile username",
                "  tombo passwd [-H ...] [-c] -b passwordfile username password",
                "  tombo passwd -U passwordfile"})
final class PasswdCommand implements Callable<Integer> {
    private static final SecureRandom RANDOM = new SecureRandom();

    @Option(names = "-b", description = "batch mode: take the password from the command line")
    boolean batch;

    @Option(names = "-c", description = "create a new password file, overwriting an existing one")
    boolean create;

    @Option(names = "-D", description = "delete the username instead of adding or updating it")
    boolean delete;

    @Option(names = "-U", description = "hash the plain-text passwords of a file (hashed entries are kept)")
    boolean update;

    @Option(names = "-H", paramLabel = "HASH", description = "sha512-pbkdf2 (default), sha512 or argon2id")
    String hash = PasswordHash.Algorithm.SHA512_PBKDF2.flag();

    @Option(names = "-I", paramLabel = "ITERATIONS", description = "PBKDF2 iterations (default 101, as Mosquitto 2.0)")
    int iterations = PasswordHash.DEFAULT_ITERATIONS;

    @Parameters(paramLabel = "ARGS", description = "passwordfile [username [password]]")
    List<String> args = new ArrayList<>();

    @Override
    public Integer call() throws IOException {
        PasswordHash.Algorithm algorithm = PasswordHash.Algorithm.of(hash);
        String conflict = conflict();
        if (algorithm == null) {
            return fail("Error: Unknown hash type '" + hash + "'");
        }
        if (iterations < 1) {
            return fail("Error: Number of iterations must be > 0.");
        }
        if (conflict != null) {
            return fail(conflict);
        }
        int wanted = update ? 1 : batch ? 3 : 2;
        if (args.size() != wanted) {
            return fail(update ? "Error: -U argument given but password file missing."
                    : "Error: password file, username" + (batch ? " or password" : "") + " missing.");
        }
        Path file = Path.of(args.get(0));
        if (update) {
            return rewrite(file, updated(file, algorithm));
        }
        String username = args.get(1);
        String invalid = invalidUsername(username);
        if (invalid != null) {
            return fail(invalid);
        }
        if (delete) {
            List<String> lines = read(file);
            if (lines == null) {
                return 1;
            }
            List<String> kept = new ArrayList<>(lines.stream().filter(l -> !isUser(l, username)).toList());
            if (kept.size() == lines.size()) {
                return fail("Warning: User " + username + " not found in password file.");
            }
            return rewrite(file, kept);
        }
        String password = batch ? args.get(2) : PasswordPrompt.twice();
        if (password == null) {
            return batch ? 1 : 2;
        }
        if (password.length() > 65535) {
            return fail("Error: Password must be less than 65536 characters long.");
        }
        String line = username + ":" + PasswordHash.create(algorithm, password.getBytes(StandardCharsets.UTF_8),
                iterations, RANDOM).encoded();
        if (create) {
            return rewrite(file, List.of(line));
        }
        List<String> lines = read(file);
        if (lines == null) {
            return 1;
        }
        List<String> out = new ArrayList<>(lines.size() + 1);
        boolean replaced = false;
        for (String l : lines) {
            if (isUser(l, username)) {
                out.add(line);
                replaced = true;
            } else {
                out.add(l);
            }
        }
        if (!replaced) {
            out.add(line);
        }
        return rewrite(file, out);
    }

    private String conflict() {
        if (create && delete) {
            return "Error: -c and -D cannot be used together.";
        }
        if (create && update) {
            return "Error: -c and -U cannot be used together.";
        }
        if (delete && update) {
            return "Error: -D and -U cannot be used together.";
        }
        if (delete && batch) {
            return "Error: -b and -D cannot be used together.";
        }
        return null;
    }

    /** -U: every plain-text password hashed; lines already hashed are kept (Mosquitto 2.0 would hash the hash). */
    private List<String> updated(Path file, PasswordHash.Algorithm algorithm) throws IOException {
        List<String> lines = read(file);
        if (lines == null) {
            return null;
        }
        List<String> out = new ArrayList<>(lines.size());
        for (String l : lines) {
            PasswordFile.Entry e = PasswordFile.Entry.parse(l);
            if (e == null || e.hash().isEmpty() || isHash(e.hash())) {
                out.add(l);
            } else {
                out.add(e.username() + ":" + PasswordHash.create(algorithm, e.hash().getBytes(StandardCharsets.UTF_8),
                        iterations, RANDOM).encoded());
            }
        }
        return out;
    }

    private static boolean isHash(String text) {
        try {
            PasswordHash.parse(text);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static boolean isUser(String line, String username) {
        PasswordFile.Entry e = PasswordFile.Entry.parse(line);
        return e != null && e.username().equals(username);
    }

    /** The file's lines, or null after printing Mosquitto's error. */
    private static List<String> read(Path file) throws IOException {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            System.err.println("Error: Unable to open password file " + file + ". No such file or directory.");
            return null;
        }
    }

    /** Writes {@code lines} to a private temporary file beside {@code file}, then moves it into place. */
    private static int rewrite(Path file, List<String> lines) throws IOException {
        if (lines == null) {
            return 1;
        }
        Path dir = file.toAbsolutePath().getParent();
        Path tmp = Files.createTempFile(dir, file.getFileName() + ".", ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            Files.write(tmp, lines, StandardCharsets.UTF_8);
            if (Files.exists(file)) {
                Files.setPosixFilePermissions(tmp, Files.getPosixFilePermissions(file));
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            return 0;
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static String invalidUsername(String username) {
        if (username.length() > 65535) {
            return "Error: Username must be less than 65536 characters long.";
        }
        if (username.chars().anyMatch(Character::isISOControl)) {
            return "Error: Username must not contain control characters.";
        }
        if (username.indexOf(':') >= 0) {
            return "Error: Username must not contain the ':' character.";
        }
        return null;
    }

    private static int fail(String message) {
        System.err.println(message);
        return 1;
    }
}
