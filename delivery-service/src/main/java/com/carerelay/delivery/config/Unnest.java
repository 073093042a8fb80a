package com.carerelay.delivery.config;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Writes a whole batch of rows with ONE statement: each column goes as an array and the SQL unnests
 * them ({@code insert ... select ... from unnest(?, ?, ...)}). PostgreSQL then inserts set-wise,
 * several times faster than a JDBC batch executing the statement once per row, and
 * {@code on conflict do nothing returning id} answers exactly which rows were new.
 */
public final class Unnest {

    /** One column: its PostgreSQL element type and how to read it from a row. */
    public record Column<T>(String type, Function<T, Object> value) {
    }

    private Unnest() {
    }

    public static <T> Column<T> column(String type, Function<T, Object> value) {
        return new Column<>(type, value);
    }

    /** Runs {@code sql} (its parameters are the column arrays, in order) and answers the returned ids. */
    public static <T> List<UUID> returningIds(JdbcTemplate jdbc, String sql, List<T> rows, List<Column<T>> columns) {
        if (rows.isEmpty()) {
            return List.of();
        }
        return jdbc.execute((ConnectionCallback<List<UUID>>) connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                bind(statement, rows, columns);
                List<UUID> ids = new ArrayList<>(rows.size());
                try (ResultSet returned = statement.executeQuery()) {
                    while (returned.next()) {
                        ids.add(returned.getObject(1, UUID.class));
                    }
                }
                return ids;
            }
        });
    }

    /** Runs {@code sql} (its parameters are the column arrays, in order) and answers the rows written. */
    public static <T> int update(JdbcTemplate jdbc, String sql, List<T> rows, List<Column<T>> columns) {
        if (rows.isEmpty()) {
            return 0;
        }
        Integer written = jdbc.execute((ConnectionCallback<Integer>) connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                bind(statement, rows, columns);
                return statement.executeUpdate();
            }
        });
        return written == null ? 0 : written;
    }

    private static <T> void bind(PreparedStatement statement, List<T> rows, List<Column<T>> columns) throws SQLException {
        for (int c = 0; c < columns.size(); c++) {
            Column<T> column = columns.get(c);
            Object[] values = new Object[rows.size()];
            for (int r = 0; r < rows.size(); r++) {
                values[r] = column.value().apply(rows.get(r));
            }
            statement.setArray(c + 1, statement.getConnection().createArrayOf(column.type(), values));
        }
    }
}
