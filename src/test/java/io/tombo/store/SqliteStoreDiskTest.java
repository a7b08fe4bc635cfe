package io.tombo.store;

import static io.tombo.store.StoreFixtures.applyAndWait;
import static io.tombo.store.StoreFixtures.count;
import static org.assertj.core.api.Assertions.assertThat;

import io.tombo.codec.Properties;
import io.tombo.codec.QoS;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bounded disk: delivered messages leave no rows behind and the file stops growing under a steady load. */
class SqliteStoreDiskTest {
    private static final byte[] PAYLOAD = new byte[200];

    @TempDir
    Path dir;

    private Path file() {
        return dir.resolve("tombo.db");
    }

    @Test
    void steadyEnqueueDequeueLeavesNoRowsAndTheFileStopsGrowing() throws IOException {
        long afterWarmUp;
        long afterAll;
        try (SqliteStore store = new SqliteStore(file(), false)) {
            store.load();
            applyAndWait(store, new Change.PutSession("a", -1, 0, null), new Change.PutSession("b", -1, 0, null));
            cycles(store, 1, 10_000);
            afterWarmUp = diskUse();
            cycles(store, 10_001, 100_000);
            afterAll = diskUse();

            for (String table : List.of("messages", "queue")) {
                assertThat(count(file(), table)).as(table).isZero();
            }
        }
        System.out.printf("SqliteStoreDiskTest: db + wal after 10k cycles %,d KiB, after 100k %,d KiB,"
                + " db after close %,d KiB%n", afterWarmUp / 1024, afterAll / 1024, Files.size(file()) / 1024);
        assertThat(afterAll).as("disk use after 100k cycles vs after 10k").isLessThan(afterWarmUp * 3 / 2 + (1 << 20));
        assertThat(wal()).as("WAL folded into the database at close").isZero();
    }

    @Test
    void drainedBacklogGivesItsPagesBackAtClose() throws IOException {
        try (SqliteStore store = new SqliteStore(file(), false)) {
            store.load();
            applyAndWait(store, new Change.PutSession("a", -1, 0, null));
            for (int id = 1; id <= 20_000; id++) {
                store.apply(List.of(new Change.PutMessage(id, message(id)), new Change.Enqueue("a", id, 1, false,
                        List.of())), null);
            }
            applyAndWait(store);
        }
        long full = Files.size(file());
        try (SqliteStore store = new SqliteStore(file(), false)) {
            assertThat(store.load().sessions().get(0).entries()).hasSize(20_000);
            for (int id = 1; id <= 20_000; id++) {
                store.apply(List.of(new Change.Dequeue("a", id)), null);
            }
            applyAndWait(store);
        }
        long drained = Files.size(file());

        assertThat(full).isGreaterThan(4_000_000);
        assertThat(drained).isLessThan(full / 10);
    }

    /** Each cycle: a message queued for two sessions in one batch, then delivered to each in its own. */
    private static void cycles(SqliteStore store, int first, int last) {
        for (int id = first; id <= last; id++) {
            store.apply(List.of(new Change.PutMessage(id, message(id)),
                    new Change.Enqueue("a", id, 1, false, List.of()),
                    new Change.Enqueue("b", id, 1, false, List.of(3))), null);
            store.apply(List.of(new Change.MarkSent("a", id, id % 65535 + 1)), null);
            store.apply(List.of(new Change.Dequeue("a", id)), null);
            store.apply(List.of(new Change.Dequeue("b", id)), null);
        }
        applyAndWait(store);
    }

    private static StoredMessage message(long id) {
        return new StoredMessage("load/" + (id % 50), QoS.AT_LEAST_ONCE, PAYLOAD, Properties.EMPTY, 0, "pub");
    }

    private long diskUse() throws IOException {
        return Files.size(file()) + wal();
    }

    private long wal() throws IOException {
        Path wal = dir.resolve("tombo.db-wal");
        return Files.exists(wal) ? Files.size(wal) : 0;
    }
}
