package io.tombo.it.security;

import io.tombo.it.BrokerUnderTest;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** A Paho Java v5 client that records the topics (and retain flags) of what it receives, in order. */
final class V5Client implements AutoCloseable {
    private final MqttAsyncClient client;
    private final BlockingQueue<String> received = new LinkedBlockingQueue<>();
    private volatile MqttDisconnectResponse disconnected;

    private V5Client(MqttAsyncClient client) {
        this.client = client;
    }

    static V5Client connect(BrokerUnderTest broker, String clientId, String user, String password) throws MqttException {
        return connect(broker, clientId, user, password, null);
    }

    static V5Client connect(BrokerUnderTest broker, String clientId, String user, String password,
                            MqttMessage willOn, String willTopic) throws MqttException {
        MqttConnectionOptions o = options(user, password);
        o.setWill(willTopic, willOn);
        return open(broker, clientId, o);
    }

    static V5Client connect(BrokerUnderTest broker, String clientId, String user, String password,
                            MqttConnectionOptions extra) throws MqttException {
        return open(broker, clientId, extra == null ? options(user, password) : extra);
    }

    private static MqttConnectionOptions options(String user, String password) {
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setConnectionTimeout(5);
        o.setUserName(user);
        o.setPassword(password.getBytes(StandardCharsets.UTF_8));
        return o;
    }

    private static V5Client open(BrokerUnderTest broker, String clientId, MqttConnectionOptions o)
            throws MqttException {
        V5Client c = new V5Client(new MqttAsyncClient(broker.uri(), clientId, new MemoryPersistence()));
        c.client.setCallback(new MqttCallback() {
            @Override
            public void disconnected(MqttDisconnectResponse response) {
                c.disconnected = response;
            }

            @Override
            public void mqttErrorOccurred(MqttException exception) {
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                c.received.add(topic + (message.isRetained() ? " (retained)" : ""));
            }

            @Override
            public void deliveryComplete(IMqttToken token) {
            }

            @Override
            public void connectComplete(boolean reconnect, String serverURI) {
            }

            @Override
            public void authPacketArrived(int reasonCode, MqttProperties properties) {
            }
        });
        c.client.connect(o).waitForCompletion(5000);
        return c;
    }

    /** Subscribes at QoS 1 and returns the granted codes. */
    int[] subscribe(String... filters) throws MqttException {
        MqttSubscription[] subs = new MqttSubscription[filters.length];
        for (int i = 0; i < filters.length; i++) {
            subs[i] = new MqttSubscription(filters[i], 1);
        }
        IMqttToken t = client.subscribe(subs);
        t.waitForCompletion(5000);
        return t.getReasonCodes();
    }

    /** Publishes and returns the reason code of the PUBACK (QoS 1) or PUBREC (QoS 2). */
    int publish(String topic, int qos, boolean retain) throws MqttException {
        MqttMessage m = new MqttMessage("x".getBytes(StandardCharsets.UTF_8), qos, retain, null);
        try {
            IMqttToken t = client.publish(topic, m);
            t.waitForCompletion(5000);
            int[] codes = t.getReasonCodes();
            return codes == null || codes.length == 0 ? 0 : codes[0];
        } catch (MqttException e) {
            return e.getReasonCode();
        }
    }

    /** Receives until {@code last} arrives and returns everything received, {@code last} included. */
    List<String> receiveUntil(String last) throws InterruptedException {
        List<String> got = new java.util.ArrayList<>();
        while (got.isEmpty() || !got.getLast().equals(last)) {
            String t = received.poll(10, TimeUnit.SECONDS);
            assertThat(t).as("waiting for %s, received so far %s", last, got).isNotNull();
            got.add(t);
        }
        return got;
    }

    /** What arrives within {@code quiet} (only where a test must show that something does not come). */
    List<String> receiveFor(Duration quiet) throws InterruptedException {
        List<String> got = new java.util.ArrayList<>();
        long end = System.nanoTime() + quiet.toNanos();
        for (long left = quiet.toNanos(); left > 0; left = end - System.nanoTime()) {
            String t = received.poll(left, TimeUnit.NANOSECONDS);
            if (t != null) {
                got.add(t);
            }
        }
        return got;
    }

    MqttDisconnectResponse disconnectedBy() {
        return disconnected;
    }

    boolean isConnected() {
        return client.isConnected();
    }

    /** Closes the socket without DISCONNECT, so the broker publishes the will. */
    void drop() throws MqttException {
        client.disconnectForcibly(0, 1000, false);
        client.close();
    }

    @Override
    public void close() throws MqttException {
        if (client.isConnected()) {
            client.disconnect().waitForCompletion(5000);
        }
        client.close(true);
    }
}
