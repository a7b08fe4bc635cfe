package io.tombo.recorder;

import io.tombo.config.RecordRule;
import io.tombo.config.RecorderConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The embedded series store, {@code recorder.db} (SQLite, WAL): the {@value RecordRule#EMBEDDED} sink, the dead
 * letters, retention, and the queries of the HTTP API.
 *
 * <p><b>Threading.</b> One writer thread ({@code tombo-series-writer}) owns the write connection: batches of
 * readings, dead letters and the hourly retention run there in turn, each in one transaction, and {@link #accept}
 * returns once its batch is committed. Queries run on the caller's thread with one of a few read connections,
 * which WAL lets read beside the writer.
 */
public final class SeriesStore implements Sink, DeadLetters {
    public static final String FILE_NAME = "recorder.db";
    private static final Logger log = LoggerFactory.getLogger(SeriesStore.class);
    private static final int READERS = 4;

    /** A query on a lent read connection. */
    @FunctionalInterface
    interface Query<T> {
        T run(SeriesQueries q) throws SQLException;
    }

    private final Path file;
    private final RecorderConfig.Retention retention;
    private final Map<String, Duration> ruleRetention;
    private final InstantSource clock;
    private final ExecutorService writerThread;
    private final ScheduledExecutorService timer;
    private final SeriesWriter writer;
    private final BlockingQueue<SeriesQueries> readers = new ArrayBlockingQueue<>(READERS);
    private final List<Connection> readConnections = new java.util.ArrayList<>();
    private final AtomicLong points = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();

    private SeriesStore(Path file, RecorderConfig.Retention retention, Map<String, Duration> ruleRetention,
                        InstantSource clock) throws SQLException {
        this.file = file;
        this.retention = retention;
        this.ruleRetention = ruleRetention;
        this.clock = clock;
        Connection db = connect(file, false);
        try {
            SeriesSchema.prepare(db, file);
            this.writer = new SeriesWriter(db);
        } catch (SQLException | RuntimeException e) {
            db.close();
            throw e;
        }
        for (int i = 0; i < READERS; i++) {
            Connection r = connect(file, true);
            readConnections.add(r);
            readers.add(new SeriesQueries(r));
        }
        this.writerThread = Executors.newSingleThreadExecutor(r -> Thread.ofPlatform().name("tombo-series-writer")
                .daemon().unstarted(r));
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform()
                .name("tombo-series-retention").daemon().unstarted(r));
    }

    /**
     * Opens (or creates) {@code dir/recorder.db}; retention runs when asked ({@link #expire}) or, after
     * {@link #expireHourly}, every hour.
     *
     * @throws IllegalStateException when the file is not a recorder database or a newer Tombo wrote it
     */
    public static SeriesStore open(Path dir, RecorderConfig.Retention retention, List<RecordRule> rules,
                                   InstantSource clock) {
        Path file = dir.resolve(FILE_NAME);
        if (!Files.isDirectory(dir.toAbsolutePath())) {
            throw new IllegalStateException("Cannot create " + file + ": directory " + dir.toAbsolutePath()
                    + " does not exist");
        }
        Map<String, Duration> perRule = new HashMap<>();
        for (RecordRule r : rules) {
            if (r.retention() != null) {
                perRule.put(r.name(), r.retention());
            }
        }
        try {
            SeriesStore store = new SeriesStore(file, retention, perRule, clock);
            log.info("recorder: series store {}", file.toAbsolutePath());
            return store;
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot open " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String name() {
        return RecordRule.EMBEDDED;
    }

    @Override
    public void accept(List<Reading> readings) throws IOException {
        int added = onWriter(() -> writer.write(readings));
        points.addAndGet(added);
        long total = 0;
        for (Reading r : readings) {
            total += r.fields().size();
        }
        duplicates.addAndGet(total - added);
    }

    @Override
    public void keep(List<DeadLetter> letters) throws IOException {
        onWriter(() -> {
            writer.keep(letters);
            return null;
        });
    }

    /** Runs retention now and then every hour, on the writer thread between batches. */
    public void expireHourly() {
        timer.scheduleWithFixedDelay(this::expireQuietly, 0, 1, TimeUnit.HOURS);
    }

    /** Runs retention now; returns the number of rows deleted. */
    public long expire() throws IOException {
        return onWriter(() -> writer.expire(clock.instant(), this::rawRetention, retention.minutes(),
                retention.hours()));
    }

    /** Runs {@code query} on a read connection. */
    <T> T read(Query<T> query) throws IOException {
        SeriesQueries q;
        try {
            q = readers.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted waiting for a read connection", e);
        }
        try {
            return query.run(q);
        } catch (SQLException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        } finally {
            readers.add(q);
        }
    }

    public List<Series> series(String topicFilter, String field) throws IOException {
        return read(q -> q.series(topicFilter, field));
    }

    public List<Point> points(Series s, Instant from, Instant to, int limit) throws IOException {
        return read(q -> q.points(s.id(), from.toEpochMilli(), to.toEpochMilli(), limit));
    }

    public List<Bucket> aggregate(Series s, Instant from, Instant to, Duration bucket) throws IOException {
        return read(q -> q.aggregate(s.id(), from.toEpochMilli(), to.toEpochMilli(), bucket.toMillis()));
    }

    public Point latest(Series s) throws IOException {
        return read(q -> q.latest(s.id()));
    }

    public List<DeadLetter> deadLetters(int limit) throws IOException {
        return read(q -> q.deadLetters(limit));
    }

    /** Points stored since start. */
    public long pointsStored() {
        return points.get();
    }

    /** Points handed in again (same series and time) and not stored twice. */
    public long duplicatesIgnored() {
        return duplicates.get();
    }

    public Path file() {
        return file;
    }

    @Override
    public void close() {
        timer.shutdownNow();
        writerThread.shutdown();
        try {
            writerThread.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            writer.close();
        } catch (SQLException e) {
            log.warn("recorder: closing {}: {}", file, e.getMessage());
        }
        for (Connection c : readConnections) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // closing anyway
            }
        }
    }

    private Duration rawRetention(String rule) {
        return ruleRetention.getOrDefault(rule, retention.raw());
    }

    private void expireQuietly() {
        try {
            long deleted = expire();
            if (deleted > 0) {
                log.info("recorder: retention deleted {} rows from {}", deleted, file);
            }
        } catch (IOException | RuntimeException e) {
            log.warn("recorder: retention on {} failed: {}", file, e.getMessage());
        }
    }

    @FunctionalInterface
    private interface WriterTask<T> {
        T run() throws SQLException;
    }

    private <T> T onWriter(WriterTask<T> task) throws IOException {
        try {
            Future<T> done = writerThread.submit(task::run);
            return done.get();
        } catch (ExecutionException e) {
            throw new IOException(file + ": " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while writing " + file, e);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            throw new IOException(file + " is closed", e);
        }
    }

    private static Connection connect(Path file, boolean readOnly) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setBusyTimeout(5000);
        config.setReadOnly(readOnly);
        return config.createConnection("jdbc:sqlite:" + file.toAbsolutePath());
    }
}
