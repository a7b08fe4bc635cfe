package io.tombo.it.persistence;

import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * A Paho Java (3.1.1) subscriber with a persistent session (clean session 0) that counts how often each numbered
 * message arrived; other payloads (markers, retained values) are kept as they came.
 */
final class Receiver implements AutoCloseable, MqttCallback {
    private final MqttClient client;
    private final Map<Integer, AtomicInteger> counts = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<Received> others = new ConcurrentLinkedQueue<>();
    private final boolean sessionPresent;

    record Received(String topic, String payload, int qos, boolean retained, boolean duplicate) {
    }

    private Receiver(String uri, String clientId, boolean cleanSession) throws MqttException {
        client = new MqttClient(uri, clientId, new MemoryPersistence());
        client.setCallback(this);
        MqttConnectOptions o = new MqttConnectOptions();
        o.setCleanSession(cleanSession);
        o.setAutomaticReconnect(false);
        o.setKeepAliveInterval(60);
        o.setConnectionTimeout(10);
        sessionPresent = client.connectWithResult(o).getSessionPresent();
    }

    /** Connects with clean session 0 (creating or resuming the session). */
    static Receiver persistent(String uri, String clientId) throws MqttException {
        return new Receiver(uri, clientId, false);
    }

    /** Connects with clean session 1. */
    static Receiver clean(String uri, String clientId) throws MqttException {
        return new Receiver(uri, clientId, true);
    }

    /** Creates {@code clientId}'s persistent session subscribed to {@code filter}, then goes offline (DISCONNECT). */
    static void subscribeAndLeave(String uri, String clientId, String filter, int qos) throws MqttException {
        try (Receiver r = persistent(uri, clientId)) {
            r.subscribe(filter, qos);
        }
    }

    boolean sessionPresent() {
        return sessionPresent;
    }

    void subscribe(String filter, int qos) throws MqttException {
        int[] granted = client.subscribeWithResponse(filter, qos).getGrantedQos();
        if (granted[0] != qos) {
            throw new IllegalStateException("granted " + granted[0] + " for " + filter);
        }
    }

    /** Numbers received at least once. */
    Set<Integer> received() {
        return counts.keySet();
    }

    /** Numbers received more than once, with their counts. */
    Map<Integer, Integer> duplicates() {
        return counts.entrySet().stream().filter(e -> e.getValue().get() > 1)
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().get(), (a, b) -> a, TreeMap::new));
    }

    /** Messages whose payload is not a number, in arrival order. */
    java.util.List<Received> others() {
        return java.util.List.copyOf(others);
    }

    boolean gotOther(String payload) {
        return others.stream().anyMatch(r -> r.payload().equals(payload));
    }

    @Override
    public void messageArrived(String topic, MqttMessage message) {
        String payload = new String(message.getPayload(), StandardCharsets.UTF_8);
        try {
            counts.computeIfAbsent(Integer.parseInt(payload.strip()), k -> new AtomicInteger()).incrementAndGet();
        } catch (NumberFormatException e) {
            others.add(new Received(topic, payload, message.getQos(), message.isRetained(), message.isDuplicate()));
        }
    }

    @Override
    public void connectionLost(Throwable cause) {
    }

    @Override
    public void deliveryComplete(IMqttDeliveryToken token) {
    }

    /** Publishes with this client, waiting for the acknowledgement. */
    void publish(String topic, String payload, int qos, boolean retained) throws MqttException {
        client.publish(topic, payload.getBytes(StandardCharsets.UTF_8), qos, retained);
    }

    @Override
    public void close() {
        try {
            if (client.isConnected()) {
                client.disconnect(2000);
            }
        } catch (MqttException e) {
            try {
                client.disconnectForcibly(100, 500);
            } catch (MqttException ignored) {
                // gone
            }
        }
        try {
            client.close(true);
        } catch (MqttException ignored) {
            // nothing more to release
        }
    }
}
