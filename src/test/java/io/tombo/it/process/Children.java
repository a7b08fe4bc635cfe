package io.tombo.it.process;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The child processes one test started, stopped together in {@code @AfterEach} (SIGTERM, then SIGKILL after a
 * timeout), newest first so that clients end before the broker they talk to.
 */
final class Children implements AutoCloseable {
    private final List<Program> started = new ArrayList<>();

    Program start(Path dir, List<String> command) {
        return add(Program.start(dir, command));
    }

    Program tombo(Path dir, String... args) {
        return add(Program.tombo(dir, args));
    }

    Program add(Program p) {
        started.add(p);
        return p;
    }

    @Override
    public void close() {
        for (int i = started.size() - 1; i >= 0; i--) {
            started.get(i).close();
        }
        started.clear();
    }
}
