package io.tombo.cli;

import sun.misc.Signal;

/** SIGHUP handling: the JVM's default for HUP is to exit, Mosquitto's is to reload. */
final class Signals {
    private Signals() {
    }

    static void onHangup(Runnable action) {
        try {
            Signal.handle(new Signal("HUP"), s -> action.run());
        } catch (IllegalArgumentException unsupported) {
            // no SIGHUP on this platform: nothing to reload on
        }
    }
}
