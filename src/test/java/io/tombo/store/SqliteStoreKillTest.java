package io.tombo.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.tombo.codec.Properties;
import io.tombo.codec.QoS;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a committed batch survives with {@code synchronous=NORMAL}: a child JVM applies batches as fast as it can and
 * prints each message id from its afterCommit; the test SIGKILLs it mid-load, reopens the file, and finds every
 * message the child reported committed.
 */
class SqliteStoreKillTest {
    private static final int ACKNOWLEDGED_BEFORE_KILL = 20_000;

    @TempDir
    Path dir;

    @Test
    void everyAcknowledgedBatchSurvivesKillNine() throws IOException, InterruptedException {
        Path file = dir.resolve("tombo.db");
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), Child.class.getName(), file.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        long lastAcknowledged = 0;
        try (BufferedReader acks = new BufferedReader(
                new InputStreamReader(child.getInputStream(), StandardCharsets.US_ASCII))) {
            String line;
            while (lastAcknowledged < ACKNOWLEDGED_BEFORE_KILL && (line = acks.readLine()) != null) {
                lastAcknowledged = Long.parseLong(line);
            }
            child.destroyForcibly(); // SIGKILL: no close, no checkpoint
            assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(lastAcknowledged).as("acknowledgements read before the kill").isEqualTo(ACKNOWLEDGED_BEFORE_KILL);

        Snapshot snapshot = StoreFixtures.reopen(file);

        List<StoredEntry> entries = snapshot.sessions().get(0).entries();
        assertThat(entries.size()).isGreaterThanOrEqualTo(ACKNOWLEDGED_BEFORE_KILL);
        for (int i = 0; i < entries.size(); i++) {
            assertThat(entries.get(i).messageId()).isEqualTo(i + 1); // no gap: batches commit in order
        }
    }

    /**
     * The killed process: one session, then PutMessage + Enqueue batches until it dies, at most 10,000 waiting for
     * their commit, as a broker's publishers wait for their acknowledgements.
     */
    public static final class Child {
        public static void main(String[] args) throws InterruptedException {
            SqliteStore store = new SqliteStore(Path.of(args[0]), false);
            store.load();
            store.apply(List.of(new Change.PutSession("subscriber", -1, 0, null)), null);
            Semaphore inFlight = new Semaphore(10_000);
            byte[] payload = new byte[100];
            for (long id = 1; ; id++) {
                long acknowledged = id;
                StoredMessage m = new StoredMessage("kill/" + id, QoS.AT_LEAST_ONCE, payload, Properties.EMPTY, 0,
                        "publisher");
                inFlight.acquire();
                store.apply(List.of(new Change.PutMessage(id, m),
                        new Change.Enqueue("subscriber", id, 1, false, List.of())), () -> {
                            System.out.println(acknowledged);
                            inFlight.release();
                        });
            }
        }
    }
}
