package io.tombo.store;

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
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Messages, a blocking apply and a second connection for looking at the file, shared by the store tests. */
final class StoreFixtures {
    static final long TIMEOUT_SECONDS = 10;

    private StoreFixtures() {
    }

    static StoredMessage message(String topic, String payload) {
        return new StoredMessage(topic, QoS.AT_LEAST_ONCE, payload.getBytes(StandardCharsets.UTF_8),
                Properties.EMPTY, 0, "publisher");
    }

    /** A 5.0 message with every PUBLISH property a client can send, user properties out of name order. */
    static StoredMessage richMessage(String topic) {
        Properties properties = Properties.builder()
                .put(Property.PAYLOAD_FORMAT_INDICATOR, 1)
                .put(Property.MESSAGE_EXPIRY_INTERVAL, 3600L)
                .put(Property.CONTENT_TYPE, "application/json")
                .put(Property.RESPONSE_TOPIC, "reply/to/me")
                .put(Property.CORRELATION_DATA, new byte[] {0, 1, (byte) 0xFE, (byte) 0xFF, 0})
                .userProperty("z", "last").userProperty("a", "first").userProperty("z", "again")
                .build();
        return new StoredMessage(topic, QoS.EXACTLY_ONCE, new byte[] {0, 0x7F, (byte) 0x80, (byte) 0xFF},
                properties, 1_900_000_000_000L, "origin-client");
    }

    /** Applies one batch and waits until its afterCommit has run. */
    static void applyAndWait(Store store, Change... changes) {
        CountDownLatch committed = new CountDownLatch(1);
        store.apply(List.of(changes), committed::countDown);
        await(committed);
    }

    /**
     * Holds the store thread in a callback until the returned latch is counted down, so that what is submitted
     * meanwhile waits and gathers into one group; returns once the thread is held.
     */
    static CountDownLatch holdStoreThread(Store store) {
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch gate = new CountDownLatch(1);
        store.apply(List.of(), () -> {
            held.countDown();
            await(gate);
        });
        await(held);
        return gate;
    }

    static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(TIMEOUT_SECONDS, TimeUnit.SECONDS)).as("committed in time").isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    static Snapshot reopen(Path file) {
        try (SqliteStore store = new SqliteStore(file, false)) {
            return store.load();
        }
    }

    /** Rows in {@code table} as a second connection sees them: only what was committed. */
    static long count(Path file, String table) {
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement s = db.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }

    /** Runs SQL on the file with a plain connection, as another program would. */
    static void execute(Path file, String... sql) {
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement s = db.createStatement()) {
            for (String statement : sql) {
                s.execute(statement);
            }
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }
}
