package io.tombo.cli.bench;

import io.tombo.bench.BenchTls;
import io.tombo.bench.Scenario;
import io.tombo.bench.Scenario.Kind;
import io.tombo.bench.Target;
import io.tombo.bench.TopicPattern;
import io.tombo.client.TlsOptions;
import io.tombo.codec.ProtocolVersion;
import io.tombo.codec.QoS;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Locale;

/**
 * The options every {@code tombo bench} subcommand shares, named as emqtt-bench and mosquitto_pub name them. Counts,
 * topics and filters left unset take the subcommand's default ({@link #scenario}).
 */
final class BenchOptions {
    @Option(names = {"-h", "--host"}, description = "Broker host (default: ${DEFAULT-VALUE}).")
    String host = "localhost";

    @Option(names = {"-p", "--port"}, description = "Broker port (default: 1883, 8883 with TLS).")
    Integer port;

    @Option(names = {"-V", "--protocol-version"}, description = "31, 311 or 5 (also mqttv31, mqttv311, mqttv5; "
            + "default 311).")
    String protocol = "311";

    @Option(names = {"-u", "--username"}, description = "User name.")
    String username;

    @Option(names = {"-P", "--pw"}, description = "Password.")
    String password;

    @Option(names = {"-k", "--keepalive"}, description = "Keep alive in seconds; 0 turns it off (default: "
            + "${DEFAULT-VALUE}).")
    int keepAlive = 300;

    @Option(names = {"-c", "--clients"}, description = "Clients: connections (conn), publishers (pub, fanin), "
            + "subscribers (sub, fanout), pairs (p2p).")
    Integer clients;

    @Option(names = {"-R", "--conn-rate"}, description = "Connections opened per second; 0 as fast as possible "
            + "(default: ${DEFAULT-VALUE}).")
    double connectRate = 0;

    @Option(names = "--conn-concurrency", description = "Handshakes in progress at once (default: ${DEFAULT-VALUE}).")
    int connectConcurrency = 32;

    @Option(names = {"-t", "--topic"}, description = "Topic to publish to (%%i client number, %%c client id); for "
            + "sub, the filter.")
    String topic;

    @Option(names = {"-F", "--filter"}, description = "Filter subscribers use in fanin, fanout and p2p (%%i, %%c).")
    String filter;

    @Option(names = {"-q", "--qos"}, description = "QoS of publishes and subscriptions (default: ${DEFAULT-VALUE}).")
    int qos = 0;

    @Option(names = {"-s", "--size"}, description = "Payload bytes, at least 20 (default: ${DEFAULT-VALUE}).")
    int size = 64;

    @Option(names = {"-r", "--rate"}, description = "Messages per second per publisher; 0 closed loop "
            + "(default: ${DEFAULT-VALUE}).")
    double rate = 0;

    @Option(names = {"-w", "--window"}, description = "QoS 1/2 messages in flight per publisher (default: "
            + "${DEFAULT-VALUE}; capped by the broker's Receive Maximum).")
    int window = 100;

    @Option(names = {"-x", "--session-expiry"}, description = "Seconds every session outlives its connection: 5.0 "
            + "Session Expiry Interval, clean session 0 with 3.1.x; 0 for clean sessions (default: ${DEFAULT-VALUE}).")
    long sessionExpiry = 0;

    @Option(names = {"-d", "--duration"}, description = "Measured seconds (default: ${DEFAULT-VALUE}).")
    double duration = 10;

    @Option(names = "--warmup", description = "Seconds before the measurement starts (default: ${DEFAULT-VALUE}).")
    double warmup = 1;

    @Option(names = "--io-threads", description = "Threads that drive the connections of the message scenarios over "
            + "plain TCP, each a selector loop; 0 for a thread per connection, as over TLS (default: "
            + "${DEFAULT-VALUE}).")
    int ioThreads = 1;

    @Option(names = "--broker-pid", description = "Broker process id: adds its CPU per message and RSS.")
    long brokerPid;

    @Option(names = "--client-prefix", description = "Client id prefix (default: bench-PID-).")
    String clientPrefix;

    @Option(names = "--help", usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @Option(names = "--json", description = "Print the report as one JSON object.")
    boolean json;

    @Option(names = "--cafile", description = "PEM file of trusted CA certificates (turns TLS on).")
    Path cafile;

    @Option(names = "--capath", description = "Directory of PEM CA certificates (turns TLS on).")
    Path capath;

    @Option(names = "--cert", description = "Client certificate (PEM).")
    Path cert;

    @Option(names = "--key", description = "Client private key (PEM).")
    Path key;

    @Option(names = "--insecure", description = "Do not check the server certificate's host name.")
    boolean insecure;

    @Option(names = "--tls-version", description = "tlsv1.2 or tlsv1.3.")
    String tlsVersion;

    /** The run these options describe for {@code kind}, with that subcommand's defaults filled in. */
    Scenario scenario(Kind kind) throws IOException, GeneralSecurityException {
        boolean tls = cafile != null || capath != null;
        if ((cert == null) != (key == null)) {
            throw new IllegalArgumentException("--cert and --key go together");
        }
        if (qos < 0 || qos > 2) {
            throw new IllegalArgumentException("QoS must be 0, 1 or 2");
        }
        if (sessionExpiry < 0 || sessionExpiry > 0xFFFFFFFFL) {
            throw new IllegalArgumentException("session expiry must be 0 to 4294967295 seconds");
        }
        Target target = new Target(host, port != null ? port : tls ? 8883 : 1883, version(protocol), keepAlive,
                username, password, tls ? BenchTls.of(new TlsOptions(cafile, capath, cert, key, insecure, tlsVersion))
                : null, sessionExpiry);
        int n = clients != null ? clients : defaultClients(kind);
        String t = topic != null ? topic : defaultTopic(kind);
        String f = filter != null ? filter : kind == Kind.SUB ? t : defaultFilter(kind, t);
        return new Scenario(kind, target, n, n, new TopicPattern(t), new TopicPattern(f), QoS.of(qos), size, rate,
                window, seconds(duration), seconds(warmup), connectRate, connectConcurrency,
                clientPrefix != null ? clientPrefix : "bench-" + ProcessHandle.current().pid() + "-", brokerPid,
                ioThreads);
    }

    static int defaultClients(Kind kind) {
        return switch (kind) {
            case CONN -> 1000;
            case FANIN -> 10;
            case FANOUT -> 100;
            case PUB, SUB, P2P -> 1;
        };
    }

    static String defaultTopic(Kind kind) {
        return switch (kind) {
            case CONN, PUB -> "bench/%i";
            case SUB -> "bench/#";
            case FANIN -> "bench/fanin/%i";
            case FANOUT -> "bench/fanout";
            case P2P -> "bench/p2p/%i";
        };
    }

    static String defaultFilter(Kind kind, String topic) {
        return switch (kind) {
            case FANIN -> "bench/fanin/+";
            default -> topic;
        };
    }

    static ProtocolVersion version(String v) {
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "mqttv31", "31" -> ProtocolVersion.MQTT_3_1;
            case "mqttv311", "311" -> ProtocolVersion.MQTT_3_1_1;
            case "mqttv5", "5" -> ProtocolVersion.MQTT_5;
            default -> throw new IllegalArgumentException("unknown protocol version '" + v + "' (31, 311 or 5)");
        };
    }

    private static Duration seconds(double s) {
        if (s < 0) {
            throw new IllegalArgumentException("negative duration");
        }
        return Duration.ofNanos((long) (s * 1e9));
    }
}
