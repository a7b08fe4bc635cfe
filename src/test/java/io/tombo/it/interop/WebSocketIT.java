package io.tombo.it.interop;

import io.tombo.client.OpenSsl;
import io.tombo.it.BrokerUnderTest;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIf;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code protocol websockets} listeners, plain and TLS, used by Python paho's {@code transport="websockets"}, by
 * MQTT.js in headless Chromium on a page the listener itself serves from {@code http_dir}, and by the JDK's
 * WebSocket client for what the spec's chapter 6 says about frames and subprotocols.
 */
class WebSocketIT {
    /** MQTT 3.1.1 CONNECT, client id "w", clean session, keep alive 60. */
    private static final byte[] CONNECT = {0x10, 0x0D, 0, 4, 'M', 'Q', 'T', 'T', 4, 0x02, 0, 60, 0, 1, 'w'};
    private static final byte[] CONNACK = {0x20, 0x02, 0, 0};

    private BrokerUnderTest broker;
    private int wsPort;
    private final List<ChildProcess> started = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (ChildProcess p : started) {
            p.kill();
        }
        if (broker != null) { // null when a test was skipped before starting one
            broker.close();
        }
    }

    private void start(String extra) throws IOException {
        wsPort = BrokerUnderTest.freePort();
        broker = BrokerUnderTest.start("listener " + wsPort + " 127.0.0.1\nprotocol websockets\n" + extra);
        await().atMost(Duration.ofSeconds(10)).until(this::accepts);
    }

    private boolean accepts() {
        try (Socket s = new Socket("127.0.0.1", wsPort)) {
            return s.isConnected();
        } catch (IOException e) {
            return false;
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"4", "5"})
    void pythonPahoOverWebSocket(String version) throws Exception {
        start("");
        String out = python(Map.of("MQTT_VERSION", version));
        assertThat(out).contains("connected True").contains("message ws/python 100003 True");
    }

    @Test
    void pythonPahoOverSecureWebSocket() throws Exception {
        Path pki = Files.createDirectories(Files.createTempDirectory("tombo-wss"));
        OpenSsl ca = OpenSsl.ca(pki);
        ca.leaf("server", OpenSsl.KeyForm.EC_SEC1, "DNS:localhost,IP:127.0.0.1");
        if (BrokerUnderTest.isMosquitto()) {
            TlsIT.readableByAll(pki);
        }
        start("certfile " + pki.resolve("server.pem") + "\nkeyfile " + pki.resolve("server.key") + "\n");
        String out = python(Map.of("BROKER_CA", ca.caCert().toString(), "BROKER_HOST", "localhost"));
        assertThat(out).contains("connected True").contains("message ws/python 100003 True");
    }

    private String python(Map<String, String> env) throws Exception {
        Path script = Path.of(WebSocketIT.class.getResource("/python/ws_roundtrip.py").toURI());
        Map<String, String> all = new java.util.HashMap<>(Map.of("BROKER_HOST", "127.0.0.1",
                "BROKER_PORT", Integer.toString(wsPort), "PYTHONUNBUFFERED", "1"));
        all.putAll(env);
        ChildProcess p = ChildProcess.start(broker.dir(), null, all, List.of("/usr/bin/python3", script.toString()));
        started.add(p);
        return p.assertExitsWith(0).stdoutText();
    }

    @Test
    void mqttJsInHeadlessChromiumOnAPageFromHttpDir() throws Exception {
        Path mqttJs = Path.of("src/test/browser/node_modules/mqtt/dist/mqtt.min.js").toAbsolutePath();
        Path chromium = Path.of("/usr/bin/chromium");
        boolean ci = System.getenv("CI") != null;
        if (ci) {
            assertThat(mqttJs).as("MQTT.js, installed by .ci/run (npm install --prefix src/test/browser)").exists();
            assertThat(chromium).as("Debian's chromium, installed by .ci/run").exists();
        }
        assumeTrue(Files.exists(mqttJs) && Files.exists(chromium),
                "needs Debian's chromium and MQTT.js: apt-get install chromium; npm install --prefix src/test/browser");
        Path www = Files.createTempDirectory("tombo-www");
        Files.copy(mqttJs, www.resolve("mqtt.min.js"));
        try (InputStream page = WebSocketIT.class.getResourceAsStream("/browser/index.html")) {
            Files.copy(page, www.resolve("index.html"));
        }
        if (BrokerUnderTest.isMosquitto()) {
            TlsIT.readableByAll(www);
        }
        start("http_dir " + www + "\n");

        ChildProcess browser = ChildProcess.start(broker.dir(), List.of(chromium.toString(), "--headless",
                "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run",
                "--user-data-dir=" + Files.createTempDirectory(broker.dir(), "chromium"),
                "http://127.0.0.1:" + wsPort + "/"));
        started.add(browser);

        var observer = new org.eclipse.paho.client.mqttv3.MqttClient(broker.uri(), "observer", new MemoryPersistence());
        TlsIT.Inbox inbox = new TlsIT.Inbox();
        observer.setCallback(inbox);
        observer.connect();
        try {
            observer.subscribe("browser/result", 1);
            MqttMessage result = inbox.messages.poll(30, TimeUnit.SECONDS);
            assertThat(result).as("the page's report; chromium stderr: %s", browser.stderrText()).isNotNull();
            assertThat(new String(result.getPayload(), StandardCharsets.UTF_8))
                    .isEqualTo("browser received: ping from MQTT.js");
        } finally {
            observer.disconnect();
            observer.close();
        }
    }

    @Test
    void httpDirServesFilesAndNothingOutsideIt() throws Exception {
        Path base = Files.createTempDirectory("tombo-http");
        Path www = Files.createDirectory(base.resolve("www"));
        Files.writeString(www.resolve("index.html"), "<p>hello</p>");
        Files.writeString(base.resolve("secret.txt"), "top secret");
        Files.createSymbolicLink(www.resolve("escape.txt"), base.resolve("secret.txt"));
        if (BrokerUnderTest.isMosquitto()) {
            TlsIT.readableByAll(base);
            TlsIT.readableByAll(www);
        }
        start("http_dir " + www + "\n");

        assertThat(get("/")).matches("(?s)HTTP/1.[01] 200.*").endsWith("<p>hello</p>");
        if (!BrokerUnderTest.isMosquitto()) { // Mosquitto 2.0.11 sends no Content-Type
            assertThat(get("/")).containsIgnoringCase("Content-Type: text/html; charset=utf-8");
        }
        assertThat(get("/index.html?x=1")).matches("(?s)HTTP/1.[01] 200.*").endsWith("<p>hello</p>");
        for (String path : List.of("/../secret.txt", "/%2e%2e/secret.txt", "/..%2fsecret.txt", "/escape.txt",
                "/a/../../secret.txt")) {
            assertThat(get(path)).as(path).doesNotContain("top secret").matches("(?s)HTTP/1.[01] 40[034].*");
        }
        assertThat(get("/%00/../secret.txt")).doesNotContain("top secret");
        assertThat(get("/missing.js")).matches("(?s)HTTP/1.[01] 404.*");
    }

    /** A raw HTTP/1.1 GET, so that no client library cleans the path up first. */
    private String get(String path) throws IOException {
        try (Socket s = new Socket("127.0.0.1", wsPort)) {
            s.setSoTimeout(5000);
            s.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void serverSelectsMqttSubprotocolAndReassemblesPacketsAcrossFrames() throws Exception {
        start("");
        Frames frames = new Frames();
        WebSocket ws = openWebSocket(frames);
        assertThat(ws.getSubprotocol()).isEqualTo("mqtt"); // [MQTT-6.0.0-4]

        // the CONNECT split over a fragmented message, then PINGREQ and half a SUBSCRIBE in one frame [MQTT-6.0.0-2]
        ws.sendBinary(ByteBuffer.wrap(CONNECT, 0, 5), false).get(5, TimeUnit.SECONDS);
        ws.sendBinary(ByteBuffer.wrap(CONNECT, 5, CONNECT.length - 5), true).get(5, TimeUnit.SECONDS);
        byte[] subscribe = {(byte) 0x82, 6, 0, 1, 0, 1, 't', 0};
        byte[] pingAndHalf = {(byte) 0xC0, 0, subscribe[0], subscribe[1], subscribe[2]};
        ws.sendBinary(ByteBuffer.wrap(pingAndHalf), true).get(5, TimeUnit.SECONDS);
        ws.sendBinary(ByteBuffer.wrap(subscribe, 3, subscribe.length - 3), true).get(5, TimeUnit.SECONDS);

        byte[] expected = {0x20, 2, 0, 0, (byte) 0xD0, 0, (byte) 0x90, 3, 0, 1, 0};
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(frames.received()).isEqualTo(expected));
        ws.abort();
    }

    @Test
    @DisabledIf("io.tombo.it.raw.Brokers#mosquitto") // Mosquitto 2.0.11 reads a text frame's bytes as MQTT
    void textFrameClosesTheConnection() throws Exception {
        start("");
        Frames frames = new Frames();
        WebSocket ws = openWebSocket(frames);
        ws.sendBinary(ByteBuffer.wrap(CONNECT), true).get(5, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(5)).until(() -> frames.received().length >= CONNACK.length);

        ws.sendText("not MQTT", true); // [MQTT-6.0.0-1]

        assertThat(frames.closed.get(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void frameAboveTheConnectLimitIsRefusedBeforeConnect() throws Exception {
        start("");
        Frames frames = new Frames();
        WebSocket ws = openWebSocket(frames);
        // an unauthenticated client cannot make the broker buffer more than the CONNECT limit (1 MiB)
        ws.sendBinary(ByteBuffer.allocate(2 << 20), true);
        assertThat(frames.closed.get(10, TimeUnit.SECONDS)).isTrue();
    }

    /** A JDK WebSocket client offering the {@code mqtt} subprotocol [MQTT-6.0.0-3]. */
    private WebSocket openWebSocket(Frames frames) throws Exception {
        return HttpClient.newHttpClient().newWebSocketBuilder().subprotocols("mqtt")
                .buildAsync(URI.create("ws://127.0.0.1:" + wsPort + "/mqtt"), frames).get(10, TimeUnit.SECONDS);
    }

    /** Collects the binary payloads the broker sends and notes the close. */
    private static final class Frames implements WebSocket.Listener {
        private final java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        final CompletableFuture<Boolean> closed = new CompletableFuture<>();

        synchronized byte[] received() {
            return bytes.toByteArray();
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
            synchronized (this) {
                byte[] b = new byte[data.remaining()];
                data.get(b);
                bytes.writeBytes(b);
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            closed.complete(true);
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            closed.complete(true);
        }
    }
}
