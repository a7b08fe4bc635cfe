package io.tombo.recorder.sink;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.stream.Collectors;

/**
 * What differs between PostgreSQL and MariaDB for a table sink: quoting, type names, schema queries, the
 * insert-unless-the-key-exists statement and how a time is bound.
 */
enum SqlDialect {
    POSTGRESQL('"', 63, Integer.MAX_VALUE) {
        @Override
        String createTable(String table) {
            return "CREATE TABLE IF NOT EXISTS " + quote(table) + " (" + quote(KEY) + " text PRIMARY KEY, "
                    + quote(TIME) + " timestamptz NOT NULL, " + quote(TOPIC) + " text NOT NULL)";
        }

        @Override
        List<String> createIndex(String table) {
            // Cut so that the index name stays under PostgreSQL's 63 characters and never equals the table's.
            String index = (table.length() > 50 ? table.substring(0, 50) : table) + "_timestamp";
            return List.of("CREATE INDEX IF NOT EXISTS " + quote(index) + " ON " + quote(table) + " (" + quote(TIME)
                    + ")");
        }

        @Override
        String columnsQuery() {
            return "SELECT column_name, data_type FROM information_schema.columns "
                    + "WHERE table_schema = current_schema() AND table_name = ?";
        }

        @Override
        String typeName(ColumnType type) {
            return switch (type) {
                case DOUBLE -> "double precision";
                case BIGINT -> "bigint";
                case BOOLEAN -> "boolean";
                case TEXT -> "text";
            };
        }

        @Override
        String widenToDouble(String table, String column) {
            return "ALTER TABLE " + quote(table) + " ALTER COLUMN " + quote(column) + " TYPE double precision";
        }

        @Override
        String onDuplicateKey() {
            return " ON CONFLICT (" + quote(KEY) + ") DO NOTHING";
        }

        @Override
        void bindTime(PreparedStatement statement, int index, Instant time) throws SQLException {
            statement.setObject(index, OffsetDateTime.ofInstant(time, ZoneOffset.UTC));
        }

        @Override
        Properties connectionDefaults() {
            var p = new Properties();
            p.setProperty("connectTimeout", "10"); // seconds
            p.setProperty("socketTimeout", "60");
            p.setProperty("tcpKeepAlive", "true");
            p.setProperty("ApplicationName", "tombo");
            return p;
        }
    },

    MARIADB('`', 64, 255) {
        @Override
        String createTable(String table) {
            return "CREATE TABLE IF NOT EXISTS " + quote(table) + " (" + quote(KEY) + " VARCHAR(255) NOT NULL PRIMARY "
                    + "KEY, " + quote(TIME) + " DATETIME(6) NOT NULL, " + quote(TOPIC) + " TEXT NOT NULL, INDEX ("
                    + quote(TIME) + ")) DEFAULT CHARSET = utf8mb4";
        }

        @Override
        List<String> createIndex(String table) {
            return List.of(); // created with the table
        }

        @Override
        String columnsQuery() {
            return "SELECT column_name, data_type FROM information_schema.columns "
                    + "WHERE table_schema = DATABASE() AND table_name = ?";
        }

        @Override
        String typeName(ColumnType type) {
            return type.name();
        }

        @Override
        String widenToDouble(String table, String column) {
            return "ALTER TABLE " + quote(table) + " MODIFY COLUMN " + quote(column) + " DOUBLE";
        }

        @Override
        String onDuplicateKey() {
            // Not INSERT IGNORE: that would also turn data errors into warnings and store something else.
            return " ON DUPLICATE KEY UPDATE " + quote(KEY) + " = " + quote(KEY);
        }

        @Override
        void bindTime(PreparedStatement statement, int index, Instant time) throws SQLException {
            statement.setObject(index, LocalDateTime.ofInstant(time, ZoneOffset.UTC)); // DATETIME holds UTC
        }

        @Override
        Properties connectionDefaults() {
            var p = new Properties();
            p.setProperty("connectTimeout", "10000"); // milliseconds
            p.setProperty("socketTimeout", "60000");
            p.setProperty("tcpKeepAlive", "true");
            return p;
        }
    };

    static final String KEY = "reading_key";
    static final String TIME = "timestamp";
    static final String TOPIC = "topic";

    private final char quote;
    private final int maxIdentifier;
    private final int maxKey;

    SqlDialect(char quote, int maxIdentifier, int maxKey) {
        this.quote = quote;
        this.maxIdentifier = maxIdentifier;
        this.maxKey = maxKey;
    }

    abstract String createTable(String table);

    abstract List<String> createIndex(String table);

    /** Column name and type name of table {@code ?} in the connection's schema. */
    abstract String columnsQuery();

    abstract String typeName(ColumnType type);

    abstract String widenToDouble(String table, String column);

    abstract String onDuplicateKey();

    abstract void bindTime(PreparedStatement statement, int index, Instant time) throws SQLException;

    /** Timeouts so that a dead server fails an attempt instead of hanging the drain thread; the URL may override. */
    abstract Properties connectionDefaults();

    String quote(String identifier) {
        return quote + identifier + quote;
    }

    String addColumn(String table, String column, ColumnType type) {
        return "ALTER TABLE " + quote(table) + " ADD COLUMN IF NOT EXISTS " + quote(column) + " " + typeName(type);
    }

    String insert(String table, List<String> fieldColumns) {
        String columns = fieldColumns.stream().map(this::quote).collect(Collectors.joining(", "));
        return "INSERT INTO " + quote(table) + " (" + quote(KEY) + ", " + quote(TIME) + ", " + quote(TOPIC)
                + (fieldColumns.isEmpty() ? "" : ", " + columns) + ") VALUES (?, ?, ?"
                + ", ?".repeat(fieldColumns.size()) + ")" + onDuplicateKey();
    }

    /** Why {@code name} cannot be a table or column name here, or null if it can. */
    String badIdentifier(String name) {
        if (name.isEmpty() || name.length() > maxIdentifier) {
            return "name '" + name + "' is empty or longer than " + maxIdentifier + " characters";
        }
        if (name.indexOf(quote) >= 0 || name.indexOf('\0') >= 0) {
            return "name '" + name + "' contains " + quote + " or NUL";
        }
        return null;
    }

    int maxKey() {
        return maxKey;
    }

    /** Reads {@code information_schema}'s data type as the closest {@link ColumnType}. */
    static ColumnType columnType(String dataType) {
        String type = dataType.toLowerCase(Locale.ROOT);
        if (type.contains("bool") || type.equals("tinyint") || type.equals("bit")) {
            return ColumnType.BOOLEAN;
        }
        if (type.contains("int")) {
            return ColumnType.BIGINT;
        }
        if (type.contains("double") || type.contains("float") || type.contains("real") || type.contains("numeric")
                || type.contains("decimal")) {
            return ColumnType.DOUBLE;
        }
        return ColumnType.TEXT;
    }
}
