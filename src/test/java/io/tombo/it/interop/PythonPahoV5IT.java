package io.tombo.it.interop;

import io.tombo.it.BrokerUnderTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Python paho-mqtt 1.6 (Debian's) speaking MQTT 5: subscription options, and a PUBLISH whose properties come
 * back unchanged — user properties in order [MQTT-3.3.2-17] [MQTT-3.3.2-18], content type [MQTT-3.3.2-20],
 * response topic [MQTT-3.3.2-15] and correlation data [MQTT-3.3.2-16] (5.0), and the expiry counted down
 * [MQTT-3.3.2-6] (5.0).
 */
class PythonPahoV5IT {
    private BrokerUnderTest broker;

    @BeforeEach
    void startBroker() {
        broker = BrokerUnderTest.start();
    }

    @AfterEach
    void stopBroker() {
        broker.close();
    }

    @Test
    void propertiesTravelUnchangedThroughTheBroker() throws Exception {
        Path script = Path.of(PythonPahoV5IT.class.getResource("/python/v5_roundtrip.py").toURI());
        ChildProcess p = ChildProcess.start(broker.dir(), null,
                Map.of("BROKER_HOST", broker.host(), "BROKER_PORT", Integer.toString(broker.port()),
                        "PYTHONIOENCODING", "utf-8", "PYTHONUNBUFFERED", "1", "TOPIC_SUFFIX", "props"),
                List.of("/usr/bin/python3", script.toString()));
        String out = p.assertExitsWith(0).stdoutText();
        assertThat(out.split("\n")).containsExactly(
                "connected Success session present 0",
                "granted ['Granted QoS 1']",
                "message py5/props {\"temperature\": 26.7} qos 1 retain 1",
                "user [('sensor', 'bme280'), ('場所', '東京')]",
                "content application/json response py5/reply correlation b'\\x00\\x01corr'",
                "expiry within 60 True");
    }
}
