package io.tombo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Checks the dependency rules of DESIGN.md section 3 ("may import") by reading the {@code import}
 * lines of every source file under {@code src/main/java/io/tombo/<package>/}.
 *
 * <p>The table below is that section in code. A new package fails the build until it is added
 * here, so the plan and the code cannot drift apart silently. JDBC ({@code java.sql},
 * {@code javax.sql}) is not part of "JDK" here: it is granted to the packages that own storage.
 * Sub-packages belong to their top-level package ({@code io.tombo.broker.x} is {@code broker}).
 */
class ArchitectureTest {

    private static final Path SOURCES =
            Path.of(System.getProperty("basedir", "."), "src", "main", "java", "io", "tombo");

    private static final Pattern IMPORT =
            Pattern.compile("^\\s*import\\s+(?:static\\s+)?([\\w.]+(?:\\.\\*)?)\\s*;");

    /** Everyone except the packages that must stay pure may log through SLF4J. */
    private static final String SLF4J = "org.slf4j.";

    private static final String JDBC = "jdbc";

    /** Package → the io.tombo packages and outside prefixes it may import. "*" means anything. */
    private static final Map<String, Set<String>> MAY_IMPORT = Map.ofEntries(
            Map.entry("codec", Set.of()),
            // security owns the TLS material (PEM keys and certificates) that the client and bench read too
            Map.entry("client", Set.of("codec", "security", SLF4J)),
            Map.entry("broker", Set.of("codec", "store", "security", "metrics", "config", SLF4J)),
            Map.entry("store", Set.of("codec", JDBC, "org.sqlite.", SLF4J)),
            Map.entry("security", Set.of("codec", "config", "com.password4j.", SLF4J)),
            Map.entry("listener",
                    Set.of("broker", "codec", "security", "metrics", "config", "io.netty.", SLF4J)),
            Map.entry("config", Set.of()),
            Map.entry("metrics", Set.of("codec", "config", SLF4J)),
            // the client's API is codec types; SQLite for the embedded store, jackson-core (streaming only) for
            // payloads, Prometheus' own registry and text format for /metrics; the JDK's HTTP server, not Netty
            Map.entry("recorder", Set.of("client", "codec", "config", "metrics", JDBC, "org.sqlite.",
                    "com.fasterxml.jackson.core.", "io.prometheus.metrics.", "com.sun.net.httpserver.", SLF4J)),
            Map.entry("bench", Set.of("client", "codec", "security", "org.HdrHistogram.", SLF4J)),
            Map.entry("bridge", Set.of("client", "broker", "config", SLF4J)),
            Map.entry("cli", Set.of("*")));

    private static final List<String> JDK = List.of("java.", "javax.", "jdk.");
    private static final List<String> JDBC_PREFIXES = List.of("java.sql.", "javax.sql.");

    @Test
    void everyPackageIsInTheDesignTable() throws IOException {
        List<String> unknown = new ArrayList<>();
        try (Stream<Path> entries = Files.list(SOURCES)) {
            for (Path entry : entries.sorted().toList()) {
                if (Files.isDirectory(entry) && !MAY_IMPORT.containsKey(name(entry))) {
                    unknown.add("io.tombo." + name(entry));
                } else if (entry.toString().endsWith(".java")) {
                    unknown.add("io.tombo (root package): " + name(entry));
                }
            }
        }
        assertThat(unknown)
                .as("packages missing from DESIGN.md section 3 and ArchitectureTest.MAY_IMPORT")
                .isEmpty();
    }

    @Test
    void everyImportIsAllowedByTheDesignTable() throws IOException {
        List<String> violations = new ArrayList<>();
        for (Path file : javaFiles()) {
            String pkg = name(SOURCES.relativize(file).getName(0));
            if (!MAY_IMPORT.containsKey(pkg)) {
                continue; // reported by everyPackageIsInTheDesignTable
            }
            for (String imported : imports(file)) {
                violation(pkg, imported).ifPresent(v -> violations.add(display(file) + ": " + v));
            }
        }
        assertThat(javaFiles()).as("source files under " + SOURCES).isNotEmpty();
        assertThat(violations).as("imports that break DESIGN.md section 3").isEmpty();
    }

    @Test
    void rulesRejectWhatTheDesignForbids() {
        assertThat(violation("broker", "io.netty.channel.Channel")).isPresent();
        assertThat(violation("broker", "java.sql.Connection")).isPresent();
        assertThat(violation("broker", "io.tombo.listener.MqttServer")).isPresent();
        assertThat(violation("recorder", "io.tombo.broker.Sessions")).isPresent();
        assertThat(violation("recorder", "io.tombo.security.PasswordFile")).isPresent();
        assertThat(violation("recorder", "io.netty.channel.Channel")).isPresent();
        assertThat(violation("codec", "org.slf4j.Logger")).isPresent();
        assertThat(violation("codec", "io.tombo.config.BrokerConfig")).isPresent();
        assertThat(violation("config", "javax.sql.DataSource")).isPresent();
        assertThat(violation("client", "io.netty.buffer.ByteBuf")).isPresent();
        assertThat(violation("metrics", "io.tombo.broker.*")).isPresent();
        assertThat(violation("security", "com.example.Anything")).isPresent();
        assertThat(violation("listener", "io.tombo.bogus.Thing"))
                .hasValue("import io.tombo.bogus.Thing not allowed in package listener");
    }

    @Test
    void rulesAllowWhatTheDesignGrants() {
        assertThat(violation("codec", "java.nio.ByteBuffer")).isEmpty();
        assertThat(violation("codec", "io.tombo.codec.Packet")).isEmpty();
        assertThat(violation("broker", "io.tombo.store.Store")).isEmpty();
        assertThat(violation("broker", "org.slf4j.Logger")).isEmpty();
        assertThat(violation("store", "java.sql.Connection")).isEmpty();
        assertThat(violation("recorder", "javax.sql.DataSource")).isEmpty();
        assertThat(violation("listener", "io.netty.channel.*")).isEmpty();
        assertThat(violation("cli", "picocli.CommandLine")).isEmpty();
        assertThat(violation("cli", "ch.qos.logback.classic.Logger")).isEmpty();
        assertThat(violation("cli", "io.tombo.listener.MqttServer")).isEmpty();
    }

    /** Why {@code imported} may not appear in {@code pkg}, or empty if it may. */
    private static Optional<String> violation(String pkg, String imported) {
        return allowed(pkg, imported)
                ? Optional.empty()
                : Optional.of("import " + imported + " not allowed in package " + pkg);
    }

    private static boolean allowed(String pkg, String imported) {
        Set<String> grants = MAY_IMPORT.get(pkg);
        if (grants.contains("*")) {
            return true;
        }
        if (imported.startsWith("io.tombo.")) {
            String target = imported.substring("io.tombo.".length()).split("\\.")[0];
            return target.equals(pkg) || grants.contains(target);
        }
        if (startsWithAny(imported, JDBC_PREFIXES)) {
            return grants.contains(JDBC);
        }
        if (startsWithAny(imported, JDK)) {
            return true;
        }
        return grants.stream().filter(g -> g.endsWith(".")).anyMatch(imported::startsWith);
    }

    private static boolean startsWithAny(String s, List<String> prefixes) {
        return prefixes.stream().anyMatch(s::startsWith);
    }

    private static List<Path> javaFiles() throws IOException {
        try (Stream<Path> files = Files.walk(SOURCES)) {
            return files.filter(f -> f.toString().endsWith(".java"))
                    .filter(f -> SOURCES.relativize(f).getNameCount() > 1)
                    .sorted()
                    .toList();
        }
    }

    private static List<String> imports(Path file) {
        try (Stream<String> lines = Files.lines(file)) {
            return lines.map(IMPORT::matcher).filter(Matcher::find).map(m -> m.group(1)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String name(Path path) {
        return path.getFileName().toString();
    }

    private static String display(Path file) {
        return Path.of(System.getProperty("basedir", ".")).relativize(file).toString();
    }
}
