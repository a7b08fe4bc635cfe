package io.tombo.cli;

import io.tombo.client.MqttClient;
import io.tombo.codec.Properties;
import io.tombo.codec.Property;
import io.tombo.codec.Publish;
import io.tombo.codec.QoS;
import io.tombo.codec.SubAck;
import io.tombo.codec.Subscription;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code tombo rr}: mosquitto_rr. Subscribes to the response topic ({@code -e}), publishes the request to
 * {@code -t} carrying that topic as its MQTT 5 Response Topic, prints the first response as mosquitto_sub would
 * and exits; {@code -W} bounds the wait (exit 27, "Timed out").
 */
@Command(name = "rr", description = "Publish a request and print the response (as mosquitto_rr).")
final class RrCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Unmatched
    List<String> unmatched = new ArrayList<>(); // picocli's copy; we read the raw arguments instead

    @Override
    public Integer call() {
        return run(ClientCommand.rawArgs(spec), Terminal.system());
    }

    static int run(List<String> args, Terminal t) {
        try {
            ClientConfig c = ClientCommand.configure(ClientTool.RR, args, t);
            if (c.topic == null || c.messageSource == ClientConfig.MessageSource.NONE || c.responseTopic == null) {
                t.err().print("Error: All of topic, message, and response topic must be supplied.\n"
                        + "\nUse 'tombo rr --help' to see usage.\n");
                return 1;
            }
            return request(c, t);
        } catch (ClientSession.Failed f) {
            return f.exitCode;
        }
    }

    private static int request(ClientConfig c, Terminal t) throws ClientSession.Failed {
        byte[] payload = payload(c, t);
        DebugLog debug = new DebugLog(c.debug, t.out(), "");
        MessageFormatter formatter = new MessageFormatter(c.format, c.verbose, c.eol, c.pretty, t.clock(), t.zone(),
                line -> ClientSession.report(c, t, line));
        MqttClient client = ClientSession.connect(c, debug, t);
        CompletableFuture<Publish> response = new CompletableFuture<>();
        client.onConnectionLost(response::completeExceptionally);
        debug.sending("SUBSCRIBE (Mid: 1, Topic: " + c.responseTopic + ", QoS: " + c.qos + ", Options: 0x00)");
        CompletableFuture<SubAck> subscribed = client.subscribe(
                List.of(new Subscription(c.responseTopic, QoS.of(c.qos))), SubCommand.v5(c, c.subscribeProps),
                m -> {
                    SubCommand.logReceived(debug, m);
                    response.complete(m);
                });
        int code;
        try {
            subscribed.get(c.timeoutSeconds > 0 ? c.timeoutSeconds : Long.MAX_VALUE, TimeUnit.SECONDS);
            debug.received("SUBACK");
            Properties.Builder props = c.publishProps;
            if (c.version.isV5()) {
                props.put(Property.RESPONSE_TOPIC, c.responseTopic);
            }
            Publish request = new Publish(c.topic, QoS.of(c.qos), c.retain, false, 0,
                    c.version.isV5() ? props.build() : Properties.EMPTY, payload);
            debug.sending(DebugLog.publish(request, 2));
            client.publish(request);
            Publish answer = c.timeoutSeconds > 0 ? response.get(c.timeoutSeconds, TimeUnit.SECONDS) : response.get();
            byte[] out = formatter.render(answer);
            t.out().write(out, 0, out.length);
            t.out().flush();
            code = 0;
        } catch (TimeoutException e) {
            ClientSession.report(c, t, "Timed out\n");
            code = Subscriber.EXIT_TIMED_OUT;
        } catch (ExecutionException e) {
            ClientSession.report(c, t, ClientSession.ioMessage(e.getCause()));
            return Subscriber.EXIT_CONNECTION_LOST;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            code = 1;
        }
        ClientSession.disconnect(client, c, debug);
        return code;
    }

    private static byte[] payload(ClientConfig c, Terminal t) throws ClientSession.Failed {
        try {
            return switch (c.messageSource) {
                case ARGUMENT -> c.message.getBytes(StandardCharsets.UTF_8);
                case FILE -> Files.readAllBytes(Path.of(c.file));
                case STDIN_WHOLE -> t.in().readAllBytes();
                default -> new byte[0];
            };
        } catch (IOException e) {
            ClientSession.report(c, t, "Error: Unable to open file \"" + c.file + "\".\n"
                    + "Error loading input file \"" + c.file + "\".\n");
            throw new ClientSession.Failed(1);
        }
    }
}
