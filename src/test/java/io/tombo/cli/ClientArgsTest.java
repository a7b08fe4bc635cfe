package io.tombo.cli;

import io.tombo.codec.Property;
import io.tombo.codec.ProtocolVersion;
import io.tombo.codec.UserProperty;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Mosquitto's argument syntax, defaults and options files (messages checked against 2.0.11 in ErrorsIT). */
class ClientArgsTest {
    @TempDir
    Path home;

    private ClientConfig load(ClientTool tool, String... args) throws UsageError {
        return ConfigLoader.load(tool, List.of(args), Map.of("HOME", home.toString()));
    }

    @Test
    void defaultsAreMosquittos() throws UsageError {
        ClientConfig c = load(ClientTool.SUB, "-t", "#");
        assertThat(c.host).isEqualTo("localhost");
        assertThat(c.effectivePort()).isEqualTo(1883);
        assertThat(c.keepAlive).isEqualTo(60);
        assertThat(c.qos).isZero();
        assertThat(c.version).isEqualTo(ProtocolVersion.MQTT_3_1_1);
        assertThat(ClientSession.clientId(c)).isEmpty();
        assertThat(load(ClientTool.RR, "-t", "a").version).isEqualTo(ProtocolVersion.MQTT_5);
        assertThat(load(ClientTool.PUB, "-t", "a", "--cafile", "ca.pem").effectivePort()).isEqualTo(8883);
    }

    @Test
    void valuesMayStartWithADash() throws UsageError {
        ClientConfig c = load(ClientTool.PUB, "-t", "a", "-m", "-5");
        assertThat(c.message).isEqualTo("-5");
    }

    @Test
    void repeatableAndOverridingOptions() throws UsageError {
        ClientConfig c = load(ClientTool.SUB, "-t", "a", "-t", "b/+", "-T", "b/x", "-q", "1", "-q", "2", "-U", "c");
        assertThat(c.topics).containsExactly("a", "b/+");
        assertThat(c.filterOuts).containsExactly("b/x");
        assertThat(c.unsubscribeTopics).containsExactly("c");
        assertThat(c.qos).isEqualTo(2);
    }

    @Test
    void versionsAndNumbersAsMosquittoReadsThem() throws UsageError {
        assertThat(load(ClientTool.SUB, "-t", "a", "-V", "mqttv31").version).isEqualTo(ProtocolVersion.MQTT_3_1);
        assertThat(load(ClientTool.SUB, "-t", "a", "-V", "311").version).isEqualTo(ProtocolVersion.MQTT_3_1_1);
        assertThat(load(ClientTool.SUB, "-t", "a", "-k", "30s").keepAlive).isEqualTo(30); // atoi
        assertThat(load(ClientTool.PUB, "-t", "a", "-n", "--repeat-delay", "0.25").repeatDelay)
                .isEqualTo(Duration.ofMillis(250));
        ClientConfig c = load(ClientTool.SUB, "-t", "a", "-x", "∞", "-i", "me", "-V", "5");
        assertThat(c.connectProps.build().fourByte(Property.SESSION_EXPIRY_INTERVAL)).isEqualTo(0xFFFF_FFFFL);
    }

    @Test
    void propertyArgumentsSwitchToMqtt5() throws UsageError {
        ClientConfig c = load(ClientTool.PUB, "-t", "a", "-m", "x", "-D", "publish", "user-property", "k", "v",
                "-D", "publish", "message-expiry-interval", "30", "-D", "connect", "receive-maximum", "5");
        assertThat(c.version).isEqualTo(ProtocolVersion.MQTT_5);
        assertThat(c.publishProps.build().userProperties()).containsExactly(new UserProperty("k", "v"));
        assertThat(c.publishProps.build().fourByte(Property.MESSAGE_EXPIRY_INTERVAL)).isEqualTo(30L);
        assertThat(c.connectProps.build().integer(Property.RECEIVE_MAXIMUM)).isEqualTo(5);
    }

    @Test
    void urlGivesCredentialsHostPortAndTopic() throws UsageError {
        ClientConfig c = load(ClientTool.SUB, "-L", "mqtt://user:pw@example.org:1884/sensors/#");
        assertThat(c.username).isEqualTo("user");
        assertThat(c.password).isEqualTo("pw");
        assertThat(c.host).isEqualTo("example.org");
        assertThat(c.port).isEqualTo(1884);
        assertThat(c.topics).containsExactly("sensors/#");
    }

    @Test
    void unknownOptionAndMissingValueAreWordedAsMosquitto() {
        assertThatThrownBy(() -> load(ClientTool.SUB, "-z")).isInstanceOf(UsageError.class)
                .hasMessage("Error: Unknown option '-z'.\n");
        assertThatThrownBy(() -> load(ClientTool.SUB, "-p")).hasMessage(
                "Error: -p argument given but no port specified.\n\n");
        assertThatThrownBy(() -> load(ClientTool.PUB, "-v")).hasMessage("Error: Unknown option '-v'.\n");
        assertThatThrownBy(() -> load(ClientTool.SUB, "-F", "%z", "-t", "a"))
                .hasMessage("Error: Invalid format specifier 'z'.\n");
        assertThatThrownBy(() -> load(ClientTool.PUB, "-t", "a", "-m", "x", "-l"))
                .hasMessage("Error: Only one type of message can be sent at once.\n\n");
    }

    @Test
    void optionsFileComesFirstAndTheCommandLineWins() throws Exception {
        Path config = home.resolve(".config");
        Files.createDirectories(config);
        Files.writeString(config.resolve("mosquitto_sub"), """
                # my broker
                -h broker.example
                -p 1884
                -t from/file
                -F %t  %p
                """);
        ClientConfig c = load(ClientTool.SUB, "-p", "1885", "-t", "from/args");
        assertThat(c.host).isEqualTo("broker.example");
        assertThat(c.port).isEqualTo(1885);
        assertThat(c.topics).containsExactly("from/file", "from/args");
        assertThat(c.format).isEqualTo("%t  %p");
    }

    @Test
    void xdgConfigHomeIsPreferred() throws Exception {
        Path xdg = Files.createDirectories(home.resolve("xdg"));
        Files.writeString(xdg.resolve("mosquitto_pub"), "-q 2\n");
        ClientConfig c = ConfigLoader.load(ClientTool.PUB, List.of("-t", "a", "-n"),
                Map.of("HOME", home.toString(), "XDG_CONFIG_HOME", xdg.toString()));
        assertThat(c.qos).isEqualTo(2);
    }

    @Test
    void optionsFileLinesSplitAtTheFirstSpace() {
        assertThat(OptionsFile.split("-m hello  world\r")).containsExactly("-m", "hello  world");
        assertThat(OptionsFile.split("  -v")).containsExactly("-v");
        assertThat(OptionsFile.split("#-v")).isEmpty();
        assertThat(OptionsFile.split("")).isEmpty();
    }

    @Test
    void topicFilterMatching() {
        assertThat(TopicMatch.matches("a/#", "a")).isTrue();
        assertThat(TopicMatch.matches("a/+/c", "a/b/c")).isTrue();
        assertThat(TopicMatch.matches("#", "$SYS/x")).isFalse();
        assertThat(TopicMatch.matches("a/+", "a/b/c")).isFalse();
    }
}
