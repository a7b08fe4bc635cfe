package io.tombo.recorder;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;

/**
 * The key of a reading: the same message read again (a redelivery after a lost acknowledgement) gets the same key,
 * so sinks store it once. It hashes the rule, topic and payload, and the arrival time when the time is not in the
 * payload: two identical payloads without a time are two readings, told apart only by when they arrived, so a
 * redelivery of such a message is a new reading (docs/recorder.md, "exactly once").
 */
final class ReadingKey {
    private static final HexFormat HEX = HexFormat.of();

    private ReadingKey() {
    }

    static String of(String rule, String topic, byte[] payload, Instant arrival) {
        MessageDigest sha = sha256();
        sha.update(rule.getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0);
        sha.update(topic.getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0);
        sha.update(payload);
        if (arrival != null) {
            sha.update((byte) 0);
            sha.update(Long.toString(arrival.toEpochMilli()).getBytes(StandardCharsets.US_ASCII));
        }
        byte[] digest = sha.digest();
        return HEX.formatHex(digest, 0, 16);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
