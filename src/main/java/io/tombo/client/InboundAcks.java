package io.tombo.client;

import io.tombo.codec.Packet;

import java.util.ArrayDeque;

/**
 * The PUBACKs and PUBRECs one connection owes the server, in the order the PUBLISHes arrived: an acknowledgement
 * leaves once its message is acknowledged and every one before it has left [MQTT-4.6.0-2]. Guarded by its monitor:
 * the receive thread adds, any thread completes.
 */
final class InboundAcks {
    private static final class Owed {
        final Packet ack;
        boolean ready;

        Owed(Packet ack) {
            this.ack = ack;
        }
    }

    private final ArrayDeque<Owed> owed = new ArrayDeque<>();
    private final Connection connection;

    InboundAcks(Connection connection) {
        this.connection = connection;
    }

    /** Owes {@code ack} for a message going to {@code handlers} handlers; sent once they all acknowledged it. */
    Acknowledgement expect(Packet ack, int handlers) {
        Owed entry = new Owed(ack);
        synchronized (this) {
            owed.add(entry);
        }
        return new Acknowledgement(handlers, () -> ready(entry));
    }

    private synchronized void ready(Owed entry) {
        entry.ready = true;
        while (!owed.isEmpty() && owed.peek().ready) {
            connection.send(owed.poll().ack); // a writer that has stopped drops it: the server will resend
        }
    }
}
