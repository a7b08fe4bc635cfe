package io.tombo.cli;

import io.tombo.client.Transport;
import io.tombo.codec.Properties;
import io.tombo.codec.ProtocolVersion;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything {@code tombo pub/sub/rr} were told, with mosquitto_pub/sub/rr's defaults: Mosquitto's
 * {@code struct mosq_config}. Filled by {@link ClientArgs} from the options file and then the command line (later
 * values win, lists grow), then checked once by {@link ClientArgs#finish}. Owned by the command's main thread.
 */
final class ClientConfig {
    /** How pub and rr get their payload ({@code -m -f -s -l -n}). */
    enum MessageSource { NONE, ARGUMENT, FILE, STDIN_WHOLE, STDIN_LINES, EMPTY }

    static final int PORT_UNDEFINED = -1;
    static final long EXPIRY_UNSET = -1;
    static final long EXPIRY_INFINITE = 0xFFFF_FFFFL;

    final ClientTool tool;
    boolean help;

    // connection
    Transport transport = Transport.TCP;
    String host;
    int port = PORT_UNDEFINED;
    String unixSocket;
    String bindAddress;
    int keepAlive = 60;
    boolean cleanSession = true;
    String id;
    String idPrefix;
    String username;
    String password;
    ProtocolVersion version;
    long sessionExpiry = EXPIRY_UNSET;
    int maxInflight = 20;
    boolean nodelay;
    boolean debug;
    boolean quiet;

    // will
    String willTopic;
    byte[] willPayload;
    int willQos;
    boolean willRetain;

    // TLS
    String cafile;
    String capath;
    String certfile;
    String keyfile;
    String keyform;
    String ciphers;
    String tlsVersion;
    String tlsAlpn;
    String tlsEngine;
    String tlsEngineKpassSha1;
    boolean tlsUseOsCerts;
    boolean insecure;
    String psk;
    String pskIdentity;
    String proxy;

    // MQTT 5 properties from -D, per packet
    final Properties.Builder connectProps = Properties.builder();
    final Properties.Builder publishProps = Properties.builder();
    final Properties.Builder subscribeProps = Properties.builder();
    final Properties.Builder unsubscribeProps = Properties.builder();
    final Properties.Builder disconnectProps = Properties.builder();
    final Properties.Builder willProps = Properties.builder();

    // pub and rr
    int qos;
    boolean retain;
    String topic;
    MessageSource messageSource = MessageSource.NONE;
    String message;
    String file;
    int repeatCount = 1;
    Duration repeatDelay = Duration.ZERO;
    String responseTopic;

    // sub and rr
    final List<String> topics = new ArrayList<>();
    final List<String> filterOuts = new ArrayList<>();
    final List<String> unsubscribeTopics = new ArrayList<>();
    int messageCount;
    int timeoutSeconds;
    boolean verbose;
    boolean eol = true;
    String format;
    boolean pretty;
    boolean noRetained;
    boolean retainedOnly;
    boolean removeRetained;
    boolean retainAsPublished;
    boolean exitAfterSubscribe;
    int randomFilter = 10000;

    ClientConfig(ClientTool tool) {
        this.tool = tool;
        this.version = tool == ClientTool.RR ? ProtocolVersion.MQTT_5 : ProtocolVersion.MQTT_3_1_1;
        if (tool == ClientTool.RR) {
            messageCount = 1;
        }
    }

    /** The port to dial: as given, else 8883 when a CA is given (TLS), else 1883. */
    int effectivePort() {
        if (port != PORT_UNDEFINED) {
            return port;
        }
        return cafile != null || capath != null || psk != null ? 8883 : 1883;
    }

    boolean tls() {
        return cafile != null || capath != null || transport == Transport.TLS
                || transport == Transport.WEBSOCKET_TLS;
    }
}
