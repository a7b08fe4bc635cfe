package io.tombo.recorder.sink;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class OutboxSinkTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    private OutboxSink start(FakeRemote remote, long limit) throws IOException {
        Outbox outbox = Outbox.open(dir.resolve("sink-test.db"), limit);
        return OutboxSink.start("test", outbox, remote, new Backoff(Duration.ofMillis(10), Duration.ofMillis(40)),
                InstantSource.system());
    }

    private static String[] keys(int from, int to) {
        return IntStream.range(from, to).mapToObj(i -> "r-" + i).toArray(String[]::new);
    }

    @Test
    void acceptedReadingsReachTheRemoteInOrder() throws IOException {
        var remote = new FakeRemote(7);
        try (OutboxSink sink = start(remote, 1000)) {
            for (int i = 0; i < 100; i += 10) {
                sink.accept(Readings.bme("r", i, i + 10));
            }
            await().atMost(WAIT).until(() -> remote.received.size() == 100);
            assertThat(remote.received).containsExactly(keys(0, 100));
            await().atMost(WAIT).until(() -> sink.counters().buffered() == 0);
            assertThat(sink.counters()).isEqualTo(new SinkCounters(0, 100, 0, 0, 0, false));
        }
        assertThat(remote.closed).isTrue();
    }

    @Test
    void anOutageIsBufferedAndRetriedUntilEveryReadingArrivesOnce() throws IOException {
        var remote = new FakeRemote(5);
        try (OutboxSink sink = start(remote, 1000)) {
            sink.accept(Readings.bme("r", 0, 10));
            await().atMost(WAIT).until(() -> remote.received.size() == 10);
            remote.down = true;
            sink.accept(Readings.bme("r", 10, 30));
            await().atMost(WAIT).until(() -> remote.attempts >= 5 && sink.counters().down());
            sink.accept(Readings.bme("r", 30, 40));
            assertThat(sink.counters().buffered()).isEqualTo(30);
            remote.down = false;
            await().atMost(WAIT).until(() -> remote.received.size() == 40);
            assertThat(remote.received).containsExactly(keys(0, 40));
            SinkCounters counters = sink.counters();
            assertThat(counters.down()).isFalse();
            assertThat(counters.failures()).isGreaterThanOrEqualTo(4);
            assertThat(counters.sent()).isEqualTo(40);
        }
    }

    @Test
    void aFullBufferRefusesAndCounts() throws IOException {
        var remote = new FakeRemote(5);
        remote.down = true;
        try (OutboxSink sink = start(remote, 20)) {
            sink.accept(Readings.bme("r", 0, 20));
            assertThatThrownBy(() -> sink.accept(Readings.bme("r", 20, 21)))
                    .isInstanceOf(IOException.class).hasMessageContaining("buffer full");
            assertThat(sink.counters().refused()).isEqualTo(1);
            remote.down = false;
            await().atMost(WAIT).until(() -> sink.counters().buffered() == 0);
            sink.accept(Readings.bme("r", 20, 21));
            await().atMost(WAIT).until(() -> remote.received.size() == 21);
        }
    }

    @Test
    void readingsTheRemoteRefusesBecomeDeadLetters() throws IOException {
        var remote = new FakeRemote(10);
        remote.poison.add("r-3");
        try (OutboxSink sink = start(remote, 1000)) {
            sink.accept(Readings.bme("r", 0, 6));
            await().atMost(WAIT).until(() -> sink.counters().buffered() == 0);
            assertThat(remote.received).containsExactly("r-0", "r-1", "r-2", "r-4", "r-5");
            assertThat(sink.counters().deadLettered()).isEqualTo(1);
            assertThat(sink.counters().sent()).isEqualTo(5);
        }
        try (Outbox outbox = Outbox.open(dir.resolve("sink-test.db"), 1000)) {
            assertThat(outbox.deadLetters()).isEqualTo(1);
        }
    }

    @Test
    void whatWasBufferedAtCloseIsDeliveredAfterARestart() throws IOException {
        var remote = new FakeRemote(5);
        remote.down = true;
        try (OutboxSink sink = start(remote, 1000)) {
            sink.accept(Readings.bme("r", 0, 12));
            await().atMost(WAIT).until(() -> remote.attempts >= 1);
        }
        var restarted = new FakeRemote(5);
        try (OutboxSink sink = start(restarted, 1000)) {
            await().atMost(WAIT).until(() -> restarted.received.size() == 12);
            assertThat(restarted.received).containsExactly(keys(0, 12));
            assertThat(sink.counters().buffered()).isZero();
        }
    }

    @Test
    void aClosedSinkRefuses() throws IOException {
        OutboxSink sink = start(new FakeRemote(5), 10);
        sink.close();
        assertThatThrownBy(() -> sink.accept(Readings.bme("r", 0, 1))).hasMessage("sink test is closed");
    }
}
