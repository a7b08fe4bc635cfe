package io.tombo.store;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What one commit group leaves to write once the changes that a later change of the same group undoes are left out.
 * With a connected subscriber most messages are queued, sent and acknowledged before the group that stores them is
 * written: the publisher's EnqueueWithBody (or PutMessage and Enqueue), the subscriber's MarkSent and Dequeue all
 * wait in one group, and none of them needs a statement. The group still commits as a whole, so its outcome is the
 * same on disk. The publisher's PUBACK depends on no write then: the message's fate (delivered and acknowledged) is
 * settled, and {@link CommitLoop} may send it before the group's commit.
 *
 * <p>The rules, for each queue entry (client id, message id):
 * <ul>
 *   <li>a Dequeue makes every earlier MarkSent and MarkReleased of the entry in the group unnecessary: the row goes;
 *   <li>a Dequeue with an Enqueue (or EnqueueWithBody) of the entry earlier in the group cancels both: the row
 *       never needs to exist;
 *   <li>a PutMessage goes when the group also holds Enqueues of the message and every one of them was cancelled;
 *   <li>the first MarkSent of an EnqueueWithBody in the group is folded into it: one INSERT instead of an INSERT
 *       and an UPDATE.
 * </ul>
 * Leaving a change out can only keep more on disk than writing every change in order would (a row that existed
 * before an Enqueue that replaced it stays), never less: nothing acknowledged can be lost by it.
 *
 * <p>Used by the store thread only.
 */
final class NetChanges {
    private record Entry(String clientId, long messageId) {
    }

    private final List<Change> changes;
    /** Per batch of the group: whether something of it is written (itself, or folded into an earlier change). */
    private final boolean[] writes;

    private NetChanges(List<Change> changes, boolean[] writes) {
        this.changes = changes;
        this.writes = writes;
    }

    /** The changes of {@code group}, a list of batches in submission order, without those the group undoes. */
    static NetChanges of(List<List<Change>> group) {
        List<Change> all = new ArrayList<>(group.size() + 16);
        int[] batchOf = new int[group.size() + 16];
        boolean foldable = false;
        for (int b = 0; b < group.size(); b++) {
            for (Change c : group.get(b)) {
                if (all.size() == batchOf.length) {
                    batchOf = Arrays.copyOf(batchOf, batchOf.length * 2);
                }
                batchOf[all.size()] = b;
                all.add(c);
                foldable |= c instanceof Change.Dequeue || c instanceof Change.MarkSent;
            }
        }
        boolean[] writes = new boolean[group.size()];
        if (!foldable) { // nothing in the group can be undone or folded
            for (int b = 0; b < group.size(); b++) {
                writes[b] = !group.get(b).isEmpty();
            }
            return new NetChanges(all, writes);
        }
        boolean[] folded = new boolean[all.size()];
        boolean[] dropped = leftOut(all, folded);
        List<Change> net = new ArrayList<>(all.size());
        for (int i = 0; i < all.size(); i++) {
            if (!dropped[i]) {
                net.add(all.get(i));
            }
            writes[batchOf[i]] |= !dropped[i] || folded[i];
        }
        return new NetChanges(net, writes);
    }

    /** What is left to write, in order. */
    List<Change> changes() {
        return changes;
    }

    /**
     * Whether batch {@code i} of the group has anything written: if not, its outcome does not depend on the commit
     * (its changes were undone within the group, or it had none).
     */
    boolean writes(int i) {
        return writes[i];
    }

    private static boolean[] leftOut(List<Change> all, boolean[] folded) {
        boolean[] dropped = new boolean[all.size()];
        // an EnqueueWithBody's MarkSent in the same group: the INSERT carries the packet identifier
        Map<Entry, Integer> withBody = new HashMap<>();
        Map<Entry, Integer> enqueued = new HashMap<>();
        Map<Entry, List<Integer>> marks = new HashMap<>();
        // per message id: its Enqueues in the group, and how many of them were cancelled
        Map<Long, int[]> enqueues = new HashMap<>();
        for (int i = 0; i < all.size(); i++) {
            switch (all.get(i)) {
                case Change.Enqueue c -> {
                    enqueued.put(new Entry(c.clientId(), c.messageId()), i);
                    enqueues.computeIfAbsent(c.messageId(), k -> new int[2])[0]++;
                }
                case Change.EnqueueWithBody c -> {
                    Entry key = new Entry(c.clientId(), c.messageId());
                    enqueued.put(key, i);
                    withBody.put(key, i);
                }
                case Change.MarkSent c -> {
                    Entry key = new Entry(c.clientId(), c.messageId());
                    Integer enqueue = withBody.remove(key);
                    if (enqueue != null && all.get(enqueue) instanceof Change.EnqueueWithBody e) {
                        all.set(enqueue, e.sentAs(c.packetId()));
                        dropped[i] = true;
                        folded[i] = true;
                    } else {
                        marks.computeIfAbsent(key, k -> new ArrayList<>(2)).add(i);
                    }
                }
                case Change.MarkReleased c -> {
                    Entry key = new Entry(c.clientId(), c.messageId());
                    withBody.remove(key); // the row exists from here on: later marks update it in order
                    marks.computeIfAbsent(key, k -> new ArrayList<>(2)).add(i);
                }
                case Change.Dequeue c -> {
                    Entry key = new Entry(c.clientId(), c.messageId());
                    withBody.remove(key);
                    List<Integer> marked = marks.remove(key);
                    if (marked != null) {
                        marked.forEach(m -> dropped[m] = true);
                    }
                    Integer enqueue = enqueued.remove(key);
                    if (enqueue != null) {
                        dropped[enqueue] = true;
                        dropped[i] = true;
                        if (all.get(enqueue) instanceof Change.Enqueue) {
                            enqueues.get(c.messageId())[1]++;
                        }
                    }
                }
                default -> { }
            }
        }
        for (int i = 0; i < all.size(); i++) {
            if (all.get(i) instanceof Change.PutMessage c) {
                int[] counts = enqueues.get(c.messageId());
                dropped[i] = counts != null && counts[0] == counts[1];
            }
        }
        return dropped;
    }
}
