package io.tombo.cli;

import io.tombo.client.MqttClient;
import io.tombo.codec.Publish;
import io.tombo.codec.QoS;
import io.tombo.codec.SubAck;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * One run of {@code tombo sub}: mosquitto_sub's on_connect / on_subscribe / on_message. Messages arrive on the
 * client's receive thread, which alone touches the counters; the main thread waits for {@link #done} and
 * disconnects.
 */
final class Subscriber {
    /** MOSQ_ERR_TIMEOUT: mosquitto_sub's exit status when -W expires. */
    static final int EXIT_TIMED_OUT = 27;
    /** MOSQ_ERR_CONN_LOST. */
    static final int EXIT_CONNECTION_LOST = 7;

    private final ClientConfig c;
    private final Terminal t;
    private final DebugLog debug;
    private final MessageFormatter formatter;
    private final CompletableFuture<Integer> done = new CompletableFuture<>();
    private volatile boolean processing = true;
    private int received;
    private MqttClient client;
    private CompletableFuture<Void> pendingClear = CompletableFuture.completedFuture(null);

    Subscriber(ClientConfig c, Terminal t) {
        this.c = c;
        this.t = t;
        this.debug = new DebugLog(c.debug, t.out(), "");
        this.formatter = new MessageFormatter(c.format, c.verbose, c.eol, c.pretty, t.clock(), t.zone(),
                line -> ClientSession.report(c, t, line));
    }

    int run() throws ClientSession.Failed {
        client = ClientSession.connect(c, debug, t);
        ScheduledExecutorService timer = null;
        if (c.timeoutSeconds > 0) {
            timer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread th = new Thread(r, "tombo-sub-timeout");
                th.setDaemon(true);
                return th;
            });
            timer.schedule(this::timedOut, c.timeoutSeconds, TimeUnit.SECONDS);
        }
        client.onConnectionLost(e -> {
            ClientSession.report(c, t, "Error: The connection was lost.\n");
            done.complete(EXIT_CONNECTION_LOST);
        });
        for (String topic : c.topics) {
            debug.sending("SUBSCRIBE (Mid: 1, Topic: " + topic + ", QoS: " + c.qos + ", Options: 0x"
                    + String.format("%02x", SubCommand.optionsByte(c)) + ")");
        }
        client.subscribe(SubCommand.subscriptions(c), SubCommand.v5(c, c.subscribeProps), this::onMessage)
                .whenComplete(this::onSubscribed);
        SubCommand.unsubscribe(client, c, debug);
        int code = await();
        if (timer != null) {
            timer.shutdownNow();
        }
        if (code != EXIT_CONNECTION_LOST) {
            pendingClear.exceptionally(e -> null).join();
            ClientSession.disconnect(client, c, debug);
        }
        return code;
    }

    private int await() {
        try {
            return done.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        } catch (ExecutionException e) {
            return 1;
        }
    }

    private void timedOut() {
        processing = false;
        ClientSession.report(c, t, "Timed out\n");
        done.complete(EXIT_TIMED_OUT);
    }

    private void onSubscribed(SubAck ack, Throwable failure) {
        if (failure != null) {
            ClientSession.report(c, t, ClientSession.ioMessage(failure));
            done.complete(1);
            return;
        }
        debug.received("SUBACK");
        debug.line(SubCommand.subscribed(ack));
        boolean someAllowed = ack.reasons().stream().anyMatch(r -> !r.isError());
        if (!someAllowed) {
            ClientSession.report(c, t, "All subscription requests were denied.\n");
            done.complete(0);
        }
        if (c.exitAfterSubscribe) {
            done.complete(0);
        }
    }

    private void onMessage(Publish m) {
        SubCommand.logReceived(debug, m);
        if (!processing) {
            return;
        }
        for (String filter : c.filterOuts) {
            if (TopicMatch.matches(filter, m.topic())) {
                return;
            }
        }
        if (c.removeRetained && m.retain()) {
            pendingClear = client.publish(m.topic(), new byte[0], QoS.AT_LEAST_ONCE, true);
        }
        if (c.retainedOnly && !m.retain()) {
            processing = false;
            done.complete(0);
            return;
        }
        if (m.retain() && c.noRetained) {
            return;
        }
        if (c.randomFilter < 10000 && ThreadLocalRandom.current().nextInt(10000) >= c.randomFilter) {
            return;
        }
        byte[] bytes = formatter.render(m);
        t.out().write(bytes, 0, bytes.length);
        t.out().flush();
        if (c.messageCount > 0 && ++received == c.messageCount) {
            processing = false;
            done.complete(0);
        }
    }
}
