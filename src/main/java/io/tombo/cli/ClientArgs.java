package io.tombo.cli;

import io.tombo.client.Transport;
import io.tombo.codec.Property;
import io.tombo.codec.ProtocolVersion;
import io.tombo.codec.Topics;

import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.tombo.cli.ClientTool.PUB;
import static io.tombo.cli.ClientTool.RR;
import static io.tombo.cli.ClientTool.SUB;

/**
 * mosquitto_pub/sub/rr's argument syntax: a table of options (name → which tools accept it → what it sets), read
 * the way Mosquitto reads them: a value is the next argument whatever it looks like ({@code -m -5} publishes "-5"),
 * there is no clustering, later values override earlier ones and lists grow, and each refusal is worded as
 * Mosquitto words it. Picocli hands us the raw arguments; its own option syntax would refuse values that start
 * with a dash and word its errors differently.
 */
final class ClientArgs {
    private static final Set<ClientTool> ALL = EnumSet.allOf(ClientTool.class);
    private static final Set<ClientTool> SUB_ONLY = EnumSet.of(SUB);
    private static final Set<ClientTool> PUB_ONLY = EnumSet.of(PUB);
    private static final Set<ClientTool> NOT_PUB = EnumSet.of(SUB, RR);
    private static final Set<ClientTool> NOT_SUB = EnumSet.of(PUB, RR);

    /** What an option does with its value (null for a flag). */
    @FunctionalInterface
    private interface Setter {
        void apply(ClientConfig c, String value) throws UsageError;
    }

    /** One option: the tools that know it, and for options with a value the message when the value is missing. */
    private record Opt(Set<ClientTool> tools, String missing, Setter setter) {
    }

    private static final Map<String, Opt> OPTIONS = new LinkedHashMap<>();
    /** -i and -I exclude each other; Mosquitto checks before even looking for the value. */
    private static final Set<String> EXCLUSIVE_ID = new java.util.HashSet<>();

    private static void opt(Set<ClientTool> tools, String missing, Setter setter, String... names) {
        for (String n : names) {
            OPTIONS.put(n, new Opt(tools, missing, setter));
        }
    }

    private static void flag(Set<ClientTool> tools, Setter setter, String... names) {
        opt(tools, null, setter, names);
    }

    static {
        opt(ALL, "-A argument given but no address specified", (c, v) -> c.bindAddress = v, "-A");
        opt(ALL, "--cafile argument given but no file specified", (c, v) -> c.cafile = v, "--cafile");
        opt(ALL, "--capath argument given but no directory specified", (c, v) -> c.capath = v, "--capath");
        opt(ALL, "--cert argument given but no file specified", (c, v) -> c.certfile = v, "--cert");
        opt(ALL, "--ciphers argument given but no ciphers specified", (c, v) -> c.ciphers = v, "--ciphers");
        opt(SUB_ONLY, "-C argument given but no count specified", ClientArgs::count, "-C");
        flag(ALL, (c, v) -> c.cleanSession = false, "-c", "--disable-clean-session");
        flag(ALL, (c, v) -> c.debug = true, "-d", "--debug");
        opt(EnumSet.of(RR), "-e argument given but no response topic specified", (c, v) -> {
            checkPublishTopic(v, "Invalid response topic");
            c.responseTopic = v;
        }, "-e");
        flag(SUB_ONLY, (c, v) -> c.exitAfterSubscribe = true, "-E");
        opt(NOT_SUB, "-f argument given but no file specified", (c, v) -> {
            c.file = v;
            c.messageSource = ClientConfig.MessageSource.FILE;
        }, "-f", "--file");
        opt(NOT_PUB, "-F argument given but no format specified", (c, v) -> {
            FormatCheck.check(v);
            c.format = v;
        }, "-F");
        opt(ALL, "-h argument given but no host specified", (c, v) -> c.host = v, "-h", "--host");
        flag(ALL, (c, v) -> c.insecure = true, "--insecure");
        opt(ALL, "-i argument given but no id specified", (c, v) -> c.id = v, "-i", "--id");
        opt(ALL, "-I argument given but no id prefix specified", (c, v) -> c.idPrefix = v, "-I", "--id-prefix");
        EXCLUSIVE_ID.addAll(List.of("-i", "--id", "-I", "--id-prefix"));
        opt(ALL, "-k argument given but no keepalive specified", (c, v) -> {
            c.keepAlive = CNumbers.atoi(v);
            if (c.keepAlive < 5 || c.keepAlive > 65535) {
                throw error("Invalid keepalive given, it must be between 5 and 65535 inclusive.\n\n");
            }
        }, "-k", "--keepalive");
        opt(ALL, "--key argument given but no file specified", (c, v) -> c.keyfile = v, "--key");
        opt(ALL, "--keyform argument given but no keyform specified", (c, v) -> c.keyform = v, "--keyform");
        opt(ALL, "-L argument given but no URL specified", UrlArgument::apply, "-L", "--url");
        flag(PUB_ONLY, (c, v) -> source(c, ClientConfig.MessageSource.STDIN_LINES), "-l", "--stdin-line");
        opt(NOT_SUB, "-m argument given but no message specified", (c, v) -> {
            c.message = v;
            c.messageSource = ClientConfig.MessageSource.ARGUMENT;
        }, "-m", "--message");
        opt(ALL, "-M argument given but max_inflight not specified", (c, v) -> {
            c.maxInflight = CNumbers.atoi(v);
            if (c.maxInflight < 1) {
                throw error("Maximum inflight messages must be greater than 0.\n\n");
            }
        }, "-M");
        flag(ALL, (c, v) -> c.nodelay = true, "--nodelay");
        flag(NOT_SUB, (c, v) -> source(c, ClientConfig.MessageSource.EMPTY), "-n", "--null-message");
        flag(NOT_PUB, (c, v) -> c.eol = false, "-N");
        opt(ALL, "-p argument given but no port specified", (c, v) -> {
            c.port = CNumbers.atoi(v);
            if (c.port < 0 || c.port > 65535) {
                throw error("Invalid port given: " + c.port + "\n");
            }
        }, "-p", "--port");
        flag(NOT_PUB, (c, v) -> c.pretty = true, "--pretty");
        opt(ALL, "-P argument given but no password specified", (c, v) -> c.password = v, "-P", "--pw");
        opt(ALL, "--proxy argument given but no proxy url specified", (c, v) -> c.proxy = v, "--proxy");
        opt(ALL, "--psk argument given but no key specified", (c, v) -> c.psk = v, "--psk");
        opt(ALL, "--psk-identity argument given but no identity specified", (c, v) -> c.pskIdentity = v,
                "--psk-identity");
        opt(ALL, "-q argument given but no QoS specified", (c, v) -> {
            c.qos = CNumbers.atoi(v);
            if (c.qos < 0 || c.qos > 2) {
                throw error("Invalid QoS given: " + c.qos + "\n");
            }
        }, "-q", "--qos");
        flag(ALL, (c, v) -> c.quiet = true, "--quiet");
        flag(PUB_ONLY, (c, v) -> c.retain = true, "-r", "--retain");
        flag(NOT_PUB, (c, v) -> c.noRetained = true, "-R");
        opt(SUB_ONLY, "--random-filter argument given but no chance specified", (c, v) -> {
            c.randomFilter = (int) (10.0 * CNumbers.atof(v));
            if (c.randomFilter > 10000 || c.randomFilter < 1) {
                throw error("--random-filter chance must be between 0.1-100.0\n\n");
            }
        }, "--random-filter");
        flag(SUB_ONLY, (c, v) -> c.removeRetained = true, "--remove-retained");
        opt(PUB_ONLY, "--repeat argument given but no count specified", (c, v) -> {
            c.repeatCount = CNumbers.atoi(v);
            if (c.repeatCount < 1) {
                throw error("--repeat argument must be >0.\n\n");
            }
        }, "--repeat");
        opt(PUB_ONLY, "--repeat-delay argument given but no time specified", (c, v) -> {
            float seconds = (float) CNumbers.atof(v);
            if (seconds < 0.0f) {
                throw error("--repeat-delay argument must be >=0.0.\n\n");
            }
            c.repeatDelay = java.time.Duration.ofNanos((long) (seconds * 1e6f) * 1000L);
        }, "--repeat-delay");
        flag(NOT_PUB, (c, v) -> c.retainAsPublished = true, "--retain-as-published");
        flag(SUB_ONLY, (c, v) -> c.retainedOnly = true, "--retained-only");
        flag(NOT_SUB, (c, v) -> source(c, ClientConfig.MessageSource.STDIN_WHOLE), "-s", "--stdin-file");
        opt(ALL, "-t argument given but no topic specified", (c, v) -> addTopic(c, v), "-t", "--topic");
        opt(SUB_ONLY, "-T argument given but no topic filter specified", (c, v) -> {
            checkFilter(v, "Invalid filter topic");
            c.filterOuts.add(v);
        }, "-T", "--filter-out");
        opt(ALL, "--tls-alpn argument given but no protocol specified", (c, v) -> c.tlsAlpn = v, "--tls-alpn");
        opt(ALL, "--tls-engine argument given but no engine_id specified", (c, v) -> c.tlsEngine = v,
                "--tls-engine");
        opt(ALL, "--tls-engine-kpass-sha1 argument given but no kpass sha1 specified",
                (c, v) -> c.tlsEngineKpassSha1 = v, "--tls-engine-kpass-sha1");
        flag(ALL, (c, v) -> c.tlsUseOsCerts = true, "--tls-use-os-certs");
        opt(ALL, "--tls-version argument given but no version specified", (c, v) -> c.tlsVersion = v,
                "--tls-version");
        opt(SUB_ONLY, "-U argument given but no unsubscribe topic specified", (c, v) -> {
            checkFilter(v, "Invalid unsubscribe topic");
            c.unsubscribeTopics.add(v);
        }, "-U", "--unsubscribe");
        opt(ALL, "-u argument given but no username specified", (c, v) -> c.username = v, "-u", "--username");
        opt(ALL, "--unix argument given but no socket path specified", (c, v) -> {
            c.unixSocket = v;
            c.host = v;
            c.port = 0;
        }, "--unix");
        opt(ALL, "--protocol-version argument given but no version specified", ClientArgs::version, "-V",
                "--protocol-version");
        flag(NOT_PUB, (c, v) -> c.verbose = true, "-v", "--verbose");
        opt(NOT_PUB, "-W argument given but no timeout specified", (c, v) -> {
            int t = CNumbers.atoi(v);
            if (t < 1) {
                throw error("Invalid timeout \"" + t + "\".\n\n");
            }
            c.timeoutSeconds = t;
        }, "-W");
        opt(ALL, "--will-payload argument given but no will payload specified",
                (c, v) -> c.willPayload = v.getBytes(StandardCharsets.UTF_8), "--will-payload");
        opt(ALL, "--will-qos argument given but no will QoS specified", (c, v) -> {
            c.willQos = CNumbers.atoi(v);
            if (c.willQos < 0 || c.willQos > 2) {
                throw error("Invalid will QoS " + c.willQos + ".\n\n");
            }
        }, "--will-qos");
        flag(ALL, (c, v) -> c.willRetain = true, "--will-retain");
        opt(ALL, "--will-topic argument given but no will topic specified", (c, v) -> {
            checkPublishTopic(v, "Invalid will topic");
            c.willTopic = v;
        }, "--will-topic");
        opt(ALL, "-x argument given but no session expiry interval specified", ClientArgs::sessionExpiry, "-x");
    }

    private ClientArgs() {
    }

    /** Reads {@code args} into {@code c}, as Mosquitto's client_config_line_proc (used for options files too). */
    static void apply(ClientConfig c, List<String> args) throws UsageError {
        for (int i = 0; i < args.size(); i++) {
            String name = args.get(i);
            if (name.equals("--help")) {
                c.help = true;
                return;
            }
            if (name.equals("-D") || name.equals("--property")) {
                i = PropertyArgument.apply(c, args, i + 1);
                c.version = ProtocolVersion.MQTT_5;
                continue;
            }
            Opt opt = OPTIONS.get(name);
            if (opt == null || !opt.tools().contains(c.tool)) {
                throw new UsageError("Error: Unknown option '" + name + "'.\n", true);
            }
            String other = name.equals("-i") || name.equals("--id") ? c.idPrefix : c.id;
            if (EXCLUSIVE_ID.contains(name) && other != null) {
                throw error("-i and -I argument cannot be used together.\n\n");
            }
            if (opt.missing() == null) {
                opt.setter().apply(c, null);
                continue;
            }
            if (i == args.size() - 1) {
                throw error(opt.missing() + ".\n\n");
            }
            opt.setter().apply(c, args.get(++i));
        }
    }

    /** The checks Mosquitto makes once everything is read (client_config_load's tail and each tool's main). */
    static void finish(ClientConfig c) throws UsageError {
        if (c.willPayload != null && c.willTopic == null) {
            throw error("Will payload given, but no will topic given.\n");
        }
        if (c.willRetain && c.willTopic == null) {
            throw error("Will retain given, but no will topic given.\n");
        }
        if ((c.certfile != null && c.keyfile == null) || (c.keyfile != null && c.certfile == null)) {
            throw error("Both certfile and keyfile must be provided if one of them is set.\n");
        }
        if (c.keyform != null && c.keyfile == null) {
            throw error("If keyform is set, keyfile must be also specified.\n");
        }
        if (c.tlsEngineKpassSha1 != null && (c.keyform == null || c.tlsEngine == null)) {
            throw error("when using tls-engine-kpass-sha1, both tls-engine and keyform must also be provided.\n");
        }
        if ((c.cafile != null || c.capath != null) && c.psk != null) {
            throw error("Only one of --psk or --cafile/--capath may be used at once.\n");
        }
        if (c.psk != null && c.pskIdentity == null) {
            throw error("--psk-identity required if --psk used.\n");
        }
        if (c.version == ProtocolVersion.MQTT_5) {
            if (!c.cleanSession && c.sessionExpiry == ClientConfig.EXPIRY_UNSET) {
                c.sessionExpiry = ClientConfig.EXPIRY_INFINITE;
            }
            if (c.sessionExpiry > 0) {
                if (c.sessionExpiry == ClientConfig.EXPIRY_INFINITE && (c.idPrefix != null || c.id == null)) {
                    throw error("You must provide a client id if you are using an infinite session expiry "
                            + "interval.\n");
                }
                c.connectProps.put(Property.SESSION_EXPIRY_INTERVAL, c.sessionExpiry);
            }
        } else if (!c.cleanSession && (c.idPrefix != null || c.id == null)) {
            throw error("You must provide a client id if you are using the -c option.\n");
        }
        if (c.tool == SUB && c.topics.isEmpty()) {
            throw error("You must specify a topic to subscribe to.\n");
        }
        if (c.host == null) {
            c.host = "localhost";
        }
    }

    static UsageError error(String text) {
        return UsageError.of("Error: " + text);
    }

    private static void source(ClientConfig c, ClientConfig.MessageSource s) throws UsageError {
        if (c.messageSource != ClientConfig.MessageSource.NONE) {
            throw error("Only one type of message can be sent at once.\n\n");
        }
        c.messageSource = s;
    }

    private static void count(ClientConfig c, String v) throws UsageError {
        c.messageCount = CNumbers.atoi(v);
        if (c.messageCount < 1) {
            throw error("Invalid message count \"" + c.messageCount + "\".\n\n");
        }
    }

    private static void version(ClientConfig c, String v) throws UsageError {
        c.version = switch (v) {
            case "mqttv31", "31" -> ProtocolVersion.MQTT_3_1;
            case "mqttv311", "311" -> ProtocolVersion.MQTT_3_1_1;
            case "mqttv5", "5" -> ProtocolVersion.MQTT_5;
            default -> throw error("Invalid protocol version argument given.\n\n");
        };
    }

    private static void sessionExpiry(ClientConfig c, String v) throws UsageError {
        if (v.equals("∞")) {
            c.sessionExpiry = ClientConfig.EXPIRY_INFINITE;
            return;
        }
        Long parsed = CNumbers.strtolWhole(v);
        if (parsed == null) {
            throw error("session-expiry-interval not a number.\n\n");
        }
        if (parsed > ClientConfig.EXPIRY_INFINITE || parsed < -1) {
            throw error("session-expiry-interval out of range.\n\n");
        }
        c.sessionExpiry = parsed == -1 ? ClientConfig.EXPIRY_INFINITE : parsed;
    }

    /** {@code -t}: the publish topic for pub and rr (last one wins), one more subscription for sub. */
    static void addTopic(ClientConfig c, String topic) throws UsageError {
        if (c.tool == SUB) {
            checkFilter(topic, "Invalid subscription topic");
            c.topics.add(topic);
        } else {
            checkPublishTopic(topic, "Invalid publish topic");
            c.topic = topic;
        }
    }

    private static void checkPublishTopic(String topic, String what) throws UsageError {
        if (topic.indexOf('+') >= 0 || topic.indexOf('#') >= 0) {
            throw error(what + " '" + topic + "', does it contain '+' or '#'?\n");
        }
    }

    private static void checkFilter(String filter, String what) throws UsageError {
        if (!filter.isEmpty() && !Topics.isValidFilter(filter)) {
            throw error(what + " '" + filter + "', are all '+' and '#' wildcards correct?\n");
        }
    }

    /** {@code -L mqtt(s)://[user[:password]@]host[:port]/topic}. */
    private static final class UrlArgument {
        private UrlArgument() {
        }

        static void apply(ClientConfig c, String url) throws UsageError {
            String rest;
            String lower = url.toLowerCase(java.util.Locale.ROOT);
            if (lower.startsWith("mqtt://")) {
                rest = url.substring(7);
                c.port = 1883;
            } else if (lower.startsWith("mqtts://")) {
                rest = url.substring(8);
                c.port = 8883;
                c.transport = Transport.TLS;
            } else {
                throw error("unsupported URL scheme.\n\n");
            }
            int slash = rest.indexOf('/');
            if (slash < 0) {
                throw error("Invalid URL for -L argument specified - topic missing.\n");
            }
            addTopic(c, rest.substring(slash + 1));
            rest = rest.substring(0, slash);
            int at = rest.indexOf('@');
            if (at >= 0) {
                String user = rest.substring(0, at);
                int colon = user.indexOf(':');
                if (colon >= 0) {
                    c.password = user.substring(colon + 1);
                    user = user.substring(0, colon);
                }
                c.username = user;
                rest = rest.substring(at + 1);
            }
            int colon = rest.indexOf(':');
            if (colon >= 0) {
                c.port = CNumbers.atoi(rest.substring(colon + 1));
                rest = rest.substring(0, colon);
            }
            c.host = rest;
        }
    }
}
