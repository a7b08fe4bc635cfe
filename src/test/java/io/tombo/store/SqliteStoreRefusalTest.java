package io.tombo.store;

import static io.tombo.store.StoreFixtures.applyAndWait;
import static io.tombo.store.StoreFixtures.execute;
import static io.tombo.store.StoreFixtures.message;
import static io.tombo.store.StoreFixtures.reopen;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files Tombo must not write into: refused with the file's name, and left byte for byte as they were. */
class SqliteStoreRefusalTest {
    @TempDir
    Path dir;

    @Test
    void databaseFromANewerTomboIsRefused() throws IOException {
        Path file = tomboDatabase();
        execute(file, "PRAGMA user_version = 3");
        byte[] before = Files.readAllBytes(file);

        assertThatThrownBy(() -> new SqliteStore(file, false))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("was written by a newer Tombo (schema 3); this one knows 2");
        assertThat(Files.readAllBytes(file)).isEqualTo(before);
    }

    @Test
    void sqliteDatabaseOfAnotherProgramIsRefused() throws IOException {
        Path file = dir.resolve("other.db");
        execute(file, "CREATE TABLE accounts (id INTEGER PRIMARY KEY, owner TEXT)",
                "INSERT INTO accounts VALUES (1, 'alice')");
        byte[] before = Files.readAllBytes(file);

        assertThatThrownBy(() -> new SqliteStore(file, false))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(file + " is not a Tombo database")
                .hasMessageContaining("accounts");
        assertThat(Files.readAllBytes(file)).isEqualTo(before);
        assertThat(StoreFixtures.count(file, "accounts")).isEqualTo(1);
    }

    @Test
    void databaseWithAnotherApplicationIdIsRefused() {
        Path file = dir.resolve("app.db");
        execute(file, "PRAGMA application_id = 42", "PRAGMA user_version = 1");

        assertThatThrownBy(() -> new SqliteStore(file, false))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(file + " is not a Tombo database");
    }

    @Test
    void tomboDatabaseMissingATableIsRefused() {
        Path file = tomboDatabase();
        execute(file, "DROP TABLE awaiting_release");

        assertThatThrownBy(() -> new SqliteStore(file, false))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("awaiting_release");
    }

    @Test
    void mosquittoPersistenceFileIsRefusedAndKept() throws IOException {
        Path file = dir.resolve("mosquitto.db");
        // Mosquitto's db_dump reads this header: magic, CRC, format version 6, then chunks.
        ByteBuffer mosquitto = ByteBuffer.allocate(64);
        mosquitto.put(new byte[] {0x00, (byte) 0xB5, 0x00}).put("mosquitto db".getBytes(StandardCharsets.US_ASCII))
                .putInt(0).putInt(6).putInt(1).putInt(8).putLong(12345);
        Files.write(file, mosquitto.array());
        byte[] before = Files.readAllBytes(file);

        assertThatThrownBy(() -> new SqliteStore(file, false))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(file + " is not a Tombo database")
                .hasMessageContaining("untouched");
        assertThat(Files.readAllBytes(file)).isEqualTo(before);
        assertThat(dir.resolve("mosquitto.db-wal")).doesNotExist();
    }

    @Test
    void randomBytesAreRefusedAndKept() throws IOException {
        Path file = dir.resolve("random.db");
        byte[] noise = new byte[20_000];
        new Random(5).nextBytes(noise);
        Files.write(file, noise);

        assertThatThrownBy(() -> new SqliteStore(file, false))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(file + " is not a Tombo database");
        assertThat(Files.readAllBytes(file)).isEqualTo(noise);
    }

    @Test
    void tomboDatabaseWithDamagedPagesIsReportedCorruptAndKept() throws IOException {
        Path file = tomboDatabase();
        byte[] bytes = Files.readAllBytes(file);
        assertThat(bytes.length).as("pages beyond the first").isGreaterThan(4 * 4096);
        byte[] noise = new byte[bytes.length - 4096];
        new Random(7).nextBytes(noise);
        System.arraycopy(noise, 0, bytes, 4096, noise.length); // keep page 1: header and schema
        Files.write(file, bytes);

        assertThatThrownBy(() -> new SqliteStore(file, false))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("corrupt");
        assertThat(Files.readAllBytes(file)).isEqualTo(bytes);
    }

    @Test
    void missingDirectoryIsReported() {
        Path file = dir.resolve("no/such/dir/tombo.db");

        assertThatThrownBy(() -> new SqliteStore(file, false))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("does not exist");
    }

    @Test
    void emptyFileBecomesANewDatabase() throws IOException {
        Path file = Files.createFile(dir.resolve("empty.db"));

        assertThat(reopen(file)).isEqualTo(Snapshot.EMPTY);
        assertThat(reopen(file)).isEqualTo(Snapshot.EMPTY);
    }

    /** A closed Tombo database with a few rows in every table. */
    private Path tomboDatabase() {
        Path file = dir.resolve("tombo.db");
        try (SqliteStore store = new SqliteStore(file, false)) {
            store.load();
            for (int i = 1; i <= 50; i++) {
                String client = "client-" + i;
                applyAndWait(store, new Change.PutSession(client, 60, 0, null),
                        new Change.PutSubscription(client, new StoredSubscription("t/#", 1, false, false, 0, 0)),
                        new Change.PutMessage(i, message("t/" + i, "x".repeat(500))),
                        new Change.Enqueue(client, i, 1, false, List.of()),
                        new Change.PutRetained(message("r/" + i, "y".repeat(500))));
            }
        }
        return file;
    }
}
