package io.tombo.store;

import io.tombo.codec.QoS;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a whole {@link SqliteStore} database into a {@link Snapshot}: one pass over each table, joined in memory by
 * client id. Retained messages whose expiry passed are left out.
 */
final class SnapshotReader {
    private final Connection db;
    private final long nowMillis;

    SnapshotReader(Connection db, long nowMillis) {
        this.db = db;
        this.nowMillis = nowMillis;
    }

    Snapshot read() throws SQLException {
        try (Statement s = db.createStatement()) {
            List<StoredMessage> retained = retained(s);
            Map<String, List<StoredSubscription>> subscriptions = subscriptions(s);
            Map<String, List<StoredEntry>> entries = entries(s);
            Map<String, Set<Integer>> awaiting = awaitingRelease(s);
            List<StoredSession> sessions = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("SELECT client_id, expiry_interval, disconnected_at, will_topic,"
                    + " will_qos, will_payload, will_properties, will_expires_at, will_origin, will_retain,"
                    + " will_delay FROM sessions ORDER BY client_id")) {
                while (rs.next()) {
                    String clientId = rs.getString(1);
                    StoredWill will = rs.getString(4) == null ? null
                            : new StoredWill(message(rs, 4), rs.getInt(10) != 0, rs.getLong(11));
                    sessions.add(new StoredSession(clientId, rs.getLong(2), rs.getLong(3), will,
                            List.copyOf(subscriptions.getOrDefault(clientId, List.of())),
                            List.copyOf(entries.getOrDefault(clientId, List.of())),
                            Set.copyOf(awaiting.getOrDefault(clientId, Set.of()))));
                }
            }
            return new Snapshot(List.copyOf(retained), List.copyOf(sessions), lastMessageId(s));
        }
    }

    private List<StoredMessage> retained(Statement s) throws SQLException {
        List<StoredMessage> retained = new ArrayList<>();
        try (ResultSet rs = s.executeQuery(
                "SELECT topic, qos, payload, properties, expires_at, origin FROM retained ORDER BY topic")) {
            while (rs.next()) {
                StoredMessage m = message(rs, 1);
                if (m.expiresAtMillis() == 0 || m.expiresAtMillis() > nowMillis) {
                    retained.add(m);
                }
            }
        }
        return retained;
    }

    private static Map<String, List<StoredSubscription>> subscriptions(Statement s) throws SQLException {
        Map<String, List<StoredSubscription>> byClient = new HashMap<>();
        try (ResultSet rs = s.executeQuery(
                "SELECT client_id, filter, qos, no_local, rap, rh, sub_id FROM subscriptions")) {
            while (rs.next()) {
                byClient.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(new StoredSubscription(
                        rs.getString(2), rs.getInt(3), rs.getInt(4) != 0, rs.getInt(5) != 0, rs.getInt(6),
                        rs.getInt(7)));
            }
        }
        return byClient;
    }

    private static Map<String, List<StoredEntry>> entries(Statement s) throws SQLException {
        Map<String, List<StoredEntry>> byClient = new HashMap<>();
        // the body from the entry's own columns, or from messages when it shares one (null topic)
        try (ResultSet rs = s.executeQuery("SELECT q.client_id, q.message_id, q.qos, q.retain_flag, q.sub_ids,"
                + " q.packet_id, q.released, coalesce(q.topic, m.topic), coalesce(q.msg_qos, m.qos),"
                + " coalesce(q.payload, m.payload), iif(q.topic IS NULL, m.properties, q.properties),"
                + " coalesce(q.expires_at, m.expires_at), iif(q.topic IS NULL, m.origin, q.origin)"
                + " FROM queue q LEFT JOIN messages m ON m.id = q.message_id AND q.topic IS NULL"
                + " WHERE q.topic IS NOT NULL OR m.id IS NOT NULL ORDER BY q.client_id, q.message_id")) {
            while (rs.next()) {
                byClient.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(new StoredEntry(
                        rs.getLong(2), message(rs, 8), rs.getInt(3), rs.getInt(4) != 0,
                        subscriptionIds(rs.getString(5)), rs.getInt(6), rs.getInt(7) != 0));
            }
        }
        return byClient;
    }

    private static Map<String, Set<Integer>> awaitingRelease(Statement s) throws SQLException {
        Map<String, Set<Integer>> byClient = new HashMap<>();
        try (ResultSet rs = s.executeQuery("SELECT client_id, packet_id FROM awaiting_release")) {
            while (rs.next()) {
                byClient.computeIfAbsent(rs.getString(1), k -> new LinkedHashSet<>()).add(rs.getInt(2));
            }
        }
        return byClient;
    }

    private static long lastMessageId(Statement s) throws SQLException {
        // entries with their body in the queue have ids that messages never saw
        try (ResultSet rs = s.executeQuery("SELECT max((SELECT coalesce(max(id), 0) FROM messages),"
                + " (SELECT coalesce(max(message_id), 0) FROM queue))")) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    /** A message from six columns in the order topic, qos, payload, properties, expires_at, origin. */
    private static StoredMessage message(ResultSet rs, int first) throws SQLException {
        byte[] payload = rs.getBytes(first + 2);
        return new StoredMessage(rs.getString(first), QoS.of(rs.getInt(first + 1)),
                payload == null ? new byte[0] : payload, PropertiesBlob.decode(rs.getBytes(first + 3)),
                rs.getLong(first + 4), rs.getString(first + 5));
    }

    static List<Integer> subscriptionIds(String column) {
        if (column == null || column.isEmpty()) {
            return List.of();
        }
        List<Integer> ids = new ArrayList<>();
        for (String id : column.split(",")) {
            ids.add(Integer.parseInt(id));
        }
        return List.copyOf(ids);
    }
}
