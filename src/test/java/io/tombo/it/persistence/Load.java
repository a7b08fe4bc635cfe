package io.tombo.it.persistence;

import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

import java.nio.charset.StandardCharsets;
import java.util.NavigableSet;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * A Paho Java (3.1.1) publisher that sends messages numbered 0..n-1 (the payload is the number in decimal, maybe
 * padded with spaces) with
 * {@code window} of them in flight, and records which numbers were acknowledged: PUBACK for QoS 1, PUBCOMP for QoS 2
 * (Paho reports a QoS 2 message complete at PUBCOMP only). When the broker dies the load stops; what was acknowledged
 * until then is {@link #acknowledged()}.
 */
final class Load implements AutoCloseable {
    private final MqttAsyncClient client;
    private final NavigableSet<Integer> acknowledged = new ConcurrentSkipListSet<>();
    private final AtomicInteger failed = new AtomicInteger();
    private final CountDownLatch finished = new CountDownLatch(1);
    private final Thread sender;
    private volatile Throwable stoppedBy;

    private Load(MqttAsyncClient client, String topic, int qos, int n, int window, IntConsumer onAcknowledged,
                 int offset, int payloadBytes) {
        this.client = client;
        Semaphore slots = new Semaphore(window);
        this.sender = Thread.ofPlatform().name("load-" + client.getClientId()).daemon().start(() -> {
            try {
                for (int i = 0; i < n; i++) {
                    while (!slots.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                        if (!client.isConnected()) {
                            stoppedBy = new IllegalStateException("connection lost after " + i + " sent");
                            return;
                        }
                    }
                    int seq = offset + i;
                    client.publish(topic, payload(seq, payloadBytes), qos, false,
                            null, new IMqttActionListener() {
                                @Override
                                public void onSuccess(IMqttToken token) {
                                    acknowledged.add(seq);
                                    slots.release();
                                    if (onAcknowledged != null) {
                                        onAcknowledged.accept(acknowledged.size());
                                    }
                                }

                                @Override
                                public void onFailure(IMqttToken token, Throwable e) {
                                    failed.incrementAndGet();
                                    slots.release();
                                }
                            });
                }
                // every message handed to Paho; wait for the last acknowledgements (or the broker's death)
                while (!slots.tryAcquire(window, 100, TimeUnit.MILLISECONDS)) {
                    if (!client.isConnected()) {
                        stoppedBy = new IllegalStateException("connection lost with acknowledgements pending");
                        return;
                    }
                }
            } catch (MqttException e) {
                stoppedBy = e; // the broker went away
            } catch (InterruptedException e) {
                stoppedBy = e;
            } finally {
                finished.countDown();
            }
        });
    }

    /** Connects with clean session 1 and starts sending 0..n-1 at once. */
    static Load start(String uri, String clientId, String topic, int qos, int n, int window,
                      IntConsumer onAcknowledged) throws MqttException {
        return start(uri, clientId, topic, qos, n, window, onAcknowledged, 0, 0);
    }

    /** Sends offset..offset+n-1, each payload padded with spaces to {@code payloadBytes}. */
    static Load start(String uri, String clientId, String topic, int qos, int n, int window,
                      IntConsumer onAcknowledged, int offset, int payloadBytes) throws MqttException {
        MqttAsyncClient client = new MqttAsyncClient(uri, clientId, new MemoryPersistence());
        MqttConnectOptions o = new MqttConnectOptions();
        o.setCleanSession(true);
        o.setMaxInflight(window);
        o.setAutomaticReconnect(false);
        o.setKeepAliveInterval(60);
        client.connect(o).waitForCompletion(10_000);
        return new Load(client, topic, qos, n, window, onAcknowledged, offset, payloadBytes);
    }

    private static byte[] payload(int seq, int bytes) {
        String number = Integer.toString(seq);
        return (bytes <= number.length() ? number : number + " ".repeat(bytes - number.length()))
                .getBytes(StandardCharsets.US_ASCII);
    }

    /** Waits until every message is acknowledged or the connection is gone; true when the load ended. */
    boolean awaitEnd(long seconds) throws InterruptedException {
        return finished.await(seconds, TimeUnit.SECONDS);
    }

    /** The numbers acknowledged so far (sorted). */
    NavigableSet<Integer> acknowledged() {
        return acknowledged;
    }

    /** Why the load stopped before the end, or null. */
    Throwable stoppedBy() {
        return stoppedBy;
    }

    @Override
    public void close() {
        sender.interrupt();
        try {
            if (client.isConnected()) {
                client.disconnectForcibly(100, 1000);
            }
        } catch (MqttException ignored) {
            // already gone with the broker
        }
        try {
            client.close(true);
        } catch (MqttException ignored) {
            // nothing more to release
        }
    }
}
