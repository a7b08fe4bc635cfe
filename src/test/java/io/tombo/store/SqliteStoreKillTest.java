package io.tombo.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.tombo.codec.Properties;
import io.tombo.codec.QoS;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
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
        Process child = start(file, "plain");
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
     * A message stored and deleted within one commit group is never written (NetChanges); one stored in one commit and
     * deleted in a later one is written and deleted. Killed at any point between, every entry acknowledged as stored
     * and not deleted is there after a restart, and none whose deletion was acknowledged comes back.
     */
    @Test
    void entriesSurviveKillNineWhileOthersAreStoredAndDeletedAroundThem() throws IOException, InterruptedException {
        Path file = dir.resolve("tombo.db");
        Process child = start(file, "cycle");
        long lastStored = 0;
        Set<Long> deleted = new HashSet<>();
        try (BufferedReader acks = new BufferedReader(
                new InputStreamReader(child.getInputStream(), StandardCharsets.US_ASCII))) {
            String line;
            while (lastStored < ACKNOWLEDGED_BEFORE_KILL && (line = acks.readLine()) != null) {
                if (line.startsWith("-")) {
                    deleted.add(Long.parseLong(line.substring(1)));
                } else {
                    lastStored = Long.parseLong(line);
                }
            }
            child.destroyForcibly();
            assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(lastStored).isEqualTo(ACKNOWLEDGED_BEFORE_KILL);

        List<Long> ids = StoreFixtures.reopen(file).sessions().get(0).entries().stream()
                .map(StoredEntry::messageId).toList();

        assertThat(ids).isSorted().doesNotContainAnyElementsOf(deleted);
        for (long id = 2; id <= lastStored; id += 2) {
            assertThat(ids).as("kept message %d", id).contains(id);
        }
    }

    private Process start(Path file, String mode) throws IOException {
        return new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), Child.class.getName(), file.toString(), mode)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
    }

    /**
     * The killed process: one session, then PutMessage + Enqueue batches until it dies, at most 10,000 waiting for
     * their commit, as a broker's publishers wait for their acknowledgements. In mode {@code cycle}: each message
     * with its body in the entry, and every odd one deleted again in the next batch, as a subscriber's PUBACK would;
     * a deletion's acknowledgement is printed as {@code -id}.
     */
    public static final class Child {
        public static void main(String[] args) throws InterruptedException {
            SqliteStore store = new SqliteStore(Path.of(args[0]), false);
            boolean cycle = args.length > 1 && args[1].equals("cycle");
            store.load();
            store.apply(List.of(new Change.PutSession("subscriber", -1, 0, null)), null);
            Semaphore inFlight = new Semaphore(10_000);
            byte[] payload = new byte[100];
            for (long id = 1; ; id++) {
                long acknowledged = id;
                StoredMessage m = new StoredMessage("kill/" + id, QoS.AT_LEAST_ONCE, payload, Properties.EMPTY, 0,
                        "publisher");
                inFlight.acquire();
                if (!cycle) {
                    store.apply(List.of(new Change.PutMessage(id, m),
                            new Change.Enqueue("subscriber", id, 1, false, List.of())), () -> {
                                System.out.println(acknowledged);
                                inFlight.release();
                            });
                    continue;
                }
                store.apply(List.of(new Change.EnqueueWithBody("subscriber", id, m, 1, false, List.of())), () -> {
                    System.out.println(acknowledged);
                    inFlight.release();
                });
                if (id % 2 == 1) {
                    store.apply(List.of(new Change.Dequeue("subscriber", id)),
                            () -> System.out.println("-" + acknowledged));
                }
            }
        }
    }
}
