package com.carerelay.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;

/**
 * PostgreSQL's DETAIL line echoes the refused row ("Failing row contains (...)"); the shared defaults
 * turn it off in the driver, so no exception message (hence no log line, dead-letter reason or
 * problem detail) carries a row's data.
 */
class DatabaseErrorDetailIT extends MessagingIntegrationTest {

    @Test
    void aRowTheDatabaseRefusesIsNotEchoedInTheError() {
        Throwable refused = catchThrowable(() -> jdbc.update(
                "insert into practice (id, name, portal_messaging_enabled) values (?, ?, null)",
                UUID.randomUUID(), "Jordan Avery PHI-SENTINEL"));

        assertThat(refused).isInstanceOf(DataIntegrityViolationException.class);
        for (Throwable cause = refused; cause != null; cause = cause.getCause()) {
            assertThat(String.valueOf(cause.getMessage())).doesNotContain("PHI-SENTINEL").doesNotContain("Failing row");
        }
    }
}
