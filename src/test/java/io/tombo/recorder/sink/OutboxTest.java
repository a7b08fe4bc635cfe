package io.tombo.recorder.sink;

import io.tombo.recorder.Reading;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OutboxTest {
    @TempDir
    Path dir;

    @Test
    void readingsComeBackInOrderWithTheirTypes() throws IOException {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("d", 26.7);
        fields.put("l", 42L);
        fields.put("b", true);
        fields.put("s", "x".repeat(70_000) + "é\"");
        var odd = new Reading("r", "a/b", Instant.parse("2026-01-02T03:04:05.123456789Z"), fields, "k0");
        try (Outbox outbox = Outbox.open(dir.resolve("o.db"), 100)) {
            outbox.append(List.of(odd));
            outbox.append(Readings.bme("r", 1, 3));
            List<Outbox.Entry> entries = outbox.oldest(10);
            assertThat(entries).extracting(Outbox.Entry::reading).containsExactly(odd, Readings.bme("r", 1),
                    Readings.bme("r", 2));
            assertThat(entries.getFirst().reading().fields().get("l")).isInstanceOf(Long.class);
        }
    }

    @Test
    void aKeyAlreadyBufferedIsNotBufferedTwice() throws IOException {
        try (Outbox outbox = Outbox.open(dir.resolve("o.db"), 100)) {
            outbox.append(Readings.bme("r", 0, 5));
            outbox.append(Readings.bme("r", 3, 7));
            assertThat(outbox.size()).isEqualTo(7);
            assertThat(outbox.oldest(100)).hasSize(7);
        }
    }

    @Test
    void aFullBufferRefusesTheWholeBatch() throws IOException {
        try (Outbox outbox = Outbox.open(dir.resolve("o.db"), 10)) {
            outbox.append(Readings.bme("r", 0, 8));
            assertThatThrownBy(() -> outbox.append(Readings.bme("r", 8, 11)))
                    .isInstanceOf(Outbox.Full.class).hasMessage("buffer full: 8 readings waiting, limit 10");
            assertThat(outbox.size()).isEqualTo(8);
            outbox.append(Readings.bme("r", 8, 10));
            assertThat(outbox.size()).isEqualTo(10);
        }
    }

    @Test
    void removeTakesTheBatchAndKeepsRejectionsAsDeadLetters() throws IOException {
        try (Outbox outbox = Outbox.open(dir.resolve("o.db"), 100)) {
            outbox.append(Readings.bme("r", 0, 5));
            List<Outbox.Entry> batch = outbox.oldest(3);
            outbox.append(Readings.bme("r", 5, 6));
            outbox.remove(batch.getLast().id(), List.of(new Remote.Rejection(batch.get(1).reading(), "bad")),
                    Instant.EPOCH);
            assertThat(outbox.size()).isEqualTo(3);
            assertThat(outbox.deadLetters()).isEqualTo(1);
            assertThat(outbox.oldest(10)).extracting(e -> e.reading().key()).containsExactly("r-3", "r-4", "r-5");
        }
    }

    @Test
    void whatWasBufferedSurvivesReopening() throws IOException {
        Path file = dir.resolve("sub/o.db");
        try (Outbox outbox = Outbox.open(file, 100)) {
            outbox.append(Readings.bme("r", 0, 4));
        }
        try (Outbox outbox = Outbox.open(file, 100)) {
            assertThat(outbox.size()).isEqualTo(4);
            assertThat(outbox.oldest(10)).extracting(Outbox.Entry::reading).isEqualTo(Readings.bme("r", 0, 4));
        }
    }
}
