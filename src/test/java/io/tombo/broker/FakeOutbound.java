package io.tombo.broker;

import java.util.ArrayList;
import java.util.List;

/** An {@link Outbound} that records what a session sends, with a switchable socket and client limits. */
final class FakeOutbound implements Outbound {
    /** One PUBLISH the session asked to send. */
    record Sent(Delivery delivery, int packetId, boolean dup) {
        String topic() {
            return delivery.message().topic();
        }

        String payload() {
            return new String(delivery.message().payload(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    final List<Sent> publishes = new ArrayList<>();
    final List<Integer> pubRels = new ArrayList<>();
    boolean writable = true;
    int receiveMaximum = 65535;
    /** Payloads longer than this are refused as the client's Maximum Packet Size would. */
    int maximumPayload = Integer.MAX_VALUE;
    boolean takenOver;

    FakeOutbound() {
    }

    FakeOutbound(int receiveMaximum) {
        this.receiveMaximum = receiveMaximum;
    }

    @Override
    public boolean sendPublish(Delivery delivery, int packetId, boolean dup) {
        if (delivery.message().payload().length > maximumPayload) {
            return false;
        }
        publishes.add(new Sent(delivery, packetId, dup));
        return true;
    }

    @Override
    public void sendPubRel(int packetId) {
        pubRels.add(packetId);
    }

    @Override
    public boolean isWritable() {
        return writable;
    }

    @Override
    public void takenOver() {
        takenOver = true;
    }

    @Override
    public int receiveMaximum() {
        return receiveMaximum;
    }

    List<String> payloads() {
        return publishes.stream().map(Sent::payload).toList();
    }

    List<Integer> packetIds() {
        return publishes.stream().map(Sent::packetId).toList();
    }

    Sent last() {
        return publishes.get(publishes.size() - 1);
    }

    void clear() {
        publishes.clear();
        pubRels.clear();
    }
}
