package io.tombo.client;

import io.tombo.codec.Properties;
import io.tombo.codec.ProtocolVersion;
import io.tombo.codec.Will;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Everything a client needs to connect, with mosquitto_pub's defaults: localhost:1883, MQTT 3.1.1, keep alive 60 s,
 * clean start, no credentials, a 10 s connect time-out, no automatic reconnect.
 *
 * @param port              0 means the transport's default (1883, 8883, 80, 443)
 * @param unixSocket        the socket path for {@link Transport#UNIX}
 * @param webSocketPath     the HTTP path of a WebSocket broker ({@code /mqtt} by default, as Mosquitto's clients)
 * @param clientId          empty asks the server to assign one (3.1.1 needs clean start for that)
 * @param connectProperties 5.0 CONNECT properties: session expiry, receive maximum, maximum packet size, topic
 *                          alias maximum, user properties ...
 * @param connectTimeout    bounds dialling, the TLS or WebSocket handshake and the wait for CONNACK together
 * @param maxInflight       QoS 1/2 publishes awaiting acknowledgement before further ones wait inside the client
 *                          (publish() itself never blocks); the server's Receive Maximum lowers it; 0 means no limit
 *                          of the client's own
 * @param reconnect         null for no automatic reconnect
 */
public record ClientOptions(
        Transport transport,
        String host,
        int port,
        Path unixSocket,
        String webSocketPath,
        TlsOptions tls,
        ProtocolVersion version,
        String clientId,
        boolean cleanStart,
        int keepAliveSeconds,
        String username,
        byte[] password,
        Will will,
        Properties connectProperties,
        Duration connectTimeout,
        int maxInflight,
        ReconnectPolicy reconnect) {

    public ClientOptions {
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(connectProperties, "connectProperties");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
    }

    /** The port to dial: {@link #port()} or the transport's default. */
    public int effectivePort() {
        if (port != 0) {
            return port;
        }
        return switch (transport) {
            case TCP, UNIX -> 1883;
            case TLS -> 8883;
            case WEBSOCKET -> 80;
            case WEBSOCKET_TLS -> 443;
        };
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Automatic reconnect after a lost connection, with exponential back-off between {@code initialDelay} and
     * {@code maxDelay}, until connected again or closed. The first connect is not retried: it throws.
     */
    public record ReconnectPolicy(Duration initialDelay, Duration maxDelay) {
    }

    /** Builds {@link ClientOptions}; every setter has mosquitto_pub's default. */
    public static final class Builder {
        private Transport transport = Transport.TCP;
        private String host = "localhost";
        private int port;
        private Path unixSocket;
        private String webSocketPath = "/mqtt";
        private TlsOptions tls = TlsOptions.DEFAULT;
        private ProtocolVersion version = ProtocolVersion.MQTT_3_1_1;
        private String clientId = "";
        private boolean cleanStart = true;
        private int keepAliveSeconds = 60;
        private String username;
        private byte[] password;
        private Will will;
        private Properties connectProperties = Properties.EMPTY;
        private Duration connectTimeout = Duration.ofSeconds(10);
        private int maxInflight = 20;
        private ReconnectPolicy reconnect;

        private Builder() {
        }

        public Builder transport(Transport t) { this.transport = t; return this; }
        public Builder host(String h) { this.host = h; return this; }
        public Builder port(int p) { this.port = p; return this; }
        public Builder unixSocket(Path p) { this.unixSocket = p; this.transport = Transport.UNIX; return this; }
        public Builder webSocketPath(String p) { this.webSocketPath = p; return this; }
        public Builder tls(TlsOptions t) { this.tls = t; return this; }
        public Builder version(ProtocolVersion v) { this.version = v; return this; }
        public Builder clientId(String id) { this.clientId = id; return this; }
        public Builder cleanStart(boolean c) { this.cleanStart = c; return this; }
        public Builder keepAliveSeconds(int s) { this.keepAliveSeconds = s; return this; }
        public Builder username(String u) { this.username = u; return this; }
        public Builder password(byte[] p) { this.password = p; return this; }
        public Builder will(Will w) { this.will = w; return this; }
        public Builder connectProperties(Properties p) { this.connectProperties = p; return this; }
        public Builder connectTimeout(Duration d) { this.connectTimeout = d; return this; }
        public Builder maxInflight(int n) { this.maxInflight = n; return this; }
        public Builder reconnect(ReconnectPolicy r) { this.reconnect = r; return this; }

        public ClientOptions build() {
            return new ClientOptions(transport, host, port, unixSocket, webSocketPath, tls, version, clientId,
                    cleanStart, keepAliveSeconds, username, password, will, connectProperties, connectTimeout,
                    maxInflight, reconnect);
        }
    }
}
