package io.tombo.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.net.SyslogAppender;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import io.tombo.config.BrokerConfig.LogConfig;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * Mosquitto's logging directives on Logback: {@code log_dest} picks appenders (stdout, stderr, file, syslog,
 * topic, none), {@code log_type} the level, {@code log_timestamp[_format]} the line prefix. Re-applied on SIGHUP,
 * which also reopens the log file (for logrotate). Console and file lines go out in bursts ({@link LogLinger}):
 * whoever stops the process calls {@link #flush} last.
 */
final class LogSetup {
    private LogConfig config;
    private boolean verbose;
    private volatile BiConsumer<String, String> topicSink;
    private volatile List<LogLinger> lingers = List.of();

    LogSetup(LogConfig config, boolean verbose) {
        this.config = config;
        this.verbose = verbose;
    }

    /** Where {@code log_dest topic} lines go once the broker runs: (topic, line). */
    void topicSink(BiConsumer<String, String> sink) {
        this.topicSink = sink;
    }

    void reload(LogConfig fresh, boolean verboseFlag) {
        this.config = fresh;
        this.verbose = verboseFlag;
        apply();
    }

    void apply() {
        LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
        Logger root = ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.detachAndStopAllAppenders();
        root.setLevel(verbose ? Level.DEBUG : level(config.types()));
        ctx.getLogger("io.netty").setLevel(Level.WARN);
        for (String type : List.of("subscribe", "unsubscribe")) {
            boolean on = verbose || config.types().contains(type) || config.types().contains("all");
            ctx.getLogger("io.tombo.log." + type).setLevel(on ? Level.INFO : Level.OFF);
        }
        List<LogLinger> fresh = new ArrayList<>();
        for (Appender<ILoggingEvent> a : appenders(ctx)) {
            a.start();
            root.addAppender(a);
            if (a instanceof LingeringConsoleAppender c) {
                fresh.add(c.linger());
            } else if (a instanceof LingeringFileAppender f) {
                fresh.add(f.linger());
            }
        }
        lingers = List.copyOf(fresh);
    }

    /** Writes the lines still lingering in the buffers; for the last thing before the process exits. */
    void flush() {
        lingers.forEach(LogLinger::flush);
    }

    private List<Appender<ILoggingEvent>> appenders(LoggerContext ctx) {
        List<Appender<ILoggingEvent>> out = new ArrayList<>();
        List<String> dests = config.destinations().isEmpty() ? List.of("stderr") : config.destinations();
        for (String dest : dests) {
            switch (dest) {
                case "stdout", "stderr" -> {
                    LingeringConsoleAppender a = new LingeringConsoleAppender();
                    a.setTarget(dest.equals("stdout") ? "System.out" : "System.err");
                    out.add(withLayout(ctx, a));
                }
                case "file" -> {
                    LingeringFileAppender a = new LingeringFileAppender();
                    a.setFile(config.logFile().toString());
                    a.setAppend(true);
                    out.add(withLayout(ctx, a));
                }
                case "syslog" -> {
                    SyslogAppender a = new SyslogAppender();
                    a.setContext(ctx);
                    a.setSyslogHost("localhost");
                    a.setFacility(config.facility() == null ? "DAEMON" : config.facility().toUpperCase());
                    a.setSuffixPattern("tombo: %msg");
                    out.add(a);
                }
                case "topic" -> {
                    TopicAppender a = new TopicAppender(() -> topicSink);
                    a.setContext(ctx);
                    out.add(a);
                }
                default -> { } // "none" and destinations with no Java equivalent (dlt)
            }
        }
        return out;
    }

    private <A extends ch.qos.logback.core.OutputStreamAppender<ILoggingEvent>> A withLayout(LoggerContext ctx, A a) {
        a.setContext(ctx);
        LayoutWrappingEncoder<ILoggingEvent> enc = new LayoutWrappingEncoder<>();
        enc.setContext(ctx);
        MosquittoLayout layout = new MosquittoLayout(config.timestamp(), config.timestampFormat());
        layout.setContext(ctx);
        layout.start();
        enc.setLayout(layout);
        enc.start();
        a.setEncoder(enc);
        return a;
    }

    /** The lowest level any configured {@code log_type} asks for. */
    static Level level(Set<String> types) {
        if (types.contains("all") || types.contains("debug")) {
            return Level.DEBUG;
        }
        if (types.contains("information") || types.contains("notice") || types.contains("subscribe")
                || types.contains("unsubscribe") || types.contains("websockets")) { // subscribe lines log at INFO
            return Level.INFO;
        }
        if (types.contains("warning")) {
            return Level.WARN;
        }
        if (types.contains("error")) {
            return Level.ERROR;
        }
        return Level.OFF;
    }
}
