package com.carerelay.delivery.directory;

import com.carerelay.events.Seal;
import com.carerelay.events.DirectoryChanged;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Arrays;
import java.util.UUID;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Flyway migration 3 (a Spring bean, so it gets the transit key): the replica kept practices' webhook
 * signing secrets in clear ({@code webhook_secrets}); they move, sealed with {@link Seal} as
 * directory-service now publishes them, to {@code webhook_secrets_sealed}, and the clear column is dropped.
 */
@Component
public class SealReplicaWebhookSecrets implements JavaMigration {

    private final Seal seal;

    public SealReplicaWebhookSecrets(@Value("${carerelay.credentials.key}") String credentialsKey) {
        this.seal = new Seal(credentialsKey);
    }

    @Override
    public MigrationVersion getVersion() {
        return MigrationVersion.fromVersion("3");
    }

    @Override
    public String getDescription() {
        return "seal replica webhook secrets";
    }

    @Override
    public Integer getChecksum() {
        return null;
    }

    @Override
    public boolean canExecuteInTransaction() {
        return true;
    }

    @Override
    public void migrate(Context context) throws Exception {
        Connection connection = context.getConnection();
        try (Statement statement = connection.createStatement()) {
            statement.execute("alter table practice add column webhook_secrets_sealed text[] not null default '{}'");
        }
        try (Statement select = connection.createStatement();
             ResultSet rows = select.executeQuery("select id, webhook_secrets from practice where cardinality(webhook_secrets) > 0");
             PreparedStatement update = connection.prepareStatement(
                     "update practice set webhook_secrets_sealed = ? where id = ?")) {
            while (rows.next()) {
                UUID id = rows.getObject("id", UUID.class);
                String binding = DirectoryChanged.Practice.webhookSecretBinding(id);
                Object[] sealed = Arrays.stream((String[]) rows.getArray("webhook_secrets").getArray())
                        .map(secret -> seal.seal(secret, binding)).toArray();
                Array array = connection.createArrayOf("text", sealed);
                update.setArray(1, array);
                update.setObject(2, id);
                update.executeUpdate();
            }
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute("alter table practice drop column webhook_secrets");
        }
    }
}
