package db.migration.directory;

import com.carerelay.directory.recipient.RecipientIndex;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Fills {@code recipient_index} for the directory that existed before it (V1 data), with the same
 * normalization the services use on every later change; that normalization is Java code, hence a Java
 * migration.
 */
public class V3__Backfill_recipient_index extends BaseJavaMigration {

    @Override
    public void migrate(Context context) throws Exception {
        Connection connection = context.getConnection();
        List<RecipientIndex.Entry> entries = new ArrayList<>();
        try (Statement statement = connection.createStatement()) {
            try (ResultSet row = statement.executeQuery(
                    "select id, practice_id, first_name, last_name, email from staff where active")) {
                while (row.next()) {
                    entries.add(RecipientIndex.Entry.staff(row.getObject(1, UUID.class), row.getObject(2, UUID.class),
                            row.getString(3), row.getString(4), row.getString(5)));
                }
            }
            try (ResultSet row = statement.executeQuery("""
                    select g.id, g.practice_id, g.name,
                           (select count(*) from staff_group_member m join staff s on s.id = m.staff_id
                             where m.group_id = g.id and s.active)
                      from staff_group g""")) {
                while (row.next()) {
                    entries.add(RecipientIndex.Entry.group(row.getObject(1, UUID.class), row.getObject(2, UUID.class),
                            row.getString(3), row.getInt(4)));
                }
            }
            try (ResultSet row = statement.executeQuery("""
                    select id, practice_id, first_name, last_name, preferred_name, email from client
                     where portal_status in ('invited', 'active')""")) {
                while (row.next()) {
                    entries.add(RecipientIndex.Entry.client(row.getObject(1, UUID.class), row.getObject(2, UUID.class),
                            row.getString(3), row.getString(4), row.getString(5), row.getString(6)));
                }
            }
        }
        try (PreparedStatement insert = connection.prepareStatement(RecipientIndex.INSERT)) {
            for (RecipientIndex.Entry entry : entries) {
                for (Object[] values : entry.rows()) {
                    for (int i = 0; i < values.length; i++) {
                        insert.setObject(i + 1, values[i]);
                    }
                    insert.addBatch();
                }
            }
            insert.executeBatch();
        }
    }
}
