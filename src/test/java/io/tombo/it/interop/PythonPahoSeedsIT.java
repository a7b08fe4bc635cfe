package io.tombo.it.interop;

import io.tombo.it.BrokerUnderTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Python paho-mqtt scripts from the tutorials our users learn from (Japanese, Korean and Chinese; see
 * {@code src/test/resources/seeds/README.md}), run with Debian's {@code /usr/bin/python3} and paho-mqtt 1.6.1. Each
 * test starts the tutorial's subscriber, waits until its SUBACK has passed (through a {@link SubAckTap}), runs
 * the tutorial's publisher and compares what the subscriber printed with what the tutorial says it prints.
 */
class PythonPahoSeedsIT {
    /** Debian's interpreter; the first python3 on PATH may be another one that cannot see Debian's paho. */
    private static final String PYTHON = "/usr/bin/python3";

    private BrokerUnderTest broker;
    private SubAckTap tap;
    private Path seeds;
    private final List<ChildProcess> started = new ArrayList<>();

    @BeforeEach
    void startBroker() throws Exception {
        broker = BrokerUnderTest.start();
        tap = SubAckTap.open(broker.port());
        seeds = Path.of(PythonPahoSeedsIT.class.getResource("/seeds").toURI());
    }

    @AfterEach
    void stopBroker() throws InterruptedException {
        for (ChildProcess p : started) {
            p.kill();
        }
        tap.close();
        broker.close();
    }

    @Test
    void hmqpBridgeForwardsSensorJson() throws Exception {
        ChildProcess sub = subscriber("000/hmqp.py", Map.of("MESSAGE_COUNT", "1"));

        String json = "{\"timestamp\": \"2024-10-07T23:54:50.547143+00:00\", \"temperature\": 26.7, "
                + "\"humidity\": 57.5, \"pressure\": 997.8}";
        ChildProcess.run(broker.dir(), null, List.of("mosquitto_pub", "-h", broker.host(),
                "-p", Integer.toString(broker.port()), "-t", "gal/gal4/bme", "-m", json));

        assertThat(output(sub)).isEqualTo("Connected with result code 0\n"
                + "gal/gal4/bme b'" + json + "'\n"
                + "POST http://localhost/postdata.php " + json + "\n");
    }

    @Test
    void koreanHelloSubscriberReceivesQos1Hello() throws Exception {
        ChildProcess sub = subscriber("001/sub.py", Map.of("MESSAGE_COUNT", "1"));

        ChildProcess pub = publisher("001/pub.py", null, Map.of());

        assertThat(output(sub)).isEqualTo("connected OK\nsubscribed: 1 (1,)\nHello\n0\n");
        assertThat(pub.stdoutText()).isEqualTo("completely connected\nIn on_pub callback mid=  1\n0\n");
    }

    @Test
    void koreanInfluxSubscriberReceivesJson() throws Exception {
        ChildProcess sub = subscriber("001/subscriber_influxdb.py", Map.of("MESSAGE_COUNT", "1"));

        publisher("001/pub_json.py", null, Map.of());

        assertThat(output(sub).split("\n", -1)).satisfiesExactly(
                l -> assertThat(l).isEqualTo("connected OK"),
                l -> assertThat(l).isEqualTo("subscribed: 1 (1,)"),
                l -> assertThat(l).isEqualTo("{\"name\": \"zzerii\"}"),
                l -> assertThat(l).matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d(\\.\\d+)?: test payload : "
                        + "\\{\"name\": \"zzerii\"}"),
                l -> assertThat(l).isEqualTo("write_points: {\"name\": \"zzerii\"} measurement=test"),
                l -> assertThat(l).isEqualTo("0"),
                l -> assertThat(l).isEmpty());
    }

    @ParameterizedTest(name = "subscriber over {0}")
    @ValueSource(strings = {"MQTTv311", "MQTTv31"})
    void japanesePublisherSendsFiveMessagesToSubscriber(String protocol) throws Exception {
        ChildProcess sub = subscriber("002/subscriber.py", Map.of("MESSAGE_COUNT", "5", "PROTOCOL", protocol));

        ChildProcess pub = publisher("002/publisher.py", null, Map.of());

        assertThat(output(sub)).isEqualTo("status 0\n" + "test_topic/test1 b'test message'\n".repeat(5));
        assertThat(pub.stdoutText()).isEqualTo("publish start <class 'paho.mqtt.client.Client'>\n");
    }

    @Test
    void chineseSubscriberReceivesNumberedMessagesInOrder() throws Exception {
        ChildProcess sub = subscriber("003/paho-mqtt-subsriber.py", Map.of("MESSAGE_COUNT", "3"));

        publisher("003/paho-mqtt-publisher.py", null, Map.of("MESSAGE_COUNT", "3"));

        StringBuilder expected = new StringBuilder();
        for (int i = 1; i <= 3; i++) {
            expected.append("topic: pyespcar_basic_control\n")
                    .append("message: b'This is a test message of paho clinet from publisher,").append(i)
                    .append("'\n");
        }
        assertThat(output(sub)).isEqualTo(expected.toString());
    }

    @Test
    void keyboardPublisherReachesMosquittoSub() throws Exception {
        // seed 004 §9.2: the Python publisher reads lines from the keyboard, mosquitto_sub prints them
        ChildProcess sub = ChildProcess.start(broker.dir(), List.of("mosquitto_sub", "-h", broker.host(),
                "-p", Integer.toString(tap.port()), "-t", "tochigi/iot999/message", "-C", "2"));
        started.add(sub);
        tap.awaitSubAck(ChildProcess.timeout());
        Path keyboard = broker.dir().resolve("keyboard.txt");
        Files.writeString(keyboard, "Hello MQTT!\nThis is THE IoT.\n");

        publisher("004/mqtt_publish01.py", keyboard, Map.of());

        assertThat(output(sub)).isEqualTo("Hello MQTT!\nThis is THE IoT.\n");
    }

    @Test
    void sensorReadingsReachTheDatabaseSubscriberInJst() throws Exception {
        // seed 004 §9.4-9.5: BME280 JSON published in UTC, stored by the subscriber in Japan time
        ChildProcess sub = subscriber("004/mqtt_bme280_insert01.py", Map.of("MESSAGE_COUNT", "3"));

        ChildProcess pub = publisher("004/mqtt_bme280_publish02.py", null, Map.of("MESSAGE_COUNT", "3"));

        List<String> published = matches(pub.stdoutText(),
                "publish するデータ:  \\{\"timestamp\": \"([^\"]+)\", \"temperature\": 26.72680231416598, "
                        + "\"humidity\": 57.53434981211512, \"pressure\": 997.8079720341007}");
        List<String> inserted = matches(output(sub),
                "INSERT Ambient tochigi_iot_899 (\\S+) 26.73 57.53 997.81");
        assertThat(published).hasSize(3).allSatisfy(ts -> assertThat(ts).endsWith("+00:00"));
        // Compared as instants: Python and Java print fractional seconds differently.
        assertThat(inserted).hasSize(3);
        for (int i = 0; i < 3; i++) {
            OffsetDateTime stored = OffsetDateTime.parse(inserted.get(i));
            assertThat(stored.getOffset().getTotalSeconds()).isEqualTo(9 * 3600);
            assertThat(stored.toInstant()).isEqualTo(OffsetDateTime.parse(published.get(i)).toInstant());
        }
        assertThat(output(sub)).startsWith("db server connected\nmqtt server connected\nwaiting for mqtt message\n"
                + "Connected with result code 0\n");
        assertThat(output(sub)).contains("'identifier': 'tochigi_iot_899', 'temperature': 26.73, "
                + "'humidity': 57.53, 'pressure': 997.81}\n クエリを実行しました。(1 row affected.)\n");
    }

    private static List<String> matches(String text, String regex) {
        List<String> found = new ArrayList<>();
        Matcher m = Pattern.compile(regex).matcher(text);
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }

    /** Starts a subscriber script through the tap and returns once its subscription is acknowledged. */
    private ChildProcess subscriber(String script, Map<String, String> env) throws Exception {
        ChildProcess p = ChildProcess.start(broker.dir(), null, environment(tap.port(), env),
                List.of(PYTHON, seeds.resolve(script).toString()));
        started.add(p);
        tap.awaitSubAck(ChildProcess.timeout());
        return p;
    }

    /** Runs a publisher script to completion against the broker itself. */
    private ChildProcess publisher(String script, Path stdin, Map<String, String> env) throws Exception {
        ChildProcess p = ChildProcess.start(broker.dir(), stdin, environment(broker.port(), env),
                List.of(PYTHON, seeds.resolve(script).toString()));
        started.add(p);
        return p.assertExitsWith(0);
    }

    private Map<String, String> environment(int port, Map<String, String> extra) {
        Map<String, String> env = new HashMap<>(extra);
        env.put("BROKER_HOST", broker.host());
        env.put("BROKER_PORT", Integer.toString(port));
        env.put("PYTHONPATH", seeds.resolve("shims").toString());
        env.put("PYTHONUNBUFFERED", "1");
        env.put("PYTHONDONTWRITEBYTECODE", "1");
        env.put("PYTHONIOENCODING", "utf-8");
        return env;
    }

    private static String output(ChildProcess subscriber) throws Exception {
        return subscriber.assertExitsWith(0).stdoutText();
    }
}
