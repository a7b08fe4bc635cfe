package io.tombo.broker;

import io.tombo.store.Change;
import io.tombo.store.Snapshot;
import io.tombo.store.Store;

import java.util.ArrayList;
import java.util.List;

/**
 * A durable {@link Store} whose commits happen when the test says: {@link #commit()} makes what was applied durable
 * and runs the callbacks; {@link #crash()} forgets what was not committed, as {@code kill -9} would.
 */
final class HeldStore implements Store {
    private record Batch(List<Change> changes, Runnable afterCommit) {
    }

    private final List<Batch> held = new ArrayList<>();
    /** Every change committed so far, in order: what a restart would find on disk. */
    final List<Change> committed = new ArrayList<>();

    @Override
    public boolean durable() {
        return true;
    }

    @Override
    public void apply(List<Change> changes, Runnable afterCommit) {
        held.add(new Batch(List.copyOf(changes), afterCommit));
    }

    /** Commits every batch applied so far, then runs their callbacks in order. */
    void commit() {
        List<Batch> group = new ArrayList<>(held);
        held.clear();
        group.forEach(b -> committed.addAll(b.changes()));
        group.stream().map(Batch::afterCommit).filter(r -> r != null).forEach(Runnable::run);
    }

    /** Changes applied and not committed yet. */
    List<Change> pending() {
        return held.stream().flatMap(b -> b.changes().stream()).toList();
    }

    void crash() {
        held.clear();
    }

    @Override
    public Snapshot load() {
        return Snapshot.EMPTY;
    }

    @Override
    public void close() {
    }
}
