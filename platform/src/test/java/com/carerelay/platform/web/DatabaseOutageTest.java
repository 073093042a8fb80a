package com.carerelay.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.transaction.TransactionSystemException;

/** Which failures are the database going away (503, retried) and which are not (a bug or bad data). */
class DatabaseOutageTest {

    @Test
    void aRollbackOnAConnectionThePoolAlreadyClosedIsAnOutage() {
        // what a send saw when PostgreSQL was killed mid-transaction (fault harness): the insert failed, then the rollback
        RuntimeException rollback = new org.springframework.dao.InvalidDataAccessResourceUsageException(
                "Unable to rollback against JDBC Connection", new SQLException("Connection is closed"));
        assertThat(DatabaseOutage.causedBy(rollback)).isTrue();
    }

    @Test
    void aRollbackFailureCarryingAnOutageAsItsApplicationExceptionIsAnOutage() {
        TransactionSystemException rollback = new TransactionSystemException("Could not roll back");
        rollback.initApplicationException(new org.springframework.dao.DataAccessResourceFailureException("Connection reset"));
        assertThat(DatabaseOutage.causedBy(rollback)).isTrue();
    }

    @Test
    void badDataAndBugsAreNotOutages() {
        assertThat(DatabaseOutage.causedBy(new DataIntegrityViolationException("duplicate key"))).isFalse();
        assertThat(DatabaseOutage.causedBy(new IllegalStateException("bug"))).isFalse();
        assertThat(DatabaseOutage.causedBy(new SQLException("syntax error", "42601"))).isFalse();
    }
}
