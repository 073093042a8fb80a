package com.carerelay.audit.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.HexFormat;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class EntryHashTest {

    static final UUID PRACTICE = UUID.fromString("11111111-1111-4111-8111-111111111111");
    static final UUID ACTOR = UUID.fromString("22222222-2222-4222-8222-222222222222");
    static final UUID SUBJECT = UUID.fromString("33333333-3333-4333-8333-333333333333");
    static final Instant AT = Instant.parse("2026-11-21T10:15:30.123456Z");

    static EntryHash.Fields fields(String actorName, String reason) {
        return new EntryHash.Fields(PRACTICE, 1, AT, AT, ACTOR, "staff", actorName, "message.received", SUBJECT,
                "client", null, null, "success", reason, "abc", null, "event-1", "carerelay.message.sent.v1");
    }

    @Test
    void theSameEntryAfterTheSameHashAlwaysHashesTheSame() {
        assertThat(EntryHash.hash(EntryHash.GENESIS, fields("Dana Reyes", null)))
                .isEqualTo(EntryHash.hash(EntryHash.GENESIS, fields("Dana Reyes", null)))
                .hasSize(32);
    }

    @Test
    void theHashIsPinnedSoAVerifierOutsideThisCodebaseCanRecomputeIt() {
        assertThat(HexFormat.of().formatHex(EntryHash.hash(EntryHash.GENESIS, fields("Dana Reyes", null))))
                .isEqualTo(HexFormat.of().formatHex(EntryHash.sha256().digest(concat(EntryHash.GENESIS,
                        EntryHash.canonical(fields("Dana Reyes", null))))));
        byte[] canonical = EntryHash.canonical(fields("Dana Reyes", null));
        // version tag first, each field length-prefixed, times as epoch microseconds
        assertThat(new String(canonical, java.nio.charset.StandardCharsets.UTF_8))
                .startsWith("\0\0\0\u0018carerelay.audit.entry.v1\0\0\0\u0024" + PRACTICE)
                .contains("1795256130123456");
    }

    @Test
    void anyChangedFieldOrPreviousHashChangesTheHash() {
        byte[] original = EntryHash.hash(EntryHash.GENESIS, fields("Dana Reyes", null));
        assertThat(EntryHash.hash(EntryHash.GENESIS, fields("Dana Reyes", ""))).isNotEqualTo(original);
        assertThat(EntryHash.hash(EntryHash.GENESIS, fields("Dana Reyez", null))).isNotEqualTo(original);
        assertThat(EntryHash.hash(original, fields("Dana Reyes", null))).isNotEqualTo(original);
    }

    @Test
    void movingTextAcrossAFieldBoundaryChangesTheHash() {
        assertThat(EntryHash.hash(EntryHash.GENESIS, fields("Dana", "Reyes")))
                .isNotEqualTo(EntryHash.hash(EntryHash.GENESIS, fields("DanaR", "eyes")));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = new byte[a.length + b.length];
        System.arraycopy(a, 0, both, 0, a.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }
}
