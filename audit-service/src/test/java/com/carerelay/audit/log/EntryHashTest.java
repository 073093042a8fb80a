package com.carerelay.audit.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class EntryHashTest {

    static final UUID PRACTICE = UUID.fromString("11111111-1111-4111-8111-111111111111");
    static final UUID ACTOR = UUID.fromString("22222222-2222-4222-8222-222222222222");
    static final UUID SUBJECT = UUID.fromString("33333333-3333-4333-8333-333333333333");
    static final UUID MESSAGE = UUID.fromString("44444444-4444-4444-8444-444444444444");
    static final Instant AT = Instant.parse("2026-11-21T10:15:30.123456Z");

    static EntryHash.Fields fields(String actorName, String reason) {
        return fields(actorName, reason, "clinician", EntryHash.CURRENT_VERSION);
    }

    static EntryHash.Fields fields(String actorName, String reason, String actorRole, int version) {
        return new EntryHash.Fields(PRACTICE, 1, AT, AT, ACTOR, "staff", actorName, actorRole, "message.received", SUBJECT,
                "client", null, null, "success", reason, "abc", null, "event-1", "carerelay.message.sent.v1", version);
    }

    /** Every version 1 field set, as entries written before actor roles were recorded hold them. */
    static EntryHash.Fields version1() {
        return new EntryHash.Fields(PRACTICE, 1, AT, AT, ACTOR, "staff", "Dana Reyes", null, "message.received", SUBJECT,
                "client", MESSAGE, "email", "success", null, "abc", "viaGroup=x", "event-1", "carerelay.message.sent.v1", 1);
    }

    @Test
    void newEntriesAreHashedInVersion2() {
        assertThat(EntryHash.CURRENT_VERSION).isEqualTo(2);
    }

    @Test
    void theSameEntryAfterTheSameHashAlwaysHashesTheSame() {
        assertThat(EntryHash.hash(EntryHash.GENESIS, fields("Dana Reyes", null)))
                .isEqualTo(EntryHash.hash(EntryHash.GENESIS, fields("Dana Reyes", null)))
                .hasSize(32);
    }

    @Test
    void version1IsByteForByteWhatItWasBeforeActorRoles() {
        // computed with EntryHash as it was before issue #6 (only the v1 form existed), for these exact fields
        assertThat(HexFormat.of().formatHex(EntryHash.hash(EntryHash.GENESIS, version1())))
                .isEqualTo("9baa4844e327cb857af873254f0b2bd1bfa2baaecc703e726f5ac2b85ed166c7");
        assertThat(HexFormat.of().formatHex(EntryHash.canonical(version1()))).isEqualTo(
                "000000186361726572656c61792e61756469742e656e7472792e76310000002431313131313131312d313131312d3431"
                + "31312d383131312d3131313131313131313131310000000131000000103137393532353631333031323334353600000010"
                + "313739353235363133303132333435360000002432323232323232322d323232322d343232322d383232322d3232323232"
                + "323232323232320000000573746166660000000a44616e61205265796573000000106d6573736167652e72656365697665"
                + "640000002433333333333333332d333333332d343333332d383333332d33333333333333333333333300000006636c6965"
                + "6e740000002434343434343434342d343434342d343434342d383434342d34343434343434343434343400000005656d61"
                + "696c0000000773756363657373ffffffff000000036162630000000a76696147726f75703d78000000076576656e742d31"
                + "000000196361726572656c61792e6d6573736167652e73656e742e7631");
    }

    @Test
    void version2IsTheVersion1FieldsUnderItsOwnTagWithTheActorRoleLast() {
        EntryHash.Fields v1 = version1();
        EntryHash.Fields v2 = new EntryHash.Fields(v1.practiceId(), v1.chainSeq(), v1.occurredAt(), v1.recordedAt(),
                v1.actorId(), v1.actorKind(), v1.actorName(), "admin,clinician", v1.action(), v1.subjectId(),
                v1.subjectKind(), v1.messageId(), v1.channel(), v1.outcome(), v1.reason(), v1.contentSha256(),
                v1.detail(), v1.eventId(), v1.eventType(), 2);
        byte[] one = EntryHash.canonical(v1);
        byte[] two = EntryHash.canonical(v2);
        String tag1 = "\0\0\0\u0018carerelay.audit.entry.v1";
        String tag2 = "\0\0\0\u0018carerelay.audit.entry.v2";
        assertThat(new String(two, StandardCharsets.UTF_8)).isEqualTo(tag2
                + new String(one, StandardCharsets.UTF_8).substring(tag1.length()) + "\0\0\0\u000fadmin,clinician");
        // a null role is written as length -1
        EntryHash.Fields noRole = fields("Dana Reyes", null, null, 2);
        byte[] form = EntryHash.canonical(noRole);
        assertThat(Arrays.copyOfRange(form, form.length - 4, form.length)).containsExactly(0xff, 0xff, 0xff, 0xff);
    }

    @Test
    void theHashIsPinnedSoAVerifierOutsideThisCodebaseCanRecomputeIt() {
        assertThat(HexFormat.of().formatHex(EntryHash.hash(EntryHash.GENESIS, fields("Dana Reyes", null))))
                .isEqualTo(HexFormat.of().formatHex(EntryHash.sha256().digest(concat(EntryHash.GENESIS,
                        EntryHash.canonical(fields("Dana Reyes", null))))));
        byte[] canonical = EntryHash.canonical(fields("Dana Reyes", null));
        // version tag first, each field length-prefixed, times as epoch microseconds
        assertThat(new String(canonical, StandardCharsets.UTF_8))
                .startsWith("\0\0\0\u0018carerelay.audit.entry.v2\0\0\0\u0024" + PRACTICE)
                .contains("1795256130123456")
                .endsWith("\0\0\0\u0009clinician");
    }

    @Test
    void anyChangedFieldOrPreviousHashChangesTheHash() {
        byte[] original = EntryHash.hash(EntryHash.GENESIS, fields("Dana Reyes", null));
        assertThat(EntryHash.hash(EntryHash.GENESIS, fields("Dana Reyes", ""))).isNotEqualTo(original);
        assertThat(EntryHash.hash(EntryHash.GENESIS, fields("Dana Reyez", null))).isNotEqualTo(original);
        assertThat(EntryHash.hash(original, fields("Dana Reyes", null))).isNotEqualTo(original);
        assertThat(EntryHash.hash(EntryHash.GENESIS, fields("Dana Reyes", null, "admin", 2))).isNotEqualTo(original);
        assertThat(EntryHash.hash(EntryHash.GENESIS, fields("Dana Reyes", null, null, 2))).isNotEqualTo(original);
    }

    @Test
    void changingTheVersionChangesTheHashAndUnhashableRowsAreRefused() {
        byte[] v2 = EntryHash.hash(EntryHash.GENESIS, fields("Dana Reyes", null, null, 2));
        assertThat(EntryHash.hash(EntryHash.GENESIS, fields("Dana Reyes", null, null, 1))).isNotEqualTo(v2);
        // a role set on a version 1 row is not covered by that form: refused rather than ignored
        assertThatThrownBy(() -> EntryHash.hash(EntryHash.GENESIS, fields("Dana Reyes", null, "admin", 1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EntryHash.hash(EntryHash.GENESIS, fields("Dana Reyes", null, "admin", 3)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void movingTextAcrossAFieldBoundaryChangesTheHash() {
        assertThat(EntryHash.hash(EntryHash.GENESIS, fields("Dana", "Reyes")))
                .isEqualTo(EntryHash.hash(EntryHash.GENESIS, fields("Dana", "Reyes")))
                .isNotEqualTo(EntryHash.hash(EntryHash.GENESIS, fields("DanaR", "eyes")));
        assertThat(EntryHash.hash(EntryHash.GENESIS, fields("Dana", null, "Reyes", 2)))
                .isNotEqualTo(EntryHash.hash(EntryHash.GENESIS, fields("DanaR", null, "eyes", 2)));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = new byte[a.length + b.length];
        System.arraycopy(a, 0, both, 0, a.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }
}
