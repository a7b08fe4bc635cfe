package io.tombo.store;

import static io.tombo.store.StoreFixtures.applyAndWait;
import static io.tombo.store.StoreFixtures.count;
import static io.tombo.store.StoreFixtures.message;
import static io.tombo.store.StoreFixtures.reopen;
import static io.tombo.store.StoreFixtures.richMessage;
import static org.assertj.core.api.Assertions.assertThat;

import io.tombo.codec.Properties;
import io.tombo.codec.Property;
import io.tombo.codec.QoS;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every change through apply, close and a new store's load. */
class SqliteStoreTest {
    @TempDir
    Path dir;

    private Path file() {
        return dir.resolve("tombo.db");
    }

    @Test
    void newDatabaseLoadsEmpty() {
        try (SqliteStore store = new SqliteStore(file(), false)) {
            assertThat(store.durable()).isTrue();
            assertThat(store.load()).isEqualTo(Snapshot.EMPTY);
        }
        assertThat(reopen(file())).isEqualTo(Snapshot.EMPTY);
    }

    @Test
    void newDatabaseIsMarkedAsTomboSchemaTwoInWalMode() {
        new SqliteStore(file(), false).close();

        assertThat(pragma("application_id")).isEqualTo(String.valueOf(Schema.APPLICATION_ID));
        assertThat(pragma("user_version")).isEqualTo("2");
        assertThat(pragma("journal_mode")).isEqualTo("wal");
        assertThat(pragma("auto_vacuum")).isEqualTo("2"); // incremental
    }

    private String pragma(String name) {
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + file());
             Statement s = db.createStatement();
             ResultSet rs = s.executeQuery("PRAGMA " + name)) {
            rs.next();
            return rs.getString(1);
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void retainedMessageRoundTripsWithItsPropertiesExactly() {
        StoredMessage rich = richMessage("sensors/1");
        try (SqliteStore store = new SqliteStore(file(), false)) {
            store.load();
            applyAndWait(store, new Change.PutRetained(message("sensors/1", "old")),
                    new Change.PutRetained(rich), new Change.PutRetained(message("sensors/2", "two")),
                    new Change.PutRetained(message("gone", "x")), new Change.DeleteRetained("gone"));
        }

        Snapshot snapshot = reopen(file());

        assertThat(snapshot.retained()).usingRecursiveFieldByFieldElementComparator()
                .containsExactly(rich, message("sensors/2", "two"));
        Properties back = snapshot.retained().get(0).properties();
        assertThat(back).isEqualTo(rich.properties());
        assertThat(back.userProperties()).isEqualTo(rich.properties().userProperties());
        assertThat(back.binary(Property.CORRELATION_DATA)).containsExactly(0, 1, 0xFE, 0xFF, 0);
    }

    @Test
    void expiredRetainedMessagesAreDroppedAtLoad() {
        long now = 1_800_000_000_000L;
        StoredMessage expired = new StoredMessage("a", QoS.AT_MOST_ONCE, new byte[] {1}, Properties.EMPTY, now, null);
        StoredMessage later = new StoredMessage("b", QoS.AT_MOST_ONCE, new byte[] {2}, Properties.EMPTY, now + 1, null);
        try (SqliteStore store = new SqliteStore(file(), false)) {
            store.load();
            applyAndWait(store, new Change.PutRetained(expired), new Change.PutRetained(later));
        }

        try (SqliteStore store = new SqliteStore(file(), false, InstantSource.fixed(Instant.ofEpochMilli(now)))) {
            assertThat(store.load().retained()).usingRecursiveFieldByFieldElementComparator().containsExactly(later);
        }
        assertThat(count(file(), "retained")).isEqualTo(1);
    }

    @Test
    void sessionRoundTripsWithWillExpiryAndSubscriptionOptions() {
        StoredWill will = new StoredWill(richMessage("clients/c1/status"), true, 30);
        StoredSubscription plain = new StoredSubscription("a/+", 1, false, false, 0, 0);
        StoredSubscription options = new StoredSubscription("b/#", 2, true, true, 2, 268_435_455);
        try (SqliteStore store = new SqliteStore(file(), false)) {
            store.load();
            applyAndWait(store,
                    new Change.PutSession("c1", 3600, 0, null),
                    new Change.PutSession("c1", 7200, 1_700_000_000_123L, will),
                    new Change.PutSubscription("c1", plain),
                    new Change.PutSubscription("c1", new StoredSubscription("b/#", 0, false, false, 0, 0)),
                    new Change.PutSubscription("c1", options),
                    new Change.PutSubscription("c1", new StoredSubscription("gone", 0, false, false, 1, 5)),
                    new Change.DeleteSubscription("c1", "gone"),
                    new Change.PutSession("c2", -1, 0, null));
        }

        Snapshot snapshot = reopen(file());

        assertThat(snapshot.sessions()).hasSize(2);
        StoredSession c1 = snapshot.sessions().get(0);
        assertThat(c1.clientId()).isEqualTo("c1");
        assertThat(c1.expiryInterval()).isEqualTo(7200);
        assertThat(c1.disconnectedAtMillis()).isEqualTo(1_700_000_000_123L);
        assertThat(c1.will()).usingRecursiveComparison().isEqualTo(will);
        assertThat(c1.subscriptions()).containsExactlyInAnyOrder(plain, options);
        StoredSession c2 = snapshot.sessions().get(1);
        assertThat(c2).isEqualTo(new StoredSession("c2", -1, 0, null, List.of(), List.of(), Set.of()));
    }

    @Test
    void willWithoutPropertiesOrOriginRoundTrips() {
        StoredWill will = new StoredWill(new StoredMessage("w", QoS.AT_MOST_ONCE, new byte[0], Properties.EMPTY,
                0, null), false, 0);
        try (SqliteStore store = new SqliteStore(file(), false)) {
            store.load();
            applyAndWait(store, new Change.PutSession("c", 0, 0, will));
        }

        assertThat(reopen(file()).sessions().get(0).will()).usingRecursiveComparison().isEqualTo(will);
    }

    @Test
    void queueEntriesComeBackInMessageIdOrderWithTheirFlightState() {
        StoredMessage rich = richMessage("t/rich");
        try (SqliteStore store = new SqliteStore(file(), false)) {
            store.load();
            applyAndWait(store,
                    new Change.PutSession("c", 60, 0, null),
                    new Change.PutMessage(12, message("t/12", "twelve")),
                    new Change.Enqueue("c", 12, 1, false, List.of()),
                    new Change.PutMessage(3, rich),
                    new Change.Enqueue("c", 3, 2, true, List.of(7, 300_000)),
                    new Change.PutMessage(7, message("t/7", "seven")),
                    new Change.Enqueue("c", 7, 2, false, List.of(1)),
                    new Change.MarkSent("c", 3, 65535),
                    new Change.MarkSent("c", 7, 1),
                    new Change.MarkReleased("c", 7),
                    new Change.PutAwaitingRelease("c", 10),
                    new Change.PutAwaitingRelease("c", 11),
                    new Change.PutAwaitingRelease("c", 10),
                    new Change.PutAwaitingRelease("c", 12),
                    new Change.DeleteAwaitingRelease("c", 12));
        }

        Snapshot snapshot = reopen(file());

        StoredSession c = snapshot.sessions().get(0);
        assertThat(c.entries()).usingRecursiveFieldByFieldElementComparator().containsExactly(
                new StoredEntry(3, rich, 2, true, List.of(7, 300_000), 65535, false),
                new StoredEntry(7, message("t/7", "seven"), 2, false, List.of(1), 1, true),
                new StoredEntry(12, message("t/12", "twelve"), 1, false, List.of(), 0, false));
        assertThat(c.awaitingRelease()).containsExactlyInAnyOrder(10, 11);
        assertThat(snapshot.lastMessageId()).isEqualTo(12);
    }

    /** A message only one session queues is one row: its body comes back from the entry itself. */
    @Test
    void entryWithItsOwnBodyRoundTripsBesideSharedOnes() {
        StoredMessage rich = richMessage("t/rich");
        StoredMessage bare = new StoredMessage("t/bare", QoS.AT_MOST_ONCE, new byte[0], Properties.EMPTY, 0, null);
        try (SqliteStore store = new SqliteStore(file(), false)) {
            store.load();
            applyAndWait(store,
                    new Change.PutSession("a", 60, 0, null), new Change.PutSession("b", 60, 0, null),
                    new Change.EnqueueWithBody("a", 20, rich, 2, true, List.of(4, 5)),
                    new Change.PutMessage(21, message("t/shared", "both")),
                    new Change.Enqueue("a", 21, 1, false, List.of()),
                    new Change.Enqueue("b", 21, 1, false, List.of()),
                    new Change.EnqueueWithBody("a", 22, bare, 1, false, List.of()),
                    new Change.MarkSent("a", 20, 3)); // folded into the INSERT of 20
        }
        assertThat(count(file(), "messages")).isEqualTo(1);

        Snapshot snapshot = reopen(file());

        assertThat(snapshot.sessions().get(0).entries()).usingRecursiveFieldByFieldElementComparator().containsExactly(
                new StoredEntry(20, rich, 2, true, List.of(4, 5), 3, false),
                new StoredEntry(21, message("t/shared", "both"), 1, false, List.of(), 0, false),
                new StoredEntry(22, bare, 1, false, List.of(), 0, false));
        assertThat(snapshot.sessions().get(1).entries()).extracting(StoredEntry::messageId).containsExactly(21L);
        assertThat(snapshot.lastMessageId()).as("ids of entries with their own body count too").isEqualTo(22);
    }

    @Test
    void entryWithItsOwnBodyGoesWithItsDequeue() {
        try (SqliteStore store = new SqliteStore(file(), false)) {
            store.load();
            applyAndWait(store, new Change.PutSession("a", 60, 0, null),
                    new Change.EnqueueWithBody("a", 1, message("t", "m"), 1, false, List.of()));
            applyAndWait(store, new Change.Dequeue("a", 1));
            assertThat(count(file(), "queue")).isZero();
            assertThat(count(file(), "messages")).isZero();
        }
    }

    /** A database of schema 1 (every body in messages) is brought to schema 2 when opened, its queue intact. */
    @Test
    void schemaOneDatabaseIsBroughtUpToDateWithItsQueue() {
        StoreFixtures.execute(file(), SCHEMA_1);
        StoreFixtures.execute(file(),
                "INSERT INTO sessions (client_id, expiry_interval, disconnected_at) VALUES ('a', -1, 0)",
                "INSERT INTO messages VALUES (5, 't/old', 1, x'6F6C64', NULL, 0, 'p')",
                "INSERT INTO queue VALUES ('a', 5, 1, 0, NULL, 9, 0)");

        try (SqliteStore store = new SqliteStore(file(), false)) {
            Snapshot snapshot = store.load();
            assertThat(snapshot.sessions().get(0).entries()).usingRecursiveFieldByFieldElementComparator()
                    .containsExactly(new StoredEntry(5, new StoredMessage("t/old", QoS.AT_LEAST_ONCE,
                            "old".getBytes(StandardCharsets.UTF_8), Properties.EMPTY, 0, "p"), 1, false, List.of(), 9,
                            false));
            applyAndWait(store, new Change.EnqueueWithBody("a", 6, message("t/new", "new"), 1, false, List.of()),
                    new Change.Dequeue("a", 5));
        }

        assertThat(pragma("user_version")).isEqualTo("2");
        assertThat(count(file(), "messages")).as("the old body went with its last entry").isZero();
        assertThat(reopen(file()).sessions().get(0).entries()).extracting(StoredEntry::messageId)
                .containsExactly(6L);
    }

    /** Tombo's first schema, as a Tombo of schema 1 created it. */
    private static final String[] SCHEMA_1 = {
        "PRAGMA auto_vacuum = INCREMENTAL",
        "PRAGMA journal_mode = WAL",
        "CREATE TABLE messages (id INTEGER PRIMARY KEY, topic TEXT NOT NULL, qos INTEGER NOT NULL,"
                + " payload BLOB NOT NULL, properties BLOB, expires_at INTEGER NOT NULL, origin TEXT)",
        "CREATE TABLE retained (topic TEXT PRIMARY KEY, qos INTEGER NOT NULL, payload BLOB NOT NULL,"
                + " properties BLOB, expires_at INTEGER NOT NULL, origin TEXT) WITHOUT ROWID",
        "CREATE TABLE sessions (client_id TEXT PRIMARY KEY, expiry_interval INTEGER NOT NULL,"
                + " disconnected_at INTEGER NOT NULL, will_topic TEXT, will_qos INTEGER, will_payload BLOB,"
                + " will_properties BLOB, will_expires_at INTEGER, will_origin TEXT, will_retain INTEGER,"
                + " will_delay INTEGER) WITHOUT ROWID",
        "CREATE TABLE subscriptions (client_id TEXT NOT NULL, filter TEXT NOT NULL, qos INTEGER NOT NULL,"
                + " no_local INTEGER NOT NULL, rap INTEGER NOT NULL, rh INTEGER NOT NULL, sub_id INTEGER NOT NULL,"
                + " PRIMARY KEY (client_id, filter)) WITHOUT ROWID",
        "CREATE TABLE queue (client_id TEXT NOT NULL, message_id INTEGER NOT NULL, qos INTEGER NOT NULL,"
                + " retain_flag INTEGER NOT NULL, sub_ids TEXT, packet_id INTEGER NOT NULL, released INTEGER NOT NULL,"
                + " PRIMARY KEY (client_id, message_id)) WITHOUT ROWID",
        "CREATE INDEX queue_by_message ON queue (message_id)",
        "CREATE TABLE awaiting_release (client_id TEXT NOT NULL, packet_id INTEGER NOT NULL,"
                + " PRIMARY KEY (client_id, packet_id)) WITHOUT ROWID",
        "PRAGMA application_id = " + Schema.APPLICATION_ID,
        "PRAGMA user_version = 1"};

    @Test
    void messageSharedByTwoSessionsGoesWithItsLastQueueEntry() {
        try (SqliteStore store = new SqliteStore(file(), false)) {
            store.load();
            applyAndWait(store, new Change.PutSession("a", 60, 0, null), new Change.PutSession("b", 60, 0, null),
                    new Change.PutMessage(1, message("t", "shared")),
                    new Change.Enqueue("a", 1, 1, false, List.of()), new Change.Enqueue("b", 1, 1, false, List.of()));

            applyAndWait(store, new Change.Dequeue("a", 1));
            assertThat(count(file(), "messages")).isEqualTo(1);
            assertThat(count(file(), "queue")).isEqualTo(1);

            applyAndWait(store, new Change.Dequeue("b", 1));
            assertThat(count(file(), "messages")).isZero();
            assertThat(count(file(), "queue")).isZero();

            applyAndWait(store, new Change.Dequeue("b", 1)); // again: nothing left to remove, nothing fails
        }
    }

    @Test
    void deleteSessionRemovesEverythingItOwnsAndOnlyThat() {
        try (SqliteStore store = new SqliteStore(file(), false)) {
            store.load();
            applyAndWait(store,
                    new Change.PutSession("doomed", 60, 0, new StoredWill(message("will", "bye"), false, 0)),
                    new Change.PutSession("other", 60, 0, null),
                    new Change.PutSubscription("doomed", new StoredSubscription("x/#", 1, false, false, 0, 0)),
                    new Change.PutSubscription("other", new StoredSubscription("x/#", 1, false, false, 0, 0)),
                    new Change.PutMessage(1, message("x/1", "only doomed")),
                    new Change.PutMessage(2, message("x/2", "both")),
                    new Change.Enqueue("doomed", 1, 1, false, List.of()),
                    new Change.Enqueue("doomed", 2, 1, false, List.of()),
                    new Change.Enqueue("other", 2, 1, false, List.of()),
                    new Change.PutAwaitingRelease("doomed", 4),
                    new Change.PutAwaitingRelease("other", 4),
                    new Change.PutRetained(message("x/r", "retained stays")));

            applyAndWait(store, new Change.DeleteSession("doomed"));

            assertThat(count(file(), "sessions")).isEqualTo(1);
            assertThat(count(file(), "subscriptions")).isEqualTo(1);
            assertThat(count(file(), "queue")).isEqualTo(1);
            assertThat(count(file(), "messages")).isEqualTo(1);
            assertThat(count(file(), "awaiting_release")).isEqualTo(1);
            assertThat(count(file(), "retained")).isEqualTo(1);
        }

        Snapshot snapshot = reopen(file());
        assertThat(snapshot.sessions()).extracting(StoredSession::clientId).containsExactly("other");
        assertThat(snapshot.sessions().get(0).entries()).extracting(StoredEntry::messageId).containsExactly(2L);
    }

    @Test
    void rowsOfSessionsNeverStoredAreDroppedAtLoad() {
        try (SqliteStore store = new SqliteStore(file(), false)) {
            store.load();
            applyAndWait(store, new Change.PutMessage(5, message("t", "m")),
                    new Change.Enqueue("ghost", 5, 1, false, List.of()),
                    new Change.PutSubscription("ghost", new StoredSubscription("t", 1, false, false, 0, 0)),
                    new Change.PutAwaitingRelease("ghost", 1));
        }

        Snapshot snapshot = reopen(file());

        assertThat(snapshot.sessions()).isEmpty();
        assertThat(snapshot.lastMessageId()).isZero();
        for (String table : List.of("messages", "queue", "subscriptions", "awaiting_release")) {
            assertThat(count(file(), table)).as(table).isZero();
        }
    }

    @Test
    void batchAppliedAfterCloseIsDroppedWithoutItsCallback() {
        SqliteStore store = new SqliteStore(file(), false);
        store.load();
        store.close();
        store.close(); // idempotent
        boolean[] called = {false};

        store.apply(List.of(new Change.PutRetained(message("late", "x"))), () -> called[0] = true);

        assertThat(called[0]).isFalse();
        assertThat(reopen(file()).retained()).isEmpty();
    }

    @Test
    void batchWithoutCallbackIsCommitted() {
        try (SqliteStore store = new SqliteStore(file(), false)) {
            store.load();
            store.apply(List.of(new Change.PutRetained(message("no/callback", "x"))), null);
            applyAndWait(store);
        }
        assertThat(reopen(file()).retained()).hasSize(1);
    }
}
