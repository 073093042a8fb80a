package com.carerelay.audit.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.carerelay.platform.web.ApiException;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CursorTest {

    @Test
    void aCursorRoundTripsItsPositionToTheMicrosecond() {
        AuditQueries.Cursor cursor = new AuditQueries.Cursor(Instant.parse("2026-11-21T10:15:30.123456Z"), 42);
        assertThat(AuditQueries.Cursor.decode(cursor.encode())).isEqualTo(cursor);
        AuditQueries.Cursor beforeEpoch = new AuditQueries.Cursor(Instant.parse("1969-12-31T23:59:59.999999Z"), 7);
        assertThat(AuditQueries.Cursor.decode(beforeEpoch.encode())).isEqualTo(beforeEpoch);
    }

    @Test
    void refusesACursorItDidNotIssueNamingTheField() {
        for (String garbage : new String[]{"bm9wZQ", "!!", "MTp4", ""}) {
            assertThatThrownBy(() -> AuditQueries.Cursor.decode(garbage)).isInstanceOf(ApiException.class)
                    .satisfies(e -> assertThat(((ApiException) e).field()).isEqualTo("cursor"));
        }
    }
}
