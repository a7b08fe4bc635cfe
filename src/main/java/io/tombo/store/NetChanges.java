package io.tombo.store;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What one commit group leaves to write once the changes that a later change of the same group undoes are left out.
 * With a connected subscriber most messages are queued, sent and acknowledged before the group that stores them is
 * written: the publisher's EnqueueWithBody (or PutMessage and Enqueue), the subscriber's MarkSent and Dequeue all
 * wait in one group, and none of them needs a statement. The group still commits as a whole, so its outcome is the same on disk; the
 * publisher's PUBACK then follows a commit that made the message's fate durable (delivered and acknowledged).
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

    private NetChanges() {
    }

    /** The changes of {@code group}, in order, without those the group itself undoes. */
    static List<Change> of(List<List<Change>> group) {
        List<Change> all = new ArrayList<>();
        boolean foldable = false;
        for (List<Change> batch : group) {
            for (Change c : batch) {
                all.add(c);
                foldable |= c instanceof Change.Dequeue || c instanceof Change.MarkSent;
            }
        }
        if (!foldable) {
            return all; // nothing in the group can be undone or folded
        }
        boolean[] dropped = leftOut(all);
        List<Change> net = new ArrayList<>(all.size());
        for (int i = 0; i < all.size(); i++) {
            if (!dropped[i]) {
                net.add(all.get(i));
            }
        }
        return net;
    }

    private static boolean[] leftOut(List<Change> all) {
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
