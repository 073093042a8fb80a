package com.carerelay.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import com.carerelay.testing.Http;
import com.carerelay.testing.TestTokens;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A signed token from the trusted issuer is not enough: it must be meant for CareRelay's APIs
 * ({@code aud}) and name a practice the directory knows ({@code tenant}, checked against the replica).
 */
class TokenChecksIT extends MessagingIntegrationTest {

    Practice practice;
    UUID dana;

    @BeforeEach
    void givenAPracticeWithAStaffMember() {
        practice = newPractice();
        dana = practice.staff("Dana", "Reyes", true, "message:send");
    }

    @Test
    void aTokenForTheApisAndAKnownPracticeIsAccepted() {
        assertThat(http().get("/api/v1/inbox", practice.token(dana, "message:send")).status()).isEqualTo(200);
    }

    @Test
    void aTokenForAnotherAudienceIsRefused() {
        String elsewhere = TestTokens.token(dana, "staff", practice.id, List.of("message:send"), "billing-api");

        Http.Response response = http().get("/api/v1/inbox", elsewhere);

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.isProblem()).isTrue();
    }

    @Test
    void aTokenWhoseTenantIsNotAKnownPracticeIsRefused() {
        String unknownPractice = TestTokens.staff(dana, UUID.randomUUID(), "message:send");

        Http.Response response = http().get("/api/v1/inbox", unknownPractice);

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.isProblem()).isTrue();
    }
}
