package io.tombo.it.interop;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.tombo.it.BrokerUnderTest;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIf;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * QoS 1 publishers faster than their subscriber lose nothing: when a connected subscriber has half of
 * {@code max_queued_messages} waiting, its publishers are held back (no further PUBACK) until it catches up,
 * instead of being acknowledged and then dropped at the queue limit (Mosquitto's behaviour, hence disabled for
 * it). The subscriber stops acknowledging altogether for a while, so every publisher is far ahead of it.
 * Publishers: Paho Java (3.1.1), HiveMQ (5.0) and Python paho (3.1.1); subscribers: HiveMQ (5.0) and Paho Java
 * (3.1.1), each acknowledging by hand.
 */
@DisabledIf("io.tombo.it.raw.Brokers#mosquitto")
class BackPressureIT {
    private static final int PER_PUBLISHER = 3000;
    private static final String CONFIG = "max_inflight_messages 10\nmax_queued_messages 100\npublisher_hold_timeout 60";

    /** What a subscriber received, as "publisher:i" strings, and how it acknowledges. */
    private interface Receiver extends AutoCloseable {
        /** The next message, acknowledged; null after {@code wait}. */
        String next(Duration wait) throws Exception;

        int unacknowledged();
    }

    @Test
    void hiveMqSubscriberBehindPahoJavaAndPythonPublishersGetsEveryMessage() throws Exception {
        try (BrokerUnderTest broker = BrokerUnderTest.start(CONFIG);
             Receiver sub = hiveMqReceiver(broker)) {
            runLoad(broker, sub, List.of(pahoPublisher(broker, "paho-a"), pahoPublisher(broker, "paho-b"),
                    pythonPublisher(broker, "py-c")));
        }
    }

    @Test
    void pahoSubscriberBehindHiveMqAndPythonPublishersGetsEveryMessage() throws Exception {
        try (BrokerUnderTest broker = BrokerUnderTest.start(CONFIG);
             Receiver sub = pahoReceiver(broker)) {
            runLoad(broker, sub, List.of(hiveMqPublisher(broker, "hive-a"), hiveMqPublisher(broker, "hive-b"),
                    pythonPublisher(broker, "py-c")));
        }
    }

    /** A publisher running in the background; {@code finish} waits until all its messages were acknowledged. */
    private record Load(String name, Finish finish) {
    }

    private interface Finish {
        void run() throws Exception;
    }

    private static void runLoad(BrokerUnderTest broker, Receiver sub, List<Load> loads) throws Exception {
        // the subscriber acknowledges nothing until it holds its whole window: the publishers run far ahead
        await().atMost(Duration.ofSeconds(20)).until(() -> sub.unacknowledged() >= 10);
        Map<String, Integer> next = new HashMap<>();
        loads.forEach(l -> next.put(l.name(), 0));
        int total = loads.size() * PER_PUBLISHER;
        for (int received = 0; received < total; received++) {
            String m = sub.next(Duration.ofSeconds(20));
            assertThat(m).as("message %d of %d (none may be dropped)", received + 1, total).isNotNull();
            String[] parts = m.split(":");
            // per publisher, in order and exactly once [MQTT-4.6.0-6]
            assertThat(Integer.parseInt(parts[1])).as("from %s", parts[0]).isEqualTo(next.get(parts[0]));
            next.put(parts[0], next.get(parts[0]) + 1);
        }
        for (Load l : loads) {
            l.finish().run();
        }
        assertThat(sub.next(Duration.ofMillis(200))).as("nothing twice").isNull();
    }

    private static Receiver hiveMqReceiver(BrokerUnderTest broker) {
        Mqtt5AsyncClient c = Mqtt5Client.builder().identifier("hive-sub").serverHost(broker.host())
                .serverPort(broker.port()).buildAsync();
        BlockingQueue<Mqtt5Publish> arrived = new LinkedBlockingQueue<>();
        c.publishes(MqttGlobalPublishFilter.ALL, arrived::add, true); // manual acknowledgement
        c.connect().join();
        c.subscribeWith().topicFilter("bp/#").qos(MqttQos.AT_LEAST_ONCE).send().join();
        return new Receiver() {
            @Override
            public String next(Duration wait) throws Exception {
                Mqtt5Publish p = arrived.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
                if (p == null) {
                    return null;
                }
                p.acknowledge();
                return new String(p.getPayloadAsBytes(), StandardCharsets.UTF_8);
            }

            @Override
            public int unacknowledged() {
                return arrived.size();
            }

            @Override
            public void close() {
                c.disconnect().join();
            }
        };
    }

    private static Receiver pahoReceiver(BrokerUnderTest broker) throws Exception {
        MqttClient c = new MqttClient(broker.uri(), "paho-sub", new MemoryPersistence());
        BlockingQueue<MqttMessage> arrived = new LinkedBlockingQueue<>();
        c.setManualAcks(true);
        c.setCallback(new MqttCallback() {
            @Override
            public void connectionLost(Throwable cause) {
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                arrived.add(message);
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {
            }
        });
        MqttConnectOptions o = new MqttConnectOptions();
        o.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        o.setMaxInflight(100);
        c.connect(o);
        c.subscribe("bp/#", 1);
        return new Receiver() {
            @Override
            public String next(Duration wait) throws Exception {
                MqttMessage m = arrived.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
                if (m == null) {
                    return null;
                }
                c.messageArrivedComplete(m.getId(), 1);
                return new String(m.getPayload(), StandardCharsets.UTF_8);
            }

            @Override
            public int unacknowledged() {
                return arrived.size();
            }

            @Override
            public void close() throws Exception {
                c.disconnect();
                c.close();
            }
        };
    }

    private static Load pahoPublisher(BrokerUnderTest broker, String name) throws Exception {
        MqttAsyncClient c = new MqttAsyncClient(broker.uri(), name, new MemoryPersistence());
        MqttConnectOptions o = new MqttConnectOptions();
        o.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        o.setMaxInflight(50);
        c.connect(o).waitForCompletion(10_000);
        AtomicInteger acknowledged = new AtomicInteger();
        java.util.concurrent.Semaphore window = new java.util.concurrent.Semaphore(50); // Paho refuses more
        Thread t = Thread.ofVirtual().start(() -> {
            try {
                for (int i = 0; i < PER_PUBLISHER; i++) {
                    window.acquire();
                    // the listener given with the publish: set on the token afterwards, a fast PUBACK could miss it
                    c.publish("bp/" + name, (name + ":" + i).getBytes(StandardCharsets.UTF_8), 1, false, null,
                            new org.eclipse.paho.client.mqttv3.IMqttActionListener() {
                                @Override
                                public void onSuccess(org.eclipse.paho.client.mqttv3.IMqttToken token) {
                                    acknowledged.incrementAndGet();
                                    window.release();
                                }

                                @Override
                                public void onFailure(org.eclipse.paho.client.mqttv3.IMqttToken token, Throwable e) {
                                }
                            });
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        return new Load(name, () -> {
            t.join(Duration.ofSeconds(20));
            await().atMost(Duration.ofSeconds(20)).until(() -> acknowledged.get() == PER_PUBLISHER);
            c.disconnect().waitForCompletion(10_000);
            c.close();
        });
    }

    private static Load hiveMqPublisher(BrokerUnderTest broker, String name) {
        Mqtt5AsyncClient c = Mqtt5Client.builder().identifier(name).serverHost(broker.host())
                .serverPort(broker.port()).buildAsync();
        c.connect().join();
        List<java.util.concurrent.CompletableFuture<?>> acks = new ArrayList<>(PER_PUBLISHER);
        for (int i = 0; i < PER_PUBLISHER; i++) {
            // the client keeps within the broker's Receive Maximum and queues the rest
            acks.add(c.publishWith().topic("bp/" + name).qos(MqttQos.AT_LEAST_ONCE)
                    .payload((name + ":" + i).getBytes(StandardCharsets.UTF_8)).send());
        }
        return new Load(name, () -> {
            java.util.concurrent.CompletableFuture.allOf(acks.toArray(new java.util.concurrent.CompletableFuture<?>[0]))
                    .orTimeout(20, TimeUnit.SECONDS).join();
            c.disconnect().join();
        });
    }

    private static Load pythonPublisher(BrokerUnderTest broker, String name) throws Exception {
        Path script = Path.of(BackPressureIT.class.getResource("/python/qos1_burst.py").toURI());
        ChildProcess p = ChildProcess.start(broker.dir(), null,
                Map.of("BROKER_HOST", broker.host(), "BROKER_PORT", Integer.toString(broker.port()),
                        "NAME", name, "TOPIC", "bp/" + name, "COUNT", Integer.toString(PER_PUBLISHER),
                        "PYTHONUNBUFFERED", "1"),
                List.of("/usr/bin/python3", script.toString()));
        return new Load(name, () ->
                assertThat(p.assertExitsWith(0).stdoutText()).contains("published " + PER_PUBLISHER));
    }
}
