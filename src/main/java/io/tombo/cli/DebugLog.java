package io.tombo.cli;

import io.tombo.codec.Publish;

import java.io.PrintStream;

/**
 * {@code -d}: libmosquitto's packet log on stdout ({@code Client ID sending PUBLISH (d0, q1, r0, m1, 'a', ... (5
 * bytes))}). The client library reports no packets, so the lines are written where the command acts on the
 * client (see docs/cli.md: PINGREQ/PINGRESP and retransmissions are not shown).
 */
final class DebugLog {
    private final boolean on;
    private final PrintStream out;
    private String clientId;

    DebugLog(boolean on, PrintStream out, String clientId) {
        this.on = on;
        this.out = out;
        this.clientId = clientId.isEmpty() ? "(null)" : clientId;
    }

    void clientId(String id) {
        if (id != null && !id.isEmpty()) {
            clientId = id;
        }
    }

    void sending(String what) {
        line("Client " + clientId + " sending " + what);
    }

    void received(String what) {
        line("Client " + clientId + " received " + what);
    }

    void line(String text) {
        if (on) {
            out.print(text + "\n");
            out.flush();
        }
    }

    static String publish(Publish p, int mid) {
        return "PUBLISH (d" + (p.dup() ? 1 : 0) + ", q" + p.qos().value() + ", r" + (p.retain() ? 1 : 0) + ", m" + mid
                + ", '" + p.topic() + "', ... (" + p.payload().length + " bytes))";
    }
}
