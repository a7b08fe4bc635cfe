package io.tombo.it.persistence;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A database file that Tombo must not use is refused at start-up: the broker exits with a non-zero status and a
 * message naming the file, and the file keeps every byte (docs/persistence.md: "Tombo never replaces or deletes
 * it"). {@code mosquitto-2.0.11.db} was written by Debian's Mosquitto 2.0.11 with {@code persistence true}
 * (a retained message and a queued message for a persistent client).
 */
class RefusalIT {
    @TempDir
    Path dir;

    private TomboProcess broker;

    @AfterEach
    void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"random-bytes", "mosquitto-db", "other-sqlite-database", "newer-tombo-schema"})
    void aFileThatIsNotUsableIsRefusedAndLeftUntouched(String kind) throws Exception {
        String fileName = kind.equals("mosquitto-db") ? "mosquitto.db" : "tombo.db";
        broker = TomboProcess.configure(dir, "persistence_file " + fileName);
        Path file = broker.dataDir().resolve(fileName);
        write(kind, file);
        byte[] before = Files.readAllBytes(file);

        int status = broker.launch().awaitGone();

        assertThat(status).as("exit status; %s", broker.describe()).isNotZero();
        assertThat(broker.stderr()).as("the refusal names the file; %s", broker.describe()).contains(file.toString());
        assertThat(Files.readAllBytes(file)).as("the file's bytes after the refusal").isEqualTo(before);
        try (var files = Files.list(broker.dataDir())) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .as("nothing written next to the refused file").containsExactly(fileName);
        }
        System.out.printf("%s refused: %s%n", kind, broker.stderr().lines()
                .filter(l -> l.contains(file.toString())).findFirst().orElse("?"));
    }

    private static void write(String kind, Path file) throws IOException, SQLException {
        switch (kind) {
            case "random-bytes" -> {
                byte[] bytes = new byte[64 * 1024];
                new Random(5).nextBytes(bytes);
                Files.write(file, bytes);
            }
            case "mosquitto-db" -> {
                try (InputStream in = RefusalIT.class.getResourceAsStream("/persistence/mosquitto-2.0.11.db")) {
                    Files.copy(in, file);
                }
            }
            case "other-sqlite-database" -> sqlite(file, "CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)",
                    "INSERT INTO notes (text) VALUES ('not a broker''s')");
            case "newer-tombo-schema" -> sqlite(file, "PRAGMA application_id = " + 0x546F6D62,
                    "PRAGMA user_version = 99", "CREATE TABLE sessions (client_id TEXT PRIMARY KEY)");
            default -> throw new IllegalArgumentException(kind);
        }
    }

    private static void sqlite(Path file, String... statements) throws SQLException {
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = db.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }
}
