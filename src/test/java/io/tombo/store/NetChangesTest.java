package io.tombo.store;

import static io.tombo.store.StoreFixtures.message;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a commit group leaves out: only changes that later changes of the same group undo. */
class NetChangesTest {
    private static final StoredMessage M = message("t", "m");

    private static List<Change> net(List<List<Change>> group) {
        return NetChanges.of(group);
    }

    private static Change.EnqueueWithBody withBody(String client, long id) {
        return new Change.EnqueueWithBody(client, id, M, 1, false, List.of());
    }

    private static Change.Enqueue enqueue(String client, long id) {
        return new Change.Enqueue(client, id, 1, false, List.of());
    }

    @Test
    void messageStoredSentAndAcknowledgedInOneGroupWritesNothing() {
        List<Change> net = net(List.of(
                List.of(withBody("sub", 1)),
                List.of(new Change.Dequeue("sub", 1))));

        assertThat(net).isEmpty();
    }

    /** What lets the store acknowledge such a message before the commit: nothing of its batch is written. */
    @Test
    void batchesTellWhetherAnythingOfThemIsWritten() {
        NetChanges net = new NetChanges();
        for (List<Change> batch : List.<List<Change>>of(
                List.of(withBody("a", 1)),
                List.of(withBody("a", 2)),
                List.of(new Change.MarkSent("a", 2, 4)),
                List.of(new Change.Dequeue("a", 1)),
                List.of())) {
            net.add(batch, null);
        }

        assertThat(net.writes(0)).as("stored and acknowledged").isFalse();
        assertThat(net.writes(1)).isTrue();
        assertThat(net.writes(2)).as("folded into the INSERT of batch 1: written with it").isTrue();
        assertThat(net.writes(3)).isFalse();
        assertThat(net.writes(4)).isFalse();
    }

    @Test
    void groupWithoutDequeueOrMarkIsWrittenAsSubmitted() {
        List<Change> submitted = List.of(new Change.PutSession("a", 60, 0, null), withBody("a", 1),
                enqueue("a", 2), new Change.MarkReleased("a", 2));

        assertThat(net(List.of(submitted))).containsExactlyElementsOf(submitted);
    }

    /** Sent before its group was written: one INSERT with the packet identifier instead of an INSERT and an UPDATE. */
    @Test
    void markSentOfAnEntryWithItsBodyIsFoldedIntoItsInsert() {
        List<Change> net = net(List.of(
                List.of(withBody("a", 1)),
                List.of(new Change.MarkSent("a", 1, 7)),
                List.of(new Change.MarkReleased("a", 1)),
                List.of(new Change.MarkSent("a", 2, 8))));

        assertThat(net).containsExactly(withBody("a", 1).sentAs(7), new Change.MarkReleased("a", 1),
                new Change.MarkSent("a", 2, 8));
    }

    /** A shared entry's row is written by its Enqueue; its mark stays an UPDATE. */
    @Test
    void markSentOfASharedEntryStays() {
        List<Change> submitted = List.of(new Change.PutMessage(1, M), enqueue("a", 1), new Change.MarkSent("a", 1, 3));

        assertThat(net(List.of(submitted))).containsExactlyElementsOf(submitted);
    }

    /** QoS 2 states of an entry whose Dequeue is in the same group go with it; the other entries are untouched. */
    @Test
    void qos2StatesBeforeTheDequeueAreLeftOutWithTheEntry() {
        List<Change> net = net(List.of(
                List.of(withBody("a", 1), withBody("a", 2)),
                List.of(new Change.MarkSent("a", 1, 1)),
                List.of(new Change.MarkSent("a", 2, 2)),
                List.of(new Change.MarkReleased("a", 1)),
                List.of(new Change.Dequeue("a", 1))));

        assertThat(net).containsExactly(withBody("a", 2).sentAs(2));
    }

    /** The entry was written by an earlier commit: its row must go, but the marks that precede the Dequeue need not. */
    @Test
    void dequeueOfAnEntryWrittenEarlierStaysWithoutTheMarksBeforeIt() {
        List<Change> net = net(List.of(
                List.of(new Change.MarkSent("a", 1, 5)),
                List.of(new Change.MarkReleased("a", 1)),
                List.of(new Change.Dequeue("a", 1))));

        assertThat(net).containsExactly(new Change.Dequeue("a", 1));
    }

    @Test
    void sharedMessageStaysWhileAnyOfItsEntriesDoes() {
        Change put = new Change.PutMessage(1, M);
        List<Change> oneLeft = net(List.of(
                List.of(put, enqueue("a", 1), enqueue("b", 1)),
                List.of(new Change.Dequeue("a", 1))));
        List<Change> noneLeft = net(List.of(
                List.of(put, enqueue("a", 1), enqueue("b", 1)),
                List.of(new Change.Dequeue("b", 1)),
                List.of(new Change.Dequeue("a", 1))));

        assertThat(oneLeft).containsExactly(put, enqueue("b", 1));
        assertThat(noneLeft).isEmpty();
    }

    /** A PutMessage whose entries were written by an earlier commit is not the group's to drop. */
    @Test
    void putMessageWithoutEnqueueInTheGroupStays() {
        Change put = new Change.PutMessage(1, M);

        assertThat(net(List.of(List.of(put), List.of(new Change.Dequeue("a", 1)))))
                .containsExactly(put, new Change.Dequeue("a", 1));
    }

    /** A Dequeue cancels only an Enqueue before it: an entry queued again after its Dequeue is written. */
    @Test
    void enqueueAfterTheDequeueIsKept() {
        List<Change> net = net(List.of(
                List.of(new Change.Dequeue("a", 1)),
                List.of(withBody("a", 1))));

        assertThat(net).containsExactly(new Change.Dequeue("a", 1), withBody("a", 1));
    }

    @Test
    void entriesAreToldApartByClientAndMessage() {
        List<Change> net = net(List.of(
                List.of(withBody("a", 1), withBody("b", 1), withBody("a", 2)),
                List.of(new Change.Dequeue("b", 1))));

        assertThat(net).containsExactly(withBody("a", 1), withBody("a", 2));
    }

    @Test
    void otherChangesKeepTheirOrderAroundCancelledOnes() {
        Change session = new Change.PutSession("a", 60, 0, null);
        Change retained = new Change.PutRetained(M);
        Change awaiting = new Change.PutAwaitingRelease("a", 9);
        List<Change> net = net(List.of(
                List.of(session, withBody("a", 1), retained),
                List.of(new Change.Dequeue("a", 1), awaiting)));

        assertThat(net).containsExactly(session, retained, awaiting);
    }

    /** Batches leave oldest first for a commit; a change undone by one that has not left yet is not written. */
    @Test
    void changeTakenForACommitIsUndoneByALaterChangeNotTakenYet() {
        NetChanges net = new NetChanges();
        net.add(List.of(withBody("a", 1)), null);
        net.add(List.of(withBody("a", 2)), null);
        net.add(List.of(new Change.Dequeue("a", 1)), null);

        assertThat(net.take(2)).containsExactly(withBody("a", 2));
        assertThat(net.take(3)).as("the Dequeue went with the entry it cancelled").isEmpty();
    }

    /** Once taken, an entry is written: its Dequeue must be written too. */
    @Test
    void dequeueOfAnEntryAlreadyTakenIsWritten() {
        NetChanges net = new NetChanges();
        net.add(List.of(withBody("a", 1)), null);
        assertThat(net.take(1)).containsExactly(withBody("a", 1));

        net.add(List.of(new Change.MarkSent("a", 1, 3)), null);
        net.add(List.of(new Change.Dequeue("a", 1)), null);

        assertThat(net.take(3)).containsExactly(new Change.Dequeue("a", 1));
    }

    /** A MarkSent folded into an INSERT that left before it keeps its batch written: it waits for that commit. */
    @Test
    void markFoldedIntoAnInsertTakenBeforeItIsWrittenWithThatInsert() {
        NetChanges net = new NetChanges();
        net.add(List.of(withBody("a", 1)), null);
        long mark = net.add(List.of(new Change.MarkSent("a", 1, 7)), null);

        assertThat(net.take(1)).containsExactly(withBody("a", 1).sentAs(7));
        assertThat(net.writes(mark)).isTrue();
        assertThat(net.take(2)).isEmpty();
    }

    /** What the store thread answers before a commit: tagged batches (those with a callback), once each. */
    @Test
    void undoneTaggedBatchesAreReportedOnceInTheOrderTheyWereUndone() {
        NetChanges net = new NetChanges();
        net.add(List.of(withBody("a", 1)), "first");
        net.add(List.of(withBody("a", 2)), "second");
        net.add(List.of(new Change.Dequeue("a", 2)), null);
        net.add(new Change.Dequeue("a", 1));
        List<Object> undone = new ArrayList<>();

        net.drainUndone(b -> undone.add(net.tag(b)));
        net.drainUndone(b -> undone.add(net.tag(b)));

        assertThat(undone).containsExactly("second", "first");
    }

    /** Far more changes than the rings first hold, taken in slices while later ones arrive. */
    @Test
    void longRunOfMessagesAcknowledgedThreeBatchesLaterWritesNothing() {
        NetChanges net = new NetChanges();
        List<Change> written = new ArrayList<>();
        int messages = 20_000;
        for (int id = 1; id <= messages + 3; id++) {
            if (id <= messages) {
                net.add(List.of(withBody("a", id)), null);
                net.add(List.of(new Change.MarkSent("a", id, id % 65_535 + 1)), null);
            }
            if (id > 3) {
                net.add(List.of(new Change.Dequeue("a", id - 3)), null);
            }
            if (id % 500 == 0) { // what arrived up to six batches ago leaves
                written.addAll(net.take(Math.max(net.firstBatch(), net.nextBatch() - 6)));
            }
        }
        written.addAll(net.take(net.nextBatch()));

        assertThat(written).allSatisfy(c -> assertThat(c).isInstanceOfAny(Change.EnqueueWithBody.class,
                Change.Dequeue.class));
        assertThat(written.stream().filter(c -> c instanceof Change.EnqueueWithBody).count())
                .as("entries written: those taken before their Dequeue came")
                .isEqualTo(written.stream().filter(c -> c instanceof Change.Dequeue).count())
                .isLessThan(messages / 100);
    }
}
