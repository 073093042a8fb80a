package com.carerelay.audit.export;

import com.carerelay.audit.log.StoredEntry;
import com.carerelay.audit.query.EntryFilter;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Reads one subject's entries oldest first with a server-side cursor (rows are fetched in chunks
 * inside a read-only transaction), so an export of any size streams in constant memory.
 */
@Component
public class EntryStream {

    /** Receives entries one by one. */
    @FunctionalInterface
    public interface Sink {
        void accept(StoredEntry entry) throws Exception;
    }

    private final JdbcTemplate streaming;
    private final TransactionTemplate readOnly;

    public EntryStream(DataSource dataSource, PlatformTransactionManager transactions) {
        this.streaming = new JdbcTemplate(dataSource);
        this.streaming.setFetchSize(1000);
        this.readOnly = new TransactionTemplate(transactions);
        this.readOnly.setReadOnly(true);
    }

    public void forEach(UUID practiceId, String subjectKind, UUID subjectId, EntryFilter filter, Sink sink) {
        StringBuilder sql = new StringBuilder("select " + StoredEntry.COLUMNS
                + " from audit_entry where practice_id = ? and subject_id = ? and subject_kind = ?");
        List<Object> args = new ArrayList<>(List.of(practiceId, subjectId, subjectKind));
        filter.appendTo(sql, args);
        sql.append(" order by occurred_at, id");
        readOnly.executeWithoutResult(status -> streaming.query(sql.toString(), row -> {
            try {
                sink.accept(StoredEntry.from(row));
            } catch (RuntimeException | java.sql.SQLException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException("export stopped: " + e.getMessage(), e);
            }
        }, args.toArray()));
    }
}
