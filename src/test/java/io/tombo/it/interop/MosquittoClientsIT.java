package io.tombo.it.interop;

import io.tombo.it.BrokerUnderTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Debian's {@code mosquitto_pub} and {@code mosquitto_sub} (2.0.11), the command-line clients every tutorial starts
 * with, run as child processes. What {@code mosquitto_sub} prints is compared byte for byte with what
 * {@code mosquitto_pub} was given; the output formats themselves belong to the client, so a difference can only
 * come from the broker.
 *
 * <p>Each test gets its own broker so that {@code -t '#'} sees only that test's messages.
 */
class MosquittoClientsIT {
    private BrokerUnderTest broker;
    private SubAckTap tap;
    private final List<ChildProcess> started = new ArrayList<>();

    @BeforeEach
    void startBroker() {
        broker = BrokerUnderTest.start();
        tap = SubAckTap.open(broker.port());
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
    void japaneseTutorialGreetingArrivesExactly() throws Exception {
        // /work/shared/seeds/000 lines 26 and 34: mosquitto_sub -t "#" ; mosquitto_pub -t "topic" -m "こんにちは"
        assumeTrue("UTF-8".equals(System.getProperty("sun.jnu.encoding")),
                "the JVM can pass non-ASCII arguments to a child process only under a UTF-8 locale (LANG=C.UTF-8)");
        ChildProcess sub = subscribe("-t", "#", "-C", "1");

        publish(null, "-t", "topic", "-m", "こんにちは");

        assertThat(finished(sub)).isEqualTo("こんにちは\n".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void verboseOutputShowsMessageFileAndStdinPayloads() throws Exception {
        Path file = broker.dir().resolve("reading.json");
        Files.writeString(file, "{\"temperature\": 23.5}");
        Path stdin = broker.dir().resolve("stdin.txt");
        Files.writeString(stdin, "from stdin");
        ChildProcess sub = subscribe("-t", "#", "-v", "-C", "3");

        publish(null, "-t", "sensors/m", "-m", "from -m");
        publish(null, "-t", "sensors/f", "-f", file.toString());
        publish(stdin, "-t", "sensors/s", "-s");

        assertThat(text(sub)).isEqualTo("""
                sensors/m from -m
                sensors/f {"temperature": 23.5}
                sensors/s from stdin
                """);
    }

    @Test
    void filePayloadWithNewlinesAndBinaryBytesArrivesByteForByte() throws Exception {
        // seeds/002 line 99: -f is how the tutorial sends a payload containing newlines
        ByteArrayOutputStream payload = new ByteArrayOutputStream();
        payload.writeBytes("line one\nline two\r\n".getBytes(StandardCharsets.UTF_8));
        for (int b = 0; b < 256; b++) {
            payload.write(b);
        }
        Path file = broker.dir().resolve("payload.bin");
        Files.write(file, payload.toByteArray());
        ChildProcess sub = subscribe("-t", "bin", "-N", "-C", "1");

        publish(null, "-t", "bin", "-f", file.toString());

        assertThat(finished(sub)).isEqualTo(payload.toByteArray());
    }

    @Test
    void eachStdinLineBecomesOneMessage() throws Exception {
        Path stdin = broker.dir().resolve("lines.txt");
        Files.writeString(stdin, "Hello MQTT!\nThis is THE IoT.\n23.5℃\n");
        ChildProcess sub = subscribe("-t", "tochigi/iot999/message", "-C", "3");

        publish(stdin, "-t", "tochigi/iot999/message", "-l");

        assertThat(text(sub)).isEqualTo("Hello MQTT!\nThis is THE IoT.\n23.5℃\n");
    }

    @Test
    void wholeStdinIsOneMessage() throws Exception {
        Path stdin = broker.dir().resolve("stdin.txt");
        Files.writeString(stdin, "l1\nl2\n");
        ChildProcess sub = subscribe("-t", "s", "-N", "-C", "1");

        publish(stdin, "-t", "s", "-s");

        assertThat(text(sub)).isEqualTo("l1\nl2\n");
    }

    @Test
    void retainedMessageReachesLaterSubscriberWithRetainFlag() throws Exception {
        publish(null, "-t", "/gc1624/temp", "-m", "23.5", "-r", "-q", "1");

        ChildProcess sub = subscribe("-t", "/gc1624/temp", "-F", "%r %t %p", "-C", "1");

        assertThat(text(sub)).isEqualTo("1 /gc1624/temp 23.5\n");
    }

    @Test
    void retainedOnlyPrintsRetainedMessagesAndExitsOnFirstLiveOne() throws Exception {
        publish(null, "-t", "state/door", "-m", "closed", "-r");
        ChildProcess sub = subscribe("-t", "state/door", "--retained-only", "-v");

        publish(null, "-t", "state/door", "-m", "open");

        assertThat(text(sub)).isEqualTo("state/door closed\n");
    }

    @ParameterizedTest(name = "publish at QoS {0}")
    @ValueSource(ints = {0, 1, 2})
    void deliveredQosIsTheMinimumOfPublishAndSubscription(int qos) throws Exception {
        ChildProcess sub = subscribe("-t", "q", "-q", "2", "-F", "%q %t %p", "-C", "1");

        publish(null, "-t", "q", "-m", "m", "-q", Integer.toString(qos));

        assertThat(text(sub)).isEqualTo(qos + " q m\n");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"mqttv5", "mqttv311", "mqttv31"})
    void everyProtocolVersionPublishesAndSubscribes(String version) throws Exception {
        ChildProcess sub = subscribe("-V", version, "-t", "things/1/temperature", "-q", "1", "-C", "2");

        publish(null, "-V", version, "-t", "things/1/temperature", "-m", "36.5", "-q", "1");
        publish(null, "-V", version, "-t", "things/1/temperature", "-m", "36.6", "-q", "2");

        assertThat(text(sub)).isEqualTo("36.5\n36.6\n");
    }

    @Test
    void messageCrossesFromMqtt5PublisherToMqtt31Subscriber() throws Exception {
        ChildProcess sub = subscribe("-V", "mqttv31", "-t", "x/#", "-v", "-C", "1");

        publish(null, "-V", "mqttv5", "-t", "x/y", "-m", "from v5", "-D", "publish", "user-property", "k", "v");

        assertThat(text(sub)).isEqualTo("x/y from v5\n");
    }

    @Test
    void mqtt5PropertiesReachMqtt5Subscriber() throws Exception {
        ChildProcess sub = subscribe("-V", "mqttv5", "-t", "p", "-F", "%C|%R|%P|%p", "-C", "1");

        publish(null, "-V", "mqttv5", "-t", "p", "-m", "{}",
                "-D", "publish", "content-type", "application/json",
                "-D", "publish", "response-topic", "replies/1",
                "-D", "publish", "user-property", "sensor", "bme280");

        assertThat(text(sub)).isEqualTo("application/json|replies/1|sensor:bme280|{}\n");
    }

    @Test
    void formatAndNoEndOfLineOptionsPrintTopicAndPayloadOnly() throws Exception {
        ChildProcess sub = subscribe("-t", "raspi/bme", "-F", "%t %p", "-N", "-C", "2");

        publish(null, "-t", "raspi/bme", "-m", "{\"pressure\": 997.8}");
        publish(null, "-t", "raspi/bme", "-m", "x");

        assertThat(text(sub)).isEqualTo("raspi/bme {\"pressure\": 997.8}raspi/bme x");
    }

    @Test
    void exitAfterSubscribeReturnsZero() throws Exception {
        ChildProcess.run(broker.dir(), null, List.of("mosquitto_sub", "-h", broker.host(),
                "-p", Integer.toString(broker.port()), "-t", "a/#", "-t", "b", "-q", "2", "-E"));
    }

    /** Starts mosquitto_sub through the tap and returns once the broker has acknowledged its subscription. */
    private ChildProcess subscribe(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("mosquitto_sub", "-h", "127.0.0.1",
                "-p", Integer.toString(tap.port())));
        command.addAll(List.of(args));
        ChildProcess sub = ChildProcess.start(broker.dir(), command);
        started.add(sub);
        tap.awaitSubAck(ChildProcess.timeout());
        return sub;
    }

    private void publish(Path stdin, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("mosquitto_pub", "-h", broker.host(),
                "-p", Integer.toString(broker.port())));
        command.addAll(List.of(args));
        ChildProcess.run(broker.dir(), stdin, command);
    }

    private static byte[] finished(ChildProcess sub) throws Exception {
        return sub.assertExitsWith(0).stdout();
    }

    private static String text(ChildProcess sub) throws Exception {
        return new String(finished(sub), StandardCharsets.UTF_8);
    }
}
