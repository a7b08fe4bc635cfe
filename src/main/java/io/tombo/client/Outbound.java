package io.tombo.client;

import io.tombo.codec.Publish;
import io.tombo.codec.QoS;

import java.util.concurrent.CompletableFuture;

/**
 * One publish on its way out: waiting for a window slot (no packet identifier yet), then in flight until the last
 * acknowledgement of its QoS flow (spec 4.3.2, 4.3.3). Owned by {@link Session}, under its lock.
 */
final class Outbound {
    enum Stage { WAITING, AWAITING_PUBACK, AWAITING_PUBREC, AWAITING_PUBCOMP }

    final Publish message;
    final CompletableFuture<Void> done;
    int packetId;
    Stage stage = Stage.WAITING;

    Outbound(Publish message, CompletableFuture<Void> done) {
        this.message = message;
        this.done = done;
    }

    QoS qos() {
        return message.qos();
    }

    /** Enters the flight with {@code id}: the first stage of its QoS flow. */
    Publish launch(int id) {
        packetId = id;
        stage = message.qos() == QoS.AT_LEAST_ONCE ? Stage.AWAITING_PUBACK : Stage.AWAITING_PUBREC;
        return message.withPacketId(id, false);
    }
}
