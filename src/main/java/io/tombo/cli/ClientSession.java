package io.tombo.cli;

import io.tombo.client.ClientOptions;
import io.tombo.client.MqttClient;
import io.tombo.client.MqttException;
import io.tombo.client.ReasonStrings;
import io.tombo.client.TlsOptions;
import io.tombo.client.Transport;
import io.tombo.codec.ConnAck;
import io.tombo.codec.Disconnect;
import io.tombo.codec.Property;
import io.tombo.codec.ProtocolVersion;
import io.tombo.codec.QoS;
import io.tombo.codec.ReasonCode;
import io.tombo.codec.Will;

import java.net.ConnectException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;

/**
 * Connecting as mosquitto_pub/sub/rr do: the client id rules ({@code -i}, {@code -I} + pid, empty so that the broker
 * assigns one, a random {@code mosq-} id for MQTT 3.1 which cannot ask for one), the will, TLS, and the messages and
 * exit codes of a refused or failed connection.
 */
final class ClientSession {
    /** libmosquitto's MOSQ_ERR_ERRNO / MOSQ_ERR_EAI style failures all end the process with 1. */
    static final int EXIT_ERROR = 1;

    private ClientSession() {
    }

    /** A failure already reported on stderr, with the exit code to end with. */
    static final class Failed extends Exception {
        final int exitCode;

        Failed(int exitCode) {
            super(null, null, false, false);
            this.exitCode = exitCode;
        }
    }

    static String clientId(ClientConfig c) {
        if (c.idPrefix != null) {
            return c.idPrefix + ProcessHandle.current().pid();
        }
        if (c.id != null) {
            return c.id;
        }
        if (c.version == ProtocolVersion.MQTT_3_1) {
            return randomId();
        }
        return "";
    }

    private static String randomId() {
        String alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
        SecureRandom r = new SecureRandom();
        StringBuilder sb = new StringBuilder("mosq-");
        for (int i = 0; i < 18; i++) {
            sb.append(alphabet.charAt(r.nextInt(alphabet.length())));
        }
        return sb.toString();
    }

    static ClientOptions options(ClientConfig c, String clientId) {
        ClientOptions.Builder b = ClientOptions.builder()
                .host(c.host)
                .version(c.version)
                .clientId(clientId)
                .cleanStart(c.cleanSession)
                .keepAliveSeconds(c.keepAlive)
                .maxInflight(c.maxInflight);
        if (c.unixSocket != null) {
            b.unixSocket(Path.of(c.unixSocket));
        } else {
            b.transport(c.tls() ? Transport.TLS : c.transport).port(c.effectivePort());
        }
        if (c.tls()) {
            b.tls(new TlsOptions(path(c.cafile), path(c.capath), path(c.certfile), path(c.keyfile), c.insecure,
                    c.tlsVersion));
        }
        if (c.username != null) {
            b.username(c.username);
        }
        if (c.password != null) {
            b.password(c.password.getBytes(StandardCharsets.UTF_8));
        }
        if (c.willTopic != null) {
            b.will(new Will(c.willTopic, c.willPayload == null ? new byte[0] : c.willPayload, QoS.of(c.willQos),
                    c.willRetain, c.version.isV5() ? c.willProps.build() : io.tombo.codec.Properties.EMPTY));
        }
        if (c.version.isV5()) {
            if (c.messageCount > 0 && c.messageCount < 20 && !c.connectProps.has(Property.RECEIVE_MAXIMUM)) {
                // as mosquitto_sub: a broker must not push more than -C messages before we stop
                c.connectProps.put(Property.RECEIVE_MAXIMUM, c.messageCount);
            }
            b.connectProperties(c.connectProps.build());
        }
        return b.build();
    }

    private static Path path(String s) {
        return s == null ? null : Path.of(s);
    }

    /** Connects, logging CONNECT/CONNACK under {@code -d}; on failure reports as Mosquitto and throws. */
    static MqttClient connect(ClientConfig c, DebugLog debug, Terminal t) throws Failed {
        String id = clientId(c);
        debug.clientId(id);
        debug.sending("CONNECT");
        try {
            MqttClient client = MqttClient.connect(options(c, id));
            ConnAck ack = client.connAck();
            debug.clientId(ack.properties().string(Property.ASSIGNED_CLIENT_IDENTIFIER));
            debug.received("CONNACK (0)");
            return client;
        } catch (MqttException e) {
            throw refused(c, e, debug, t);
        }
    }

    private static Failed refused(ClientConfig c, MqttException e, DebugLog debug, Terminal t) {
        ReasonCode reason = e.reason();
        if (reason == null) {
            report(c, t, ioMessage(e));
            return new Failed(EXIT_ERROR);
        }
        int code = c.version.isV5() ? reason.value() : reason.connectReturnCodeV3();
        debug.received("CONNACK (" + code + ")");
        if (c.tool == ClientTool.SUB && c.version.isV5()) {
            debug.sending("DISCONNECT");
        }
        String words = c.tool == ClientTool.RR || c.version.isV5() ? reasonWords(code)
                : ReasonStrings.connAckV3(reason);
        StringBuilder text = new StringBuilder("Connection error: ").append(words).append('\n');
        if (c.tool == ClientTool.PUB) {
            text.append(c.version.isV5() ? "Error: A network protocol error occurred when communicating with the "
                    + "broker.\n" : "Error: The connection was refused.\n");
        }
        report(c, t, text.toString());
        return new Failed(code);
    }

    /** The errno-style line Mosquitto prints when the TCP connection itself fails. */
    static String ioMessage(Throwable e) {
        for (Throwable x = e; x != null; x = x.getCause()) {
            if (x instanceof ConnectException) {
                return "Error: Connection refused\n";
            }
            if (x instanceof UnknownHostException) {
                return "Unable to connect (Lookup error.).\n";
            }
        }
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return "Error: " + (root.getMessage() == null ? root.toString() : root.getMessage()) + "\n";
    }

    /** stderr unless {@code --quiet}. */
    static void report(ClientConfig c, Terminal t, String text) {
        if (!c.quiet) {
            t.err().print(text);
            t.err().flush();
        }
    }

    static void disconnect(MqttClient client, ClientConfig c, DebugLog debug) {
        debug.sending("DISCONNECT");
        try {
            client.disconnect(new Disconnect(ReasonCode.SUCCESS,
                    c.version.isV5() ? c.disconnectProps.build() : io.tombo.codec.Properties.EMPTY));
        } catch (RuntimeException ignored) {
            // already gone; we are leaving anyway
        }
    }

    /** libmosquitto's mosquitto_reason_string by number, which mosquitto_rr uses even for 3.x return codes. */
    static String reasonWords(int code) {
        ReasonCode rc = ReasonCode.of(code);
        return rc == null ? "Unknown reason" : ReasonStrings.reason(rc);
    }
}
