package io.tombo.store;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;

/**
 * The changes submitted but not yet handed to the writer, and what they leave to write once the changes that a later
 * change undoes are left out. With a connected subscriber most messages are queued, sent and acknowledged within a
 * millisecond: the publisher's EnqueueWithBody (or PutMessage and Enqueue), the subscriber's MarkSent and Dequeue all
 * wait here together, and none of them needs a statement. A batch whose changes were all undone depends on no write:
 * the message's fate (delivered and acknowledged) is settled, and {@link CommitLoop} may run its callback (the
 * publisher's PUBACK) at once.
 *
 * <p>Batches come in one at a time ({@link #add}) and leave, oldest first, when {@link CommitLoop} takes them for a
 * commit ({@link #take}); a change can be undone by a later change only while both are here. So a change taken for a
 * commit may have been undone by one that is not taken yet: the commit then lacks a row whose removal is already
 * settled (a message acknowledged by its subscriber), which is safe for the same reason.
 *
 * <p>The rules, for each queue entry (client id, message id):
 * <ul>
 *   <li>a Dequeue makes every earlier MarkSent and MarkReleased of the entry here unnecessary: the row goes;
 *   <li>a Dequeue with an Enqueue (or EnqueueWithBody) of the entry earlier here cancels both: the row never needs to
 *       exist;
 *   <li>a PutMessage goes once every Enqueue of the message here was cancelled (an Enqueue comes in the batch of its
 *       PutMessage: batches are taken whole, so a shared body is never taken without its entries);
 *   <li>the first MarkSent of an EnqueueWithBody here is folded into it: one INSERT instead of an INSERT and an
 *       UPDATE (the MarkSent's batch counts as written while the INSERT is).
 * </ul>
 * Leaving a change out can only keep more on disk than writing every change in order would (a row that existed
 * before an Enqueue that replaced it stays), never less: nothing acknowledged can be lost by it.
 *
 * <p>Changes and batches are numbered from 0 as they come; their numbers index ring buffers. Used by the store thread
 * only.
 */
final class NetChanges {
    private record Entry(String clientId, long messageId) {
    }

    /** What is here of one queue entry: numbers of changes, -1 for none. */
    private static final class EntryChanges {
        final Entry key;
        /** Its Enqueue or EnqueueWithBody not cancelled. */
        long enqueue = -1;
        /** Its EnqueueWithBody into which a MarkSent would still be folded. */
        long foldable = -1;
        /** Its MarkSent and MarkReleased changes since the last Dequeue. */
        long[] marks = NONE;
        int markCount;
        /** The last change of the entry: once taken, the entry is forgotten. */
        long last;

        EntryChanges(Entry key) {
            this.key = key;
        }

        void mark(long change) {
            if (markCount == marks.length) {
                marks = Arrays.copyOf(marks, Math.max(2, markCount * 2));
            }
            marks[markCount++] = change;
        }
    }

    /** A shared message body here: its PutMessage and its Enqueues. */
    private static final class Body {
        long put = -1;
        int enqueues;
        int cancelled;
        /** Its last PutMessage or Enqueue: once taken, the body is forgotten. */
        long last;
    }

    private static final long[] NONE = {};

    // Changes numbered [firstChange, nextChange), at number & changeMask.
    private Change[] changes = new Change[1024];
    private long[] batchOf = new long[1024];
    private boolean[] dropped = new boolean[1024];
    /** For an EnqueueWithBody: the number of the MarkSent folded into it, -1 for none. */
    private long[] foldedMark = new long[1024];
    /** The queue entry the change touches, to forget it once taken; null for other changes. */
    private Object[] state = new Object[1024];
    private int changeMask = 1023;
    private long firstChange;
    private long nextChange;

    // Batches numbered [firstBatch, nextBatch), at number & batchMask.
    /** Per batch: its changes not left out (a folded MarkSent counts: it is written with the INSERT). */
    private int[] live = new int[256];
    /** Per batch: what the caller tagged it with, null for nothing. */
    private Object[] tags = new Object[256];
    private long[] batchStart = new long[256];
    private int batchMask = 255;
    private long firstBatch;
    private long nextBatch;

    /** Tagged batches whose last written change was left out since the last {@link #drainUndone}, in that order. */
    private long[] undone = new long[64];
    private int undoneCount;

    private final Map<Entry, EntryChanges> entries = new HashMap<>();
    private final Map<Long, Body> bodies = new HashMap<>();

    /** The changes of {@code group}, a list of batches in submission order, without those the group undoes. */
    static List<Change> of(List<List<Change>> group) {
        NetChanges net = new NetChanges();
        group.forEach(batch -> net.add(batch, null));
        return net.take(net.nextBatch());
    }

    /** Adds the next batch, tagged with {@code tag} (null for none); returns its number. */
    long add(List<Change> batch, Object tag) {
        long b = newBatch(batch.size(), tag);
        for (Change c : batch) {
            addChange(b, c);
        }
        return b;
    }

    /** Adds a batch of one change, tagged with nothing (a record nobody waits for); returns its number. */
    long add(Change change) {
        long b = newBatch(1, null);
        addChange(b, change);
        return b;
    }

    private long newBatch(int size, Object tag) {
        long b = nextBatch++;
        if (nextBatch - firstBatch > live.length) {
            growBatches();
        }
        live[(int) b & batchMask] = size;
        tags[(int) b & batchMask] = tag;
        batchStart[(int) b & batchMask] = nextChange;
        return b;
    }

    private void addChange(long b, Change c) {
        long i = nextChange++;
        if (nextChange - firstChange > changes.length) {
            growChanges();
        }
        int at = (int) i & changeMask;
        changes[at] = c;
        batchOf[at] = b;
        foldedMark[at] = -1;
        apply(i, c);
    }

    /** The tag of batch {@code b}, which must still be here. */
    Object tag(long b) {
        return tags[(int) b & batchMask];
    }

    /** The number of the oldest batch here; {@link #nextBatch()} when there is none. */
    long firstBatch() {
        return firstBatch;
    }

    /** The number of the oldest change here; {@link #nextChange} when there is none. */
    long firstChange() {
        return firstChange;
    }

    /** The number the next change gets. */
    long nextChange() {
        return nextChange;
    }

    /** The number the next batch gets. */
    long nextBatch() {
        return nextBatch;
    }

    /**
     * Whether batch {@code b}, which must still be here, has anything to write: if not, its outcome does not depend
     * on a commit (its changes were undone, or it had none).
     */
    boolean writes(long b) {
        return live[(int) b & batchMask] > 0;
    }

    /**
     * Hands over, in the order it happened, each tagged batch whose last written change was left out since the last
     * call.
     */
    void drainUndone(LongConsumer batch) {
        for (int k = 0; k < undoneCount; k++) {
            batch.accept(undone[k]);
        }
        undoneCount = 0;
    }

    /**
     * Takes the batches numbered below {@code end} out, for a commit: returns what is left of their changes to
     * write, in order. From now on they can no longer be undone.
     */
    List<Change> take(long end) {
        long endChange = end == nextBatch ? nextChange : batchStart[(int) end & batchMask];
        List<Change> net = new ArrayList<>((int) (endChange - firstChange));
        for (long i = firstChange; i < endChange; i++) {
            int at = (int) i & changeMask;
            if (!dropped[at]) {
                net.add(changes[at]);
            }
            forget(at, endChange);
            changes[at] = null;
            dropped[at] = false;
        }
        for (long b = firstBatch; b < end; b++) {
            tags[(int) b & batchMask] = null;
        }
        firstChange = endChange;
        firstBatch = end;
        return net;
    }

    private void forget(int at, long endChange) {
        if (state[at] instanceof EntryChanges e && e.last < endChange) {
            entries.remove(e.key, e);
        }
        state[at] = null;
        long messageId = switch (changes[at]) {
            case Change.PutMessage c -> c.messageId();
            case Change.Enqueue c -> c.messageId();
            default -> -1;
        };
        Body body = messageId < 0 ? null : bodies.get(messageId);
        if (body != null && body.last < endChange) {
            bodies.remove(messageId);
        }
    }

    private void apply(long i, Change change) {
        switch (change) {
            case Change.PutMessage c -> {
                Body body = body(i, c.messageId());
                body.put = i;
                if (body.enqueues > 0 && body.cancelled == body.enqueues) {
                    leaveOut(i);
                }
            }
            case Change.Enqueue c -> {
                entry(i, c.clientId(), c.messageId()).enqueue = i;
                Body body = body(i, c.messageId());
                body.enqueues++;
                if (body.put >= firstChange && dropped[(int) body.put & changeMask]) {
                    bringBack(body.put); // all its entries were cancelled, and now one more comes
                }
            }
            case Change.EnqueueWithBody c -> {
                EntryChanges e = entry(i, c.clientId(), c.messageId());
                e.enqueue = i;
                e.foldable = i;
            }
            case Change.MarkSent c -> markSent(i, c, entry(i, c.clientId(), c.messageId()));
            case Change.MarkReleased c -> {
                EntryChanges e = entry(i, c.clientId(), c.messageId());
                e.foldable = -1; // the row exists from here on: later marks update it in order
                e.mark(i);
            }
            case Change.Dequeue c -> dequeue(i, entry(i, c.clientId(), c.messageId()));
            default -> { }
        }
    }

    private void markSent(long i, Change.MarkSent c, EntryChanges e) {
        long enqueue = e.foldable;
        e.foldable = -1;
        if (enqueue >= firstChange && changes[(int) enqueue & changeMask] instanceof Change.EnqueueWithBody w) {
            changes[(int) enqueue & changeMask] = w.sentAs(c.packetId());
            foldedMark[(int) enqueue & changeMask] = i;
            dropped[(int) i & changeMask] = true; // written with the INSERT, which keeps its batch "written"
        } else {
            e.mark(i);
        }
    }

    private void dequeue(long i, EntryChanges e) {
        e.foldable = -1;
        for (int k = 0; k < e.markCount; k++) {
            if (e.marks[k] >= firstChange) {
                leaveOut(e.marks[k]);
            }
        }
        e.markCount = 0;
        long enqueue = e.enqueue;
        e.enqueue = -1;
        if (enqueue < firstChange) {
            return; // none, or taken for a commit: the row is written and must go
        }
        if (changes[(int) enqueue & changeMask] instanceof Change.Enqueue) {
            Body body = bodies.get(e.key.messageId());
            if (body != null) {
                body.cancelled++;
                if (body.put >= firstChange && body.cancelled == body.enqueues) {
                    leaveOut(body.put);
                }
            }
        }
        leaveOut(enqueue);
        leaveOut(i);
    }

    private EntryChanges entry(long i, String clientId, long messageId) {
        Entry key = new Entry(clientId, messageId);
        EntryChanges e = entries.get(key);
        if (e == null) {
            e = new EntryChanges(key);
            entries.put(key, e);
        }
        e.last = i;
        state[(int) i & changeMask] = e;
        return e;
    }

    private Body body(long i, long messageId) {
        Body body = bodies.computeIfAbsent(messageId, k -> new Body());
        body.last = i;
        return body;
    }

    private void leaveOut(long i) {
        int at = (int) i & changeMask;
        if (dropped[at]) {
            return;
        }
        dropped[at] = true;
        lose(batchOf[at]);
        if (foldedMark[at] >= 0) {
            lose(batchOf[(int) foldedMark[at] & changeMask]); // the MarkSent folded into this INSERT goes with it
        }
    }

    private void bringBack(long i) {
        int at = (int) i & changeMask;
        dropped[at] = false;
        live[(int) batchOf[at] & batchMask]++; // its callback may have run: writing more than it needed is harmless
    }

    private void lose(long b) {
        if (--live[(int) b & batchMask] == 0 && tags[(int) b & batchMask] != null) {
            if (undoneCount == undone.length) {
                undone = Arrays.copyOf(undone, undoneCount * 2);
            }
            undone[undoneCount++] = b;
        }
    }

    private void growChanges() {
        int size = changes.length * 2;
        Change[] c = new Change[size];
        long[] bo = new long[size];
        boolean[] d = new boolean[size];
        long[] f = new long[size];
        Object[] s = new Object[size];
        for (long i = firstChange; i < nextChange - 1; i++) { // the last one is not written yet
            int from = (int) i & changeMask;
            int to = (int) i & (size - 1);
            c[to] = changes[from];
            bo[to] = batchOf[from];
            d[to] = dropped[from];
            f[to] = foldedMark[from];
            s[to] = state[from];
        }
        changes = c;
        batchOf = bo;
        dropped = d;
        foldedMark = f;
        state = s;
        changeMask = size - 1;
    }

    private void growBatches() {
        int size = live.length * 2;
        int[] l = new int[size];
        Object[] t = new Object[size];
        long[] s = new long[size];
        for (long b = firstBatch; b < nextBatch - 1; b++) {
            l[(int) b & (size - 1)] = live[(int) b & batchMask];
            t[(int) b & (size - 1)] = tags[(int) b & batchMask];
            s[(int) b & (size - 1)] = batchStart[(int) b & batchMask];
        }
        live = l;
        tags = t;
        batchStart = s;
        batchMask = size - 1;
    }
}
