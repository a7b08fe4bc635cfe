package io.tombo.client;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.time.Duration;

/**
 * Opens a {@link Link} for the options' transport. The TLS material is read once, when the client is made, so a bad
 * key file fails the first connect and reconnects do not read files again.
 */
final class Dialer {
    private final ClientOptions options;
    private final SSLContext sslContext;
    private final SSLParameters sslParameters;

    Dialer(ClientOptions options) throws MqttException {
        this.options = options;
        boolean secure = options.transport() == Transport.TLS || options.transport() == Transport.WEBSOCKET_TLS;
        if (secure) {
            TlsOptions tls = options.tls() == null ? TlsOptions.DEFAULT : options.tls();
            try {
                sslContext = TlsContexts.context(tls);
                sslParameters = TlsContexts.parameters(sslContext, tls);
            } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
                throw new MqttException("TLS setup failed: " + e.getMessage(), e);
            }
        } else {
            sslContext = null;
            sslParameters = null;
        }
    }

    Link dial(Duration timeout) throws IOException {
        String host = options.host();
        int port = options.effectivePort();
        return switch (options.transport()) {
            case TCP -> SocketLink.tcp(host, port, timeout);
            case TLS -> SocketLink.tls(host, port, timeout, sslContext, sslParameters);
            case UNIX -> {
                if (options.unixSocket() == null) {
                    throw new IOException("no Unix socket path given");
                }
                yield UnixLink.open(options.unixSocket());
            }
            case WEBSOCKET -> WebSocketLink.open(host, port, options.webSocketPath(), timeout, null, null);
            case WEBSOCKET_TLS -> WebSocketLink.open(host, port, options.webSocketPath(), timeout, sslContext,
                    sslParameters);
        };
    }

    /** Where this dialer connects, for messages and logs. */
    String target() {
        return switch (options.transport()) {
            case UNIX -> "unix:" + options.unixSocket();
            case WEBSOCKET -> "ws://" + options.host() + ":" + options.effectivePort() + options.webSocketPath();
            case WEBSOCKET_TLS -> "wss://" + options.host() + ":" + options.effectivePort() + options.webSocketPath();
            default -> options.host() + ":" + options.effectivePort();
        };
    }
}
