package io.tombo.recorder.sink;

import java.sql.PreparedStatement;
import java.sql.SQLException;

/** The column types a table sink creates, one per kind of {@link io.tombo.recorder.Reading} field value. */
enum ColumnType {
    DOUBLE, BIGINT, BOOLEAN, TEXT;

    /** The type a new column gets for its first value. */
    static ColumnType of(Object value) {
        return switch (value) {
            case Double d -> DOUBLE;
            case Long l -> BIGINT;
            case Boolean b -> BOOLEAN;
            default -> TEXT;
        };
    }

    /** Whether a column of this type holds {@code value} without loss (a TEXT column holds any value as text). */
    boolean holds(Object value) {
        return switch (this) {
            case DOUBLE -> value instanceof Double || value instanceof Long;
            case BIGINT -> value instanceof Long;
            case BOOLEAN -> value instanceof Boolean;
            case TEXT -> true;
        };
    }

    void bind(PreparedStatement statement, int index, Object value) throws SQLException {
        switch (this) {
            case DOUBLE -> statement.setDouble(index, ((Number) value).doubleValue());
            case BIGINT -> statement.setLong(index, (Long) value);
            case BOOLEAN -> statement.setBoolean(index, (Boolean) value);
            case TEXT -> statement.setString(index, value.toString());
        }
    }
}
