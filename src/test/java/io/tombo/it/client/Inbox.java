package io.tombo.it.client;

import io.tombo.client.MessageHandler;
import io.tombo.codec.Publish;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Collects delivered messages; every wait is bounded. */
final class Inbox implements MessageHandler {
    static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final BlockingQueue<Publish> messages = new LinkedBlockingQueue<>();

    @Override
    public void onMessage(Publish message) {
        messages.add(message);
    }

    /** The next message, failing the test when none arrives within {@link #TIMEOUT}. */
    Publish next() throws InterruptedException {
        Publish p = messages.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(p).as("a message within " + TIMEOUT).isNotNull();
        return p;
    }

    /** Asserts that nothing arrives within {@code quiet} (a bounded wait on the queue, not a sleep). */
    void expectNothingFor(Duration quiet) throws InterruptedException {
        Publish p = messages.poll(quiet.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(p).as("no further message").isNull();
    }

    int size() {
        return messages.size();
    }

    static String text(Publish p) {
        return new String(p.payload(), StandardCharsets.UTF_8);
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
