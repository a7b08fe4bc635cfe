package io.tombo.cli;

import io.tombo.client.MqttClient;
import io.tombo.codec.Properties;
import io.tombo.codec.Publish;
import io.tombo.codec.QoS;
import io.tombo.codec.RetainHandling;
import io.tombo.codec.SubAck;
import io.tombo.codec.Subscription;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code tombo sub}: mosquitto_sub. Subscribes to every {@code -t}, unsubscribes every {@code -U}, and prints each
 * message as mosquitto_sub does until {@code -C} messages, {@code -W} seconds, {@code -E} or
 * {@code --retained-only} end it.
 */
@Command(name = "sub", description = "Subscribe to topics and print the messages (as mosquitto_sub).")
final class SubCommand implements Callable<Integer> {
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
            ClientConfig c = ClientCommand.configure(ClientTool.SUB, args, t);
            return new Subscriber(c, t).run();
        } catch (ClientSession.Failed f) {
            return f.exitCode;
        }
    }

    /** The subscriptions mosquitto_sub asks for: one per {@code -t}, with -q, -R and --retain-as-published. */
    static List<Subscription> subscriptions(ClientConfig c) {
        List<Subscription> subs = new ArrayList<>();
        for (String topic : c.topics) {
            subs.add(new Subscription(topic, QoS.of(c.qos), false, c.retainAsPublished,
                    c.noRetained ? RetainHandling.DO_NOT_SEND : RetainHandling.SEND_ON_SUBSCRIBE));
        }
        return subs;
    }

    /** The {@code Options: 0x..} byte -d prints for a SUBSCRIBE. */
    static int optionsByte(ClientConfig c) {
        return (c.retainAsPublished ? 0x08 : 0) | (c.noRetained ? 0x20 : 0);
    }

    static String subscribed(SubAck ack) {
        StringBuilder sb = new StringBuilder("Subscribed (mid: 1): ");
        for (int i = 0; i < ack.reasons().size(); i++) {
            sb.append(i == 0 ? "" : ", ").append(ack.reasons().get(i).value());
        }
        return sb.toString();
    }

    static Properties v5(ClientConfig c, Properties.Builder b) {
        return c.version.isV5() ? b.build() : Properties.EMPTY;
    }

    static void logReceived(DebugLog debug, Publish m) {
        debug.received(DebugLog.publish(m, m.packetId()));
        switch (m.qos()) {
            case AT_LEAST_ONCE -> debug.sending("PUBACK (m" + m.packetId() + ", rc0)");
            case EXACTLY_ONCE -> debug.sending("PUBREC (m" + m.packetId() + ", rc0)");
            default -> { }
        }
    }

    static void unsubscribe(MqttClient client, ClientConfig c, DebugLog debug) {
        if (c.unsubscribeTopics.isEmpty()) {
            return;
        }
        for (String topic : c.unsubscribeTopics) {
            debug.sending("UNSUBSCRIBE (Mid: 2, Topic: " + topic + ")");
        }
        client.unsubscribe(c.unsubscribeTopics, v5(c, c.unsubscribeProps))
                .thenRun(() -> debug.received("UNSUBACK"));
    }
}
