package com.carerelay.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class AttachmentFetchGrantTest {

    final AttachmentFetchGrant grants = new AttachmentFetchGrant(Base64.getEncoder().encodeToString(new byte[32]));
    final AttachmentFetchGrant.Scope scope = new AttachmentFetchGrant.Scope(UUID.randomUUID(), UUID.randomUUID(),
            UUID.randomUUID());
    final Instant now = Instant.now();

    @Test
    void allowsExactlyTheScopeItWasIssuedForUntilItExpires() {
        String grant = grants.issue(scope, now.plusSeconds(60));

        assertThat(grants.verify(grant, now)).contains(scope);
        assertThat(grants.verify(grant, now.plusSeconds(61))).as("expired").isEmpty();
    }

    @Test
    void refusesATamperedScopeAnotherKeyOrAnOverlongLifetime() {
        String grant = grants.issue(scope, now.plusSeconds(60));
        String otherAttachment = grant.replace(scope.attachmentId().toString(), UUID.randomUUID().toString());
        AttachmentFetchGrant otherKey = new AttachmentFetchGrant(Base64.getEncoder().encodeToString(new byte[32])
                .replace('A', 'B'));

        assertThat(grants.verify(otherAttachment, now)).isEmpty();
        assertThat(otherKey.verify(grant, now)).isEmpty();
        assertThat(grants.verify(grants.issue(scope, now.plus(Duration.ofHours(1))), now)).isEmpty();
        assertThat(grants.verify("v1.not.a.grant", now)).isEmpty();
        assertThat(grants.verify(null, now)).isEmpty();
    }

    @Test
    void refusesAKeyThatIsNot32Bytes() {
        assertThatThrownBy(() -> new AttachmentFetchGrant(Base64.getEncoder().encodeToString(new byte[16])))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
