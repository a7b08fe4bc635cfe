package io.tombo.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.time.InstantSource;
import java.time.ZoneId;
import java.util.Map;

/** What a client command reads and writes: the process's streams, environment and clock, replaceable in tests. */
record Terminal(InputStream in, PrintStream out, PrintStream err, Map<String, String> env, InstantSource clock,
                ZoneId zone) {

    static Terminal system() {
        return new Terminal(System.in, System.out, System.err, System.getenv(), InstantSource.system(),
                ZoneId.systemDefault());
    }
}
