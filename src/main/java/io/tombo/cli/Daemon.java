package io.tombo.cli;

import java.io.File;
import java.util.ArrayList;
import java.util.List;

/**
 * Mosquitto's {@code -d}: a JVM cannot fork, so the broker starts itself again without {@code -d}, detached from
 * the terminal, and this process exits. Under systemd use {@code Type=simple} without {@code -d} instead.
 */
final class Daemon {
    private Daemon() {
    }

    static int detach() throws Exception {
        ProcessHandle.Info info = ProcessHandle.current().info();
        String java = info.command().orElseThrow(() -> new IllegalStateException("cannot find the java command"));
        List<String> cmd = new ArrayList<>();
        cmd.add(java);
        for (String arg : info.arguments().orElseThrow(() -> new IllegalStateException("cannot read arguments"))) {
            if (!arg.equals("-d") && !arg.equals("--daemon")) {
                cmd.add(arg);
            }
        }
        new ProcessBuilder(cmd)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        return 0;
    }
}
