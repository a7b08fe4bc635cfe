package io.tombo.client;

/** How a client reaches its broker. */
public enum Transport {
    /** Plain TCP ({@code mqtt://}, port 1883). */
    TCP,
    /** TLS over TCP ({@code mqtts://}, port 8883). */
    TLS,
    /** WebSocket with subprotocol {@code mqtt} ({@code ws://}, port 80 or 8080). */
    WEBSOCKET,
    /** WebSocket over TLS ({@code wss://}). */
    WEBSOCKET_TLS,
    /** A Unix domain socket (Mosquitto's {@code --unix}). */
    UNIX
}
