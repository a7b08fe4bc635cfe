package io.tombo.store;

import java.nio.file.Path;
import java.util.List;

/** Placeholder until the SQLite implementation is merged. */
public final class SqliteStore implements Store {
    public SqliteStore(Path file, boolean fullSync) {
        throw new UnsupportedOperationException("SqliteStore");
    }

    @Override
    public boolean durable() {
        return true;
    }

    @Override
    public void apply(List<Change> changes, Runnable afterCommit) {
    }

    @Override
    public Snapshot load() {
        return Snapshot.EMPTY;
    }

    @Override
    public void close() {
    }
}
