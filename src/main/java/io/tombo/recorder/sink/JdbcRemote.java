package io.tombo.recorder.sink;

import io.tombo.recorder.Reading;

import java.io.IOException;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * A PostgreSQL or MariaDB database as a sink: one table per rule (or {@code sink_table}), created when first needed,
 * with a {@code reading_key} primary key, a {@code timestamp}, the {@code topic} and one typed column per field,
 * added when a field first appears. Inserts skip a key that is already there, so a batch sent again after a lost
 * commit acknowledgement writes nothing twice.
 *
 * <p>A field value its column cannot hold (text into a number column) is refused for good; a whole-number column
 * that meets a fraction is widened to a double column instead. When the database reports a data error for a batch,
 * its readings are tried one by one so that only the bad ones are refused. Any other failure is "down": the batch
 * stays in the outbox.
 *
 * <p>Used by its sink's drain thread only: the connection and the cached table columns are that thread's.
 */
final class JdbcRemote implements Remote {
    private static final int BATCH = 500;

    private final SqlDialect dialect;
    private final String url;
    private final Properties properties;
    private final String table;
    private final Map<String, Map<String, ColumnType>> columns = new HashMap<>();
    private Connection connection;

    /**
     * @param table the table every reading goes to, or null for its rule's name
     */
    JdbcRemote(SqlDialect dialect, String url, String user, String password, String table) {
        this.dialect = dialect;
        this.url = url;
        this.table = table;
        this.properties = dialect.connectionDefaults();
        if (user != null) {
            properties.setProperty("user", user);
        }
        if (password != null) {
            properties.setProperty("password", password);
        }
    }

    @Override
    public int batchSize() {
        return BATCH;
    }

    @Override
    public String describe() {
        int query = url.indexOf('?');
        return query < 0 ? url : url.substring(0, query) + "?..."; // the query part may hold a password
    }

    @Override
    public List<Rejection> write(List<Reading> readings) throws IOException {
        try {
            Connection db = connection();
            List<Rejection> rejected = new ArrayList<>();
            Map<String, List<Reading>> byTable = new LinkedHashMap<>();
            for (Reading r : readings) {
                byTable.computeIfAbsent(table != null ? table : r.rule(), t -> new ArrayList<>()).add(r);
            }
            List<Row> rows = new ArrayList<>();
            for (Map.Entry<String, List<Reading>> entry : byTable.entrySet()) {
                rows.addAll(rows(db, entry.getKey(), entry.getValue(), rejected));
            }
            insert(db, rows, rejected);
            return rejected;
        } catch (SQLException e) {
            disconnect();
            throw new IOException(message(e), e);
        }
    }

    /** The rows of {@code readings} for {@code tableName}, its columns made ready; the misfits go to {@code rejected}. */
    private List<Row> rows(Connection db, String tableName, List<Reading> readings, List<Rejection> rejected)
            throws SQLException {
        String bad = dialect.badIdentifier(tableName);
        if (bad != null) {
            readings.forEach(r -> rejected.add(new Rejection(r, "table " + bad)));
            return List.of();
        }
        Map<String, ColumnType> known = table(db, tableName);
        List<Row> rows = new ArrayList<>();
        for (Reading r : readings) {
            Row row = new Row(tableName, r, new ArrayList<>(), new ArrayList<>());
            String problem = fit(db, known, row);
            if (problem != null) {
                rejected.add(new Rejection(r, problem));
            } else {
                rows.add(row);
            }
        }
        return rows;
    }

    @Override
    public void close() {
        disconnect();
    }

    private Connection connection() throws SQLException {
        if (connection == null) {
            connection = DriverManager.getConnection(url, properties);
            connection.setAutoCommit(true);
        }
        return connection;
    }

    private void disconnect() {
        // After a failure the table may have changed under us too (dropped, altered): read it again next time.
        columns.clear();
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // the connection is being dropped because it failed already
            }
            connection = null;
        }
    }

    /** The table's columns, creating the table if it does not exist. */
    private Map<String, ColumnType> table(Connection db, String name) throws SQLException {
        Map<String, ColumnType> known = columns.get(name);
        if (known != null) {
            return known;
        }
        try (Statement s = db.createStatement()) {
            s.execute(dialect.createTable(name));
            for (String index : dialect.createIndex(name)) {
                s.execute(index);
            }
        }
        // MariaDB column names ignore case, PostgreSQL's quoted ones do not.
        known = dialect == SqlDialect.MARIADB ? new TreeMap<>(String.CASE_INSENSITIVE_ORDER) : new HashMap<>();
        try (PreparedStatement query = db.prepareStatement(dialect.columnsQuery())) {
            query.setString(1, name);
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    known.put(rs.getString(1), SqlDialect.columnType(rs.getString(2)));
                }
            }
        }
        columns.put(name, known);
        return known;
    }

    /**
     * Maps the reading's fields to columns, adding or widening columns as needed; returns why the reading cannot be
     * stored, or null.
     */
    private String fit(Connection db, Map<String, ColumnType> known, Row row) throws SQLException {
        Reading r = row.reading();
        if (r.key().length() > dialect.maxKey()) {
            return "key longer than " + dialect.maxKey() + " characters";
        }
        for (Map.Entry<String, Object> field : r.fields().entrySet()) {
            String column = column(field.getKey());
            String problem = dialect.badIdentifier(column);
            if (problem != null) {
                return "field " + problem;
            }
            Object value = field.getValue();
            if (value instanceof Double d && !Double.isFinite(d) && dialect == SqlDialect.MARIADB) {
                return "field " + field.getKey() + " is " + d + ", which MariaDB cannot store";
            }
            ColumnType type = known.get(column);
            if (type == null) {
                type = ColumnType.of(value);
                execute(db, dialect.addColumn(row.table(), column, type));
                known.put(column, type);
            } else if (type == ColumnType.BIGINT && value instanceof Double) {
                execute(db, dialect.widenToDouble(row.table(), column));
                type = ColumnType.DOUBLE;
                known.put(column, type);
            } else if (!type.holds(value)) {
                return "field " + field.getKey() + " = " + value + " does not fit column " + column + " of type "
                        + dialect.typeName(type);
            }
            if (row.columns().stream().anyMatch(column::equalsIgnoreCase) && dialect == SqlDialect.MARIADB) {
                return "fields differing only in case (" + column + ") share one MariaDB column";
            }
            row.columns().add(column);
            row.types().add(type);
        }
        return null;
    }

    /** The column of a field: the field's name, unless it is one of the table's own columns. */
    private static String column(String field) {
        boolean own = field.equalsIgnoreCase(SqlDialect.KEY) || field.equalsIgnoreCase(SqlDialect.TIME)
                || field.equalsIgnoreCase(SqlDialect.TOPIC);
        return own ? "field_" + field : field;
    }

    private void insert(Connection db, List<Row> rows, List<Rejection> rejected) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        try {
            insertAll(db, rows);
        } catch (SQLException e) {
            if (!dataError(e)) {
                throw e;
            }
            // One bad value fails the whole batch: find it by trying each reading alone.
            for (Row row : rows) {
                try {
                    insertAll(db, List.of(row));
                } catch (SQLException single) {
                    if (!dataError(single)) {
                        throw single;
                    }
                    rejected.add(new Rejection(row.reading(), message(single)));
                }
            }
        }
    }

    /** Inserts {@code rows} in one transaction, one prepared batch per table and column list. */
    private void insertAll(Connection db, List<Row> rows) throws SQLException {
        Map<String, List<Row>> byStatement = new LinkedHashMap<>();
        for (Row row : rows) {
            byStatement.computeIfAbsent(dialect.insert(row.table(), row.columns()), s -> new ArrayList<>()).add(row);
        }
        db.setAutoCommit(false);
        try {
            for (Map.Entry<String, List<Row>> entry : byStatement.entrySet()) {
                try (PreparedStatement insert = db.prepareStatement(entry.getKey())) {
                    for (Row row : entry.getValue()) {
                        bind(insert, row);
                        insert.addBatch();
                    }
                    insert.executeBatch();
                }
            }
            db.commit();
        } catch (SQLException e) {
            try {
                db.rollback();
            } catch (SQLException ignored) {
                // reported through e
            }
            throw e;
        } finally {
            db.setAutoCommit(true);
        }
    }

    private void bind(PreparedStatement insert, Row row) throws SQLException {
        Reading r = row.reading();
        insert.setString(1, r.key());
        dialect.bindTime(insert, 2, r.time());
        insert.setString(3, r.topic());
        int i = 4;
        int field = 0;
        for (Object value : r.fields().values()) {
            row.types().get(field++).bind(insert, i++, value);
        }
    }

    private static void execute(Connection db, String sql) throws SQLException {
        try (Statement s = db.createStatement()) {
            s.execute(sql);
        }
    }

    /** SQLSTATE class 22 (data exception) or 23 (integrity constraint): the reading, not the database, is at fault. */
    private static boolean dataError(SQLException e) {
        String state = state(e);
        return state != null && (state.startsWith("22") || state.startsWith("23"));
    }

    private static String state(SQLException e) {
        for (SQLException x = e; x != null; x = x.getNextException()) {
            if (x.getSQLState() != null && !(x instanceof BatchUpdateException && x.getNextException() != null)) {
                return x.getSQLState();
            }
        }
        return e.getSQLState();
    }

    private static String message(SQLException e) {
        SQLException next = e.getNextException();
        String text = next != null && next.getMessage() != null ? next.getMessage() : e.getMessage();
        return text == null ? e.getClass().getSimpleName() : text.lines().findFirst().orElse(text);
    }

    /** A reading bound for a table, with the column and type of each of its fields, in field order. */
    private record Row(String table, Reading reading, List<String> columns, List<ColumnType> types) {
    }
}
